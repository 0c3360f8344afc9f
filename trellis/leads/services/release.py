"""When a partner leaves the program, the leads it works or was offered go back to routing, to a
partner the vendor names, or are held for the channel manager; the vendor chooses for all of
them at once or for each one. Each move is audited with the reason."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from django.db import transaction

from trellis.core import events
from trellis.core.actor import Actor
from trellis.core.policies import require

from .. import policies, reasons  # noqa: F401  (policies registers the rules)
from ..choices import WORKING, LeadStatus, OfferStatus
from ..models import Lead, LeadOffer
from .lifecycle import lead_assign, lock_lead, pull_back, route_lead, transition

HOLD: Literal["hold"] = "hold"  # kept for the channel manager, out of routing
Target = int | Literal["hold"] | None  # a partner, held, or routed afresh (None)
Outcome = Literal["moved", "routed", "held", "shared"]


def leads_release_partner(
    *,
    actor: Actor,
    partner_id: int,
    to: Target,
    note: str,
    held_for: str = "",
    handover: Mapping[int, Target] | None = None,
) -> dict[int, tuple[Outcome, int | None]]:
    """Withdraw the partner's open offers and pull back the leads it works, then send each to
    its target: ``handover`` per lead, else ``to``. A lead still offered to other partners stays
    with them ("shared"); a partner that already had a lead cannot take it again, so that lead
    is routed afresh. Returns each lead's outcome and the partner it went to."""
    handover = handover or {}
    outcome: dict[int, tuple[Outcome, int | None]] = {}
    with transaction.atomic():
        offers = LeadOffer.objects.filter(partner_id=partner_id, status=OfferStatus.OPEN)
        offered = sorted(set(offers.values_list("lead_id", flat=True)))
        offers.update(status=OfferStatus.WITHDRAWN)
        loose: list[Lead] = []
        for lead in Lead.objects.filter(partner_id=partner_id, status__in=WORKING).order_by("pk"):
            require(actor, "leads.route", lead)
            lead = lock_lead(lead)
            pull_back(lead, actor, note=note, route=False)
            loose.append(lead)
        for lead in Lead.objects.filter(pk__in=offered, status=LeadStatus.OFFERED).order_by("pk"):
            require(actor, "leads.route", lead)
            lead = lock_lead(lead)
            if LeadOffer.objects.filter(lead=lead, status=OfferStatus.OPEN).exists():
                outcome[lead.pk] = ("shared", None)
                continue
            transition(lead, LeadStatus.NEW)
            lead.save()
            loose.append(lead)
        for lead in loose:
            outcome[lead.pk] = _send(actor, lead, handover.get(lead.pk, to), note, held_for)
    return outcome


def _send(
    actor: Actor, lead: Lead, target: Target, note: str, held_for: str
) -> tuple[Outcome, int | None]:
    if target == HOLD:
        transition(lead, LeadStatus.UNROUTABLE)
        lead.unroutable_reason = reasons.encode("held", who=held_for or "—")
        lead.save()
        events.record(
            actor, "lead.held", lead, after={"status": lead.status, "for": held_for}, note=note
        )
        return "held", None
    if target is not None and not LeadOffer.objects.filter(lead=lead, partner_id=target).exists():
        lead_assign(actor=actor, lead=lead, partner_id=target, reason=note)
        return "moved", target
    route_lead(lead, actor=actor)
    return "routed", None
