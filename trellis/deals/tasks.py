"""Scheduled sweeps for deal registrations: SLA reminders and escalation, expiry warnings, expiry.

Each sweep only selects candidates; the service re-checks every condition
under a row lock, so a sweep that runs twice (or in two workers) acts once.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from . import services
from .choices import DealStatus
from .models import DealRegistration, RulesOfEngagement


def sla_sweep() -> dict[str, int]:
    now = timezone.now()
    waiting = DealRegistration.objects.filter(status=DealStatus.SUBMITTED).select_related("partner")
    reminded = sum(
        services.deal_sla_remind(deal=d)
        for d in waiting.filter(
            reminded_at__isnull=True, sla_due_at__lte=now + services.REMIND_BEFORE
        )
    )
    escalated = sum(
        services.deal_sla_escalate(deal=d)
        for d in waiting.filter(escalated_at__isnull=True, sla_due_at__lte=now)
    )
    return {"reminded": reminded, "escalated": escalated}


def expiry_sweep() -> dict[str, int]:
    now = timezone.now()
    approved = DealRegistration.objects.filter(status=DealStatus.APPROVED).select_related("partner")
    longest = max(
        RulesOfEngagement.objects.values_list("expiry_warning_days", flat=True), default=14
    )
    warned = sum(
        services.deal_warn_expiry(deal=d)
        for d in approved.filter(
            expiry_warned_at__isnull=True, protected_until__lte=now + dt.timedelta(days=longest)
        )
    )
    expired = sum(services.deal_expire(deal=d) for d in approved.filter(protected_until__lte=now))
    return {"warned": warned, "expired": expired}


def tell_partner(deal_id: int, verb: str, title: str, body: str, key: str) -> int:
    """Deliver one registration event to the partner's people (retried jobs notify nobody twice)."""
    return services.tell_partner_now(deal_id=deal_id, verb=verb, title=title, body=body, key=key)


def tell_co_seller(deal_id: int, partner_id: int, key: str) -> int:
    """Tell a named partner it was asked to co-sell (queued with the registration)."""
    return services.tell_co_seller_now(deal_id=deal_id, partner_id=partner_id, key=key)
