"""The partner's follow-up on a lead it works: progress reports and conversion into a deal
registration."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trellis.core import events
from trellis.core.actor import Actor
from trellis.core.exceptions import Conflict, InvalidInput
from trellis.core.policies import require
from trellis.customers.services import CustomerInput
from trellis.deals.services import DealInput, deal_register
from trellis.partners.selectors import partner_for_actor

from ..choices import WORKING, LeadStatus
from ..models import Lead, LeadActivity
from .lifecycle import lock_lead, routing_rules, transition

STATUS_UPDATES = (LeadStatus.CONTACTED, LeadStatus.WON, LeadStatus.LOST)


def lead_update(*, actor: Actor, lead: Lead, status: str = "", note: str = "") -> Lead:
    """The partner reports progress; any update restarts the follow-up clock."""
    require(actor, "leads.work", lead)
    if status and status not in STATUS_UPDATES:
        raise InvalidInput(_("Report contacted, won or lost."), field="status")
    if not status and not note.strip():
        raise InvalidInput(_("Write what happened."), field="note")
    with transaction.atomic():
        lead = lock_lead(lead)
        if lead.status not in WORKING and lead.status != LeadStatus.CONVERTED:
            raise Conflict(_("Only leads you are working take updates."))
        before = lead.status
        if status == LeadStatus.WON and lead.status != LeadStatus.CONVERTED:
            raise InvalidInput(
                _("Register the deal before reporting the lead won: convert the lead first."),
                field="status",
            )
        if status and status != lead.status:
            transition(lead, status)
        now = timezone.now()
        if lead.status in (LeadStatus.WON, LeadStatus.LOST):
            lead.closed_at, lead.followup_due_at = now, None
        else:
            lead.followup_due_at = now + dt.timedelta(
                days=routing_rules(lead.program_id).followup_days
            )
        lead.reminded_at = None
        lead.save()
        assert lead.partner_id is not None  # a worked lead always has one (database constraint)
        LeadActivity.objects.create(
            lead=lead,
            partner_id=lead.partner_id,
            status=lead.status,
            note=note.strip(),
            by_id=actor.user_id,
        )
        events.record(
            actor,
            "lead.updated",
            lead,
            before={"status": before},
            after={"status": lead.status},
            note=note,
        )
    return lead


def lead_convert(
    *,
    actor: Actor,
    lead: Lead,
    products: list[str] | None = None,
    amount: Any = None,
    currency: str = "",
    expected_close: Any = None,
) -> Lead:
    """Turn a worked lead into a deal registration (vendor-sourced), through the conflict engine."""
    require(actor, "leads.work", lead)
    if lead.status not in WORKING:
        raise Conflict(_("Only leads you are working can be converted."))
    assert lead.partner_id is not None
    skus = products or [line.product.sku for line in lead.lines.select_related("product")]
    data = DealInput(
        customer=CustomerInput(lead.customer_name, lead.customer_domain, lead.country, lead.city),
        products=skus,
        amount=amount if amount not in (None, "") else lead.estimated_amount or "",
        currency=currency or lead.currency,
        expected_close=expected_close or timezone.localdate() + dt.timedelta(days=90),
        sourced=False,
        contact_name=lead.contact_name,
        contact_email=lead.contact_email,
        description=_("From lead #%(id)s (%(source)s). %(notes)s")
        % {"id": lead.pk, "source": lead.get_source_display(), "notes": lead.notes},
        campaign_code=lead.campaign_code,
    )
    deal = deal_register(
        actor=actor, partner=partner_for_actor(actor=actor, partner_id=lead.partner_id), data=data
    )
    with transaction.atomic():
        lead = lock_lead(lead)
        before = lead.status
        transition(lead, LeadStatus.CONVERTED)
        lead.deal, lead.converted_at, lead.followup_due_at = deal, timezone.now(), None
        lead.save()
        events.record(
            actor,
            "lead.converted",
            lead,
            before={"status": before},
            after={"status": lead.status, "deal": deal.pk},
        )
    return lead
