"""Scheduled incentive jobs. Drafts are computed again from the data, so a job delivered
twice changes nothing."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from trellis.core.actor import SYSTEM

from .selectors import plans
from .services import statements_approve, statements_compute


def statements_daily_sweep(today: dt.date | None = None) -> dict[str, int]:
    """Draft this month's statements again, and last month's until finance approves them (a
    deal won late on the last day, a usage file arriving in the first days of the month)."""
    today = today or timezone.localdate()
    last_month = today.replace(day=1) - dt.timedelta(days=1)
    written = 0
    for plan in plans():
        for day in (last_month, today):
            written += statements_compute(actor=SYSTEM, plan=plan, period=f"{day:%Y-%m}")
    return {"statements": written}


def month_approve(user_id: int, period: str) -> dict[str, int]:
    """Approve every draft of ``period`` as the finance user who asked (each audited under
    their name); drafts approved already are skipped, so a job delivered twice is harmless."""
    from trellis.accounts.actors import actor_for_user
    from trellis.accounts.selectors import user_find

    user = user_find(user_id=user_id)
    if user is None or not user.is_active:
        return {"approved": 0}
    actor = actor_for_user(user)
    return {
        "approved": sum(
            statements_approve(actor=actor, plan_id=plan.pk, period=period) for plan in plans()
        )
    }
