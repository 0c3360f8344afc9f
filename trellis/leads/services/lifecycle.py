"""Writes about leads: receive, route, offer, accept, decline, update, convert, pull back.

Every state change goes through ``transition`` (choices.TRANSITIONS), is
audited in its transaction, and tells whoever must act next. Routing stores
its explanation with every decision, automatic or not.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from trellis.accounts.selectors import partner_recipients, staff_recipients
from trellis.core import events, places
from trellis.core.actor import SYSTEM, Actor
from trellis.core.exceptions import Conflict, InvalidInput, InvalidTransition
from trellis.core.notifications import notify
from trellis.core.policies import require
from trellis.deals.services import campaign_code_of
from trellis.partners.selectors import partner_for_actor

from .. import policies, reasons  # noqa: F401  (policies registers the rules)
from ..choices import (
    TRANSITIONS,
    WORKING,
    DeclineReason,
    DistributionMode,
    LeadStatus,
    OfferStatus,
)
from ..engine.facts import Decision
from ..engine.routing import route
from ..models import (
    Lead,
    LeadOffer,
    LeadProduct,
    RoutingDecision,
    RoutingRules,
)
from ..selectors import lead_facts, routing_pool
from ..validation import LeadInput, clean_lead, program_for


def routing_rules(program_id: int) -> RoutingRules:
    rules, _created = RoutingRules.objects.get_or_create(program_id=program_id)
    return rules


def lead_receive(*, actor: Actor, data: LeadInput, route: bool = True) -> Lead:
    """Take a lead in and route it at once (routing is fast; the decision is stored with it).

    ``route=False`` leaves it new for the caller to route with others (``batch.route_leads``).
    """
    require(actor, "leads.receive", None)
    amount, products = clean_lead(data)
    program_id = program_for(data)
    country = data.country.strip().upper()
    point = (
        (data.latitude, data.longitude)
        if data.latitude is not None
        else places.coordinates(country, data.city)
    )
    with transaction.atomic():
        lead = Lead.objects.create(
            program_id=program_id,
            customer_name=data.customer_name.strip()[:250],
            customer_domain=data.customer_domain.strip().lower()[:253],
            country=country,
            latitude=point[0] if point else None,
            longitude=point[1] if point else None,
            city=data.city.strip()[:120],
            postal_code=data.postal_code.strip().upper()[:16],
            contact_name=data.contact_name.strip()[:150],
            contact_email=data.contact_email.strip().lower(),
            contact_phone=data.contact_phone.strip()[:40],
            estimated_amount=amount,
            currency=data.currency,
            source=data.source,
            notes=data.notes.strip(),
            campaign_code=campaign_code_of(data.campaign_code, field="campaign_code"),
            created_by_id=actor.user_id,
        )
        LeadProduct.objects.bulk_create(
            LeadProduct(lead=lead, product=p, family_id=p.family_id) for p in products
        )
        events.record(
            actor,
            "lead.received",
            lead,
            after={"customer": lead.customer_name, "country": lead.country, "source": lead.source},
        )
        if route:
            route_lead(lead, actor=SYSTEM)
    return lead


def transition(lead: Lead, target: str) -> None:
    if target not in TRANSITIONS[lead.status]:
        raise InvalidTransition(lead.get_status_display(), str(LeadStatus(target).label))
    lead.status = target


def lock_lead(lead: Lead) -> Lead:
    return Lead.objects.select_for_update().get(pk=lead.pk)


def why_unroutable(decision: Decision) -> str:
    """Why no partner qualifies for a decision, in the active language."""
    return reasons.words(reasons.unroutable(decision.excluded))


class RoutingPlan(NamedTuple):
    """What a routing decision means under the program's distribution mode, before anything is
    written.

    A tuple rather than a frozen dataclass: a routing run makes one per lead, thousands a second.
    """

    kind: str  # unroutable, for_review (a person picks), assigned, offered
    status: str  # the lead's next status
    chosen: list[int]  # the partners assigned or offered, best first
    summary: str  # the decision in words (for an unroutable lead, why)


def plan_routing(decision: Decision, rules: RoutingRules) -> RoutingPlan:
    """The one place that turns a ranking into an outcome, for one lead (``route_lead``) and for a
    batch. The summary is stored as a code with its figures (``reasons``)."""
    if decision.best is None:
        return RoutingPlan(
            "unroutable",
            str(LeadStatus.UNROUTABLE.value),
            [],
            reasons.unroutable(decision.excluded),
        )
    if rules.mode == DistributionMode.MANUAL:
        return RoutingPlan(
            "for_review",
            str(LeadStatus.NEW.value),
            [],
            reasons.encode("for_review", n=len(decision.ranked)),
        )
    if rules.mode == DistributionMode.AUTO:
        best = decision.best
        return RoutingPlan(
            "assigned",
            str(LeadStatus.ACCEPTED.value),
            [best.partner_id],
            reasons.encode("assigned", s=best.score),
        )
    count = rules.offer_count if rules.mode == DistributionMode.OFFER_MANY else 1
    chosen = [c.partner_id for c in decision.ranked[:count]]
    return RoutingPlan(
        "offered",
        str(LeadStatus.OFFERED.value),
        chosen,
        reasons.encode("offered_one", h=rules.acceptance_hours)
        if len(chosen) == 1
        else reasons.encode("offered_many", n=len(chosen), h=rules.acceptance_hours),
    )


def route_lead(lead: Lead, *, actor: Actor) -> RoutingDecision:
    """Rank the partners for ``lead`` and act on the program's distribution mode."""
    rules = routing_rules(lead.program_id)
    pool = routing_pool(lead.program_id)
    facts = lead_facts(lead, allowed_types=list(rules.allowed_types))
    decision = route(pool, facts, rules.weights(), limit=max(10, rules.offer_count))
    before = lead.status
    now = timezone.now()
    plan = plan_routing(decision, rules)
    chosen, summary = plan.chosen, plan.summary
    if plan.kind == "unroutable":
        transition(lead, LeadStatus.UNROUTABLE)
        lead.unroutable_reason = summary
    elif plan.kind == "for_review":
        transition(lead, LeadStatus.NEW)
    elif plan.kind == "assigned":
        LeadOffer.objects.create(
            lead=lead,
            partner_id=chosen[0],
            status=OfferStatus.ACCEPTED,
            expires_at=now,
            answered_at=now,
        )
        _assign(lead, chosen[0], rules, now)
    else:
        _offer(lead, chosen, rules, now)
    lead.save()
    record = RoutingDecision.objects.create(
        lead=lead,
        mode=rules.mode,
        automatic=True,
        chosen=chosen,
        explanation=decision.explanation(),
        summary=summary,
    )
    events.record(
        actor,
        "lead.routed",
        lead,
        before={"status": before},
        after={"status": lead.status, "chosen": chosen},
        note=summary,
    )
    _tell(
        lead, chosen, unroutable=decision.best is None, manual=rules.mode == DistributionMode.MANUAL
    )
    return record


