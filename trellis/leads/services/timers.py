"""Lead timers: what the scheduled sweeps in tasks.py do to one offer or lead (each idempotent)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from trellis.accounts.selectors import partner_recipients
from trellis.core import events
from trellis.core.actor import SYSTEM
from trellis.core.notifications import notify

from ..choices import WORKING, LeadStatus, OfferStatus
from ..models import Lead, LeadOffer
from .lifecycle import lock_lead, pull_back, route_lead, routing_rules


def offer_lapse(*, offer: LeadOffer) -> bool:
    """An offer nobody answered in time: it lapses, and the lead moves on when no offer is left."""
    with transaction.atomic():
        lead = lock_lead(offer.lead)
        offer = LeadOffer.objects.select_for_update().get(pk=offer.pk)
        if offer.status != OfferStatus.OPEN or offer.expires_at > timezone.now():
            return False
        offer.status = OfferStatus.LAPSED
        offer.save(update_fields=["status"])
        events.record(SYSTEM, "lead.offer_lapsed", offer, after={"lead": lead.pk})
        if (
            lead.status == LeadStatus.OFFERED
            and not LeadOffer.objects.filter(lead=lead, status=OfferStatus.OPEN).exists()
        ):
            route_lead(lead, actor=SYSTEM)
    return True


def lead_followup_check(*, lead: Lead) -> str:
    """A worked lead past its update date: remind once, then pull it back after the grace days."""
    with transaction.atomic():
        lead = lock_lead(lead)
        now = timezone.now()
        if lead.status not in WORKING or lead.followup_due_at is None or lead.followup_due_at > now:
            return ""
        rules = routing_rules(lead.program_id)
        if now >= lead.followup_due_at + dt.timedelta(days=rules.pullback_grace_days):
            pull_back(
                lead,
                SYSTEM,
                note=_("No status update for %(d)s days.")
                % {"d": rules.followup_days + rules.pullback_grace_days},
            )
            return "pulled_back"
        if lead.reminded_at is None:
            lead.reminded_at = now
            lead.save(update_fields=["reminded_at", "updated_at"])
            events.record(
                SYSTEM, "lead.followup_reminder", lead, after={"due": lead.followup_due_at}
            )
            assert lead.partner_id is not None
            notify(
                partner_recipients(
                    partner_id=lead.partner_id, roles=("partner_admin", "partner_sales")
                ),
                verb="lead.followup_due",
                partner_id=lead.partner_id,
                url=reverse("portal:lead_detail", args=[lead.pk]),
                render=lambda: (
                    _("Update due: %(customer)s") % {"customer": lead.customer_name},
                    _("Tell us how the lead is going, or it returns to the pool in %(d)s days.")
                    % {"d": rules.pullback_grace_days},
                ),
            )
            return "reminded"
    return ""
