"""Co-sell recommendations: for one of the vendor's own opportunities, the partners most worth
bringing in.

Ranks with the lead-routing engine (territory, capacity and status first; then
expertise for the product family, nearness to the customer, tier, acceptance,
win rate, response, load, fairness) and adds what account mapping knows: a
partner that already has the customer on its list ranks higher, but only when
its sharing policy lets the vendor see names; otherwise its list is not used at
all, so a ranking never hints at what the partner did not agree to share.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from trellis.catalog.selectors import family_specializations
from trellis.core import places
from trellis.core.actor import Actor
from trellis.leads.engine.routing import Candidate, LeadFacts, Weights, route
from trellis.leads.selectors import routing_pool
from trellis.partners.selectors import default_program_id, partner_names

from .choices import AccountStatus, SharingLevel
from .models import AccountOverlap, SharingPolicy

# What knowing the account adds to a partner's score, by where the customer stands with it.
ACCOUNT_BONUS: dict[str, float] = {
    AccountStatus.CUSTOMER.value: 0.2,
    AccountStatus.OPPORTUNITY.value: 0.15,
    AccountStatus.PROSPECT.value: 0.1,
}


@dataclass(frozen=True)
class Recommendation:
    partner_id: int
    partner_name: str
    score: float
    reasons: list[str]


def _reasons(candidate: Candidate, knows: str | None) -> list[str]:
    f = candidate.factors
    out = []
    if knows:
        out.append(
            _("already has the customer on its list as: %(status)s")
            % {"status": AccountStatus(knows).label}
        )
    if f["expertise"] >= 0.5:
        out.append(_("holds the specialization for these products"))
    if f["proximity"] >= 0.6:
        out.append(_("close to the customer"))
    if f["win_rate"] >= 0.4:
        out.append(_("wins %(p)s%% of the leads it takes") % {"p": round(f["win_rate"] * 100)})
    if f["acceptance"] >= 0.8:
        out.append(
            _("takes %(p)s%% of the leads it is offered") % {"p": round(f["acceptance"] * 100)}
        )
    if f["tier"] >= 0.99:
        out.append(_("in the program's top tier"))
    if f["load"] >= 0.8:
        out.append(_("has free capacity"))
    return out or [_("serves the customer's country")]


def recommend_partners(*, actor: Actor, opportunity: Any, limit: int = 10) -> list[Recommendation]:
    """The partners most worth inviting into ``opportunity`` (a DirectOpportunity), best first, with
    reasons."""
    if not actor.is_staff:
        return []
    program_id = default_program_id()
    if program_id is None:
        return []
    customer = opportunity.customer
    point = places.coordinates(customer.country, customer.city)
    facts = LeadFacts(
        country=customer.country,
        city=customer.city,
        region=places.region_of(customer.country),
        latitude=point[0] if point else None,
        longitude=point[1] if point else None,
        wanted_specializations=family_specializations([opportunity.family_id]),
    )
    decision = route(routing_pool(program_id), facts, Weights(), limit=max(50, limit))
    sharing = {
        p.partner_id: p.effective
        for p in SharingPolicy.objects.filter(
            partner_id__in=[c.partner_id for c in decision.ranked]
        )
    }
    knows = {
        o.partner_id: o.partner_status
        for o in AccountOverlap.objects.filter(customer=customer, partner_id__in=list(sharing))
        if sharing.get(o.partner_id, SharingLevel.COUNTS) >= SharingLevel.NAMES
    }
    ranked = sorted(
        decision.ranked,
        key=lambda c: (
            -(c.score + ACCOUNT_BONUS.get(knows.get(c.partner_id, ""), 0.0)),
            c.partner_id,
        ),
    )[:limit]
    names = partner_names(actor=actor, ids=[c.partner_id for c in ranked])
    return [
        Recommendation(
            c.partner_id,
            names.get(c.partner_id, str(c.partner_id)),
            round(c.score + ACCOUNT_BONUS.get(knows.get(c.partner_id, ""), 0.0), 4),
            _reasons(c, knows.get(c.partner_id)),
        )
        for c in ranked
    ]