def _assign(lead: Lead, partner_id: int, rules: RoutingRules, now: dt.datetime) -> None:
    transition(lead, LeadStatus.ACCEPTED)
    lead.partner_id = partner_id
    lead.assigned_at = now
    lead.followup_due_at = now + dt.timedelta(days=rules.followup_days)
    lead.reminded_at = None
    lead.unroutable_reason = ""


def _offer(lead: Lead, partner_ids: list[int], rules: RoutingRules, now: dt.datetime) -> None:
    transition(lead, LeadStatus.OFFERED)
    lead.partner_id = None
    lead.assigned_at = lead.followup_due_at = None
    lead.unroutable_reason = ""
    expires = now + dt.timedelta(hours=rules.acceptance_hours)
    LeadOffer.objects.bulk_create(
        LeadOffer(lead=lead, partner_id=pid, rank=i + 1, expires_at=expires)
        for i, pid in enumerate(partner_ids)
    )


def _tell(lead: Lead, partner_ids: list[int], *, unroutable: bool, manual: bool) -> None:
    for pid in partner_ids:
        notify(
            partner_recipients(partner_id=pid, roles=("partner_admin", "partner_sales")),
            verb="lead.offered",
            partner_id=pid,
            url=reverse("portal:lead_detail", args=[lead.pk]),
            render=lambda: (
                _("New lead: %(customer)s") % {"customer": lead.customer_name},
                _(
                    "A lead in %(city)s%(country)s is waiting for you. Accept or decline "
                    "it in the portal."
                )
                % {"city": f"{lead.city}, " if lead.city else "", "country": lead.country},
            ),
        )
    if unroutable or manual:
        notify(
            staff_recipients(roles=("channel_manager", "partner_ops")),
            verb="lead.needs_decision",
            partner_id=None,
            url=reverse("console:lead_detail", args=[lead.pk]),
            render=lambda: (
                _("Lead needs a decision: %(customer)s") % {"customer": lead.customer_name},
                reasons.words(lead.unroutable_reason) or _("Pick a partner from the ranked list."),
            ),
        )


