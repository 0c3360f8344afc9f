"""When a partner leaves the program, the leads it holds or was offered go back to routing, or
to a partner the vendor names; each move audited with the reason."""

from __future__ import annotations

from django.db import transaction

from trellis.core.actor import Actor
from trellis.core.policies import require

from .. import policies  # noqa: F401  (registers the rules)
from ..choices import WORKING, LeadStatus, OfferStatus
from ..models import Lead, LeadOffer
from .lifecycle import lead_assign, lock_lead, pull_back, route_lead, transition


def leads_release_partner(
    *, actor: Actor, partner_id: int, to_partner_id: int | None, note: str
) -> int:
    """Withdraw the partner's open offers and pull back the leads it works; each goes to
    ``to_partner_id`` or is routed afresh. Returns how many leads moved."""
    touched: list[int] = []
    with transaction.atomic():
        offered = set(
            LeadOffer.objects.filter(partner_id=partner_id, status=OfferStatus.OPEN).values_list(
                "lead_id", flat=True
            )
        )
        LeadOffer.objects.filter(partner_id=partner_id, status=OfferStatus.OPEN).update(
            status=OfferStatus.WITHDRAWN
        )
        for lead in Lead.objects.filter(partner_id=partner_id, status__in=WORKING):
            require(actor, "leads.route", lead)
            lead = lock_lead(lead)
            pull_back(lead, actor, note=note)
            touched.append(lead.pk)
        for lead in Lead.objects.filter(pk__in=offered, status=LeadStatus.OFFERED):
            require(actor, "leads.route", lead)
            lead = lock_lead(lead)
            if not LeadOffer.objects.filter(lead=lead, status=OfferStatus.OPEN).exists():
                transition(lead, LeadStatus.NEW)
                lead.save()
                route_lead(lead, actor=actor)
            touched.append(lead.pk)
    if to_partner_id is not None:
        for lead in Lead.objects.filter(
            pk__in=touched, status__in=(LeadStatus.NEW, LeadStatus.OFFERED, LeadStatus.UNROUTABLE)
        ):
            if not LeadOffer.objects.filter(lead=lead, partner_id=to_partner_id).exists():
                lead_assign(actor=actor, lead=lead, partner_id=to_partner_id, reason=note)
    return len(touched)
