"""Scheduled incentive jobs. Drafts are computed again from the data, so a job delivered
twice changes nothing."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from trellis.core.actor import SYSTEM

from .selectors import plans
from .services import statements_compute


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