def lead_accept(*, actor: Actor, offer: LeadOffer) -> Lead:
    """The partner takes the lead. With several offers out, the first acceptance wins."""
    require(actor, "leads.answer", offer)
    try:
        with transaction.atomic():
            lead = lock_lead(offer.lead)
            offer = LeadOffer.objects.select_for_update().get(pk=offer.pk)
            now = timezone.now()
            if offer.status != OfferStatus.OPEN or lead.status != LeadStatus.OFFERED:
                raise Conflict(_("This lead is no longer on offer to you."))
            if offer.expires_at <= now:
                raise Conflict(_("The time to accept this lead has passed."))
            offer.status, offer.answered_at, offer.answered_by_id = (
                OfferStatus.ACCEPTED,
                now,
                actor.user_id,
            )
            offer.save(update_fields=["status", "answered_at", "answered_by"])
            LeadOffer.objects.filter(lead=lead, status=OfferStatus.OPEN).update(
                status=OfferStatus.WITHDRAWN
            )
            _assign(lead, offer.partner_id, routing_rules(lead.program_id), now)
            lead.save()
            events.record(
                actor,
                "lead.accepted",
                lead,
                before={"status": LeadStatus.OFFERED},
                after={"status": lead.status, "partner": offer.partner_id},
            )
    except IntegrityError:
        raise Conflict(_("Another partner accepted this lead a moment earlier.")) from None
    return lead


def lead_decline(*, actor: Actor, offer: LeadOffer, reason: str, note: str = "") -> Lead:
    """The partner passes; when nobody else holds an offer, routing moves on to the next partner."""
    require(actor, "leads.answer", offer)
    if reason not in DeclineReason.values:
        raise InvalidInput(_("Choose why you decline."), field="reason")
    with transaction.atomic():
        lead = lock_lead(offer.lead)
        offer = LeadOffer.objects.select_for_update().get(pk=offer.pk)
        if offer.status != OfferStatus.OPEN:
            raise Conflict(_("This lead is no longer on offer to you."))
        offer.status, offer.answered_at, offer.answered_by_id = (
            OfferStatus.DECLINED,
            timezone.now(),
            actor.user_id,
        )
        offer.decline_reason, offer.decline_note = reason, note.strip()
        offer.save()
        events.record(actor, "lead.declined", offer, after={"reason": reason}, note=note)
        if not LeadOffer.objects.filter(lead=lead, status=OfferStatus.OPEN).exists():
            route_lead(lead, actor=SYSTEM)
    return lead


