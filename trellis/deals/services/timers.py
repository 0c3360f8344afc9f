"""SLA and protection timers: what the scheduled sweeps in tasks.py do to one registration (each
idempotent)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from trellis.accounts.selectors import staff_recipients
from trellis.core import events
from trellis.core.actor import SYSTEM
from trellis.core.event_changes import moment
from trellis.core.notifications import notify

from ..choices import DealStatus
from ..models import DealRegistration
from . import lifecycle

REMIND_BEFORE = dt.timedelta(hours=4)


def deal_sla_remind(*, deal: DealRegistration) -> bool:
    """Remind the partner's channel manager that a decision is due soon (once)."""
    with transaction.atomic():
        deal = lifecycle.lock(deal)
        if deal.status != DealStatus.SUBMITTED or deal.reminded_at or not deal.sla_due_at:
            return False
        if deal.sla_due_at - timezone.now() > REMIND_BEFORE:
            return False
        deal.reminded_at = timezone.now()
        deal.save(update_fields=["reminded_at", "updated_at"])
        events.record(SYSTEM, "deal.sla_reminder", deal, after={"sla_due_at": deal.sla_due_at})
        manager = deal.partner.channel_manager_id
        notify(
            staff_recipients(user_ids=[manager], roles=() if manager else ("partner_ops",)),
            verb="deal.sla_reminder",
            partner_id=None,
            url=reverse("console:deal_detail", args=[deal.pk]),
            render=lambda: (
                _("Decision due soon: %(customer)s") % {"customer": deal.customer_name},
                _("The registration from %(partner)s is due by %(due)s.")
                % {
                    "partner": deal.partner.name,
                    "due": moment(deal.sla_due_at),  # type: ignore[arg-type]
                },
            ),
        )
    return True


def deal_sla_escalate(*, deal: DealRegistration) -> bool:
    """The SLA passed without a decision: tell partner operations (once) and record the breach."""
    with transaction.atomic():
        deal = lifecycle.lock(deal)
        if deal.status != DealStatus.SUBMITTED or deal.escalated_at or not deal.sla_due_at:
            return False
        if deal.sla_due_at > timezone.now():
            return False
        deal.escalated_at = timezone.now()
        deal.save(update_fields=["escalated_at", "updated_at"])
        events.record(SYSTEM, "deal.sla_breached", deal, after={"sla_due_at": deal.sla_due_at})
        notify(
            staff_recipients(user_ids=[deal.partner.channel_manager_id], roles=("partner_ops",)),
            verb="deal.sla_breached",
            partner_id=None,
            url=reverse("console:deal_detail", args=[deal.pk]),
            render=lambda: (
                _("SLA breached: %(customer)s") % {"customer": deal.customer_name},
                _("The registration from %(partner)s has waited past its decision time.")
                % {"partner": deal.partner.name},
            ),
        )
    return True


def deal_warn_expiry(*, deal: DealRegistration) -> bool:
    """Tell the partner protection ends soon (once per protection period)."""
    with transaction.atomic():
        deal = lifecycle.lock(deal)
        rules = lifecycle.rules_for(deal.program_id)
        if (
            deal.status != DealStatus.APPROVED
            or deal.expiry_warned_at
            or deal.protected_until is None
        ):
            return False
        if deal.protected_until - timezone.now() > dt.timedelta(days=rules.expiry_warning_days):
            return False
        deal.expiry_warned_at = timezone.now()
        deal.save(update_fields=["expiry_warned_at", "updated_at"])
        events.record(
            SYSTEM, "deal.expiry_warning", deal, after={"protected_until": deal.protected_until}
        )
        lifecycle.tell_partner(deal, lifecycle.EXPIRY_WARNING)
    return True
