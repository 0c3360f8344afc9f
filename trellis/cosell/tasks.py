"""Scheduled work for co-selling: remind owners of next steps that are due.

The sweep only selects candidates; the service re-checks under its update
and remembers the day, so a sweep that runs twice (or in two workers) reminds once.
"""

from __future__ import annotations

from django.utils import timezone

from . import services
from .choices import LIVE_STATUSES
from .models import CoSellStep


def step_sweep() -> dict[str, int]:
    today = timezone.localdate()
    due = (
        CoSellStep.objects.filter(
            done_at__isnull=True, due_on__lte=today, cosell__status__in=LIVE_STATUSES
        )
        .exclude(reminded_on=today)
        .select_related("cosell")
    )
    return {"reminded": sum(services.cosell_remind_step(step=s, today=today) for s in due)}


def process_account_list(upload_id: int) -> None:
    """A large account list, compared and stored by a worker (idempotent: a repeat finds it
    done)."""
    services.account_list_process(upload_id=upload_id)


def refine_overlap(partner_id: int, first_account_id: int) -> int:
    """The customers matcher's second look at a stored list's unmatched accounts (idempotent)."""
    return services.overlap_refine(partner_id=partner_id, first_account_id=first_account_id)