def lead_return(*, actor: Actor, lead: Lead, reason: str, note: str = "") -> Lead:
    """A partner hands back a lead it was assigned; routing offers it to the next partner."""
    require(actor, "leads.work", lead)
    if reason not in DeclineReason.values:
        raise InvalidInput(_("Choose why you hand it back."), field="reason")
    with transaction.atomic():
        lead = lock_lead(lead)
        if lead.status not in WORKING:
            raise Conflict(_("Only leads you are working can be handed back."))
        pull_back(
            lead,
            actor,
            note=_("Handed back by the partner: %(why)s") % {"why": DeclineReason(reason).label},
        )
    return lead


def pull_back(lead: Lead, actor: Actor, *, note: str, route: bool = True) -> None:
    """Take a worked lead back from its partner; it is routed afresh unless ``route`` is False
    (the caller then decides where it goes)."""
    partner_id = lead.partner_id
    assert partner_id is not None  # only worked leads are pulled back
    LeadOffer.objects.filter(lead=lead, partner_id=partner_id, status=OfferStatus.ACCEPTED).update(
        status=OfferStatus.PULLED_BACK
    )
    events.record(
        actor,
        "lead.pulled_back",
        lead,
        before={"partner": partner_id, "status": lead.status},
        note=note,
    )
    transition(lead, LeadStatus.NEW)  # back in the pool, then routed afresh
    lead.partner_id = None
    lead.assigned_at = lead.followup_due_at = lead.reminded_at = None
    if route:
        route_lead(lead, actor=SYSTEM)
    else:
        lead.save()


def lead_assign(*, actor: Actor, lead: Lead, partner_id: int, reason: str) -> Lead:
    """The channel manager sends a lead to a partner of their choosing, with the reason on
    record."""
    require(actor, "leads.route", lead)
    if not reason.strip():
        raise InvalidInput(_("Say why this partner should have the lead."), field="reason")
    partner_for_actor(actor=actor, partner_id=partner_id)  # 404 for an unknown partner
    with transaction.atomic():
        lead = lock_lead(lead)
        if lead.status not in (LeadStatus.NEW, LeadStatus.OFFERED, LeadStatus.UNROUTABLE):
            raise Conflict(_("This lead is already with a partner; pull it back first."))
        if (
            LeadOffer.objects.filter(lead=lead, partner_id=partner_id)
            .exclude(status=OfferStatus.OPEN)
            .exists()
        ):
            raise Conflict(_("This partner already had this lead."))
        LeadOffer.objects.filter(lead=lead, status=OfferStatus.OPEN).exclude(
            partner_id=partner_id
        ).update(status=OfferStatus.WITHDRAWN)
        rules = routing_rules(lead.program_id)
        before = lead.status
        now = timezone.now()
        if not LeadOffer.objects.filter(lead=lead, partner_id=partner_id).exists():
            _offer(lead, [partner_id], rules, now)
        else:
            lead.status = LeadStatus.OFFERED
        lead.save()
        RoutingDecision.objects.create(
            lead=lead,
            mode=DistributionMode.MANUAL,
            automatic=False,
            chosen=[partner_id],
            summary=reasons.encode("offered_by", who=actor.label),
            override_reason=reason.strip(),
            made_by_id=actor.user_id,
        )
        events.record(
            actor,
            "lead.assigned",
            lead,
            before={"status": before},
            after={"status": lead.status, "partner": partner_id},
            note=reason,
        )
        _tell(lead, [partner_id], unroutable=False, manual=False)
    return lead


def lead_reroute(*, actor: Actor, lead: Lead) -> Lead:
    """Run routing again (after partners or rules changed) for a lead nobody is working."""
    require(actor, "leads.route", lead)
    with transaction.atomic():
        lead = lock_lead(lead)
        if lead.status not in (LeadStatus.NEW, LeadStatus.UNROUTABLE):
            raise Conflict(_("Only new or unroutable leads can be routed again."))
        route_lead(lead, actor=actor)
    return lead
