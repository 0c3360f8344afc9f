"""Partner-to-partner matchmaking: for a customer need, the partners that complement the requester,
with reasons."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from trellis.catalog.selectors import family_specializations
from trellis.core import places
from trellis.core.actor import Actor
from trellis.core.countries import country_name, is_country
from trellis.core.exceptions import InvalidInput
from trellis.deals.selectors import partner_co_selling
from trellis.partners.choices import PartnerType
from trellis.partners.selectors import (
    RoutingProfile,
    listed_partner_names,
    program_choices,
    routing_profiles,
    routing_profiles_stamp,
    specializations,
)

from ..choices import IntroductionStatus
from ..engine.matchmaking import Candidate, Match, Need, match, team
from ..models import Introduction

# What a reseller-led deal usually lacks: software, integration and running it afterwards.
COMPLEMENTARY_TYPES = ("isv", "system_integrator", "msp")


@dataclass(frozen=True)
class NeedInput:
    country: str
    city: str = ""
    specializations: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    deal_id: int | None = None


@dataclass(frozen=True)
class PartnerMatch:
    partner_id: int
    name: str
    score: float
    reasons: list[str]
    types: list[str]
    team_role: str = ""


@dataclass(frozen=True)
class MatchResult:
    need: NeedInput
    summary: str
    ranked: list[PartnerMatch]
    team: list[PartnerMatch]


def _need(
    country: str, city: str, family_ids: list[int], lacking: frozenset[str], deal_id: int | None
) -> NeedInput:
    wanted = tuple(t for t in COMPLEMENTARY_TYPES if t not in lacking) or COMPLEMENTARY_TYPES
    return NeedInput(
        country=country,
        city=city,
        specializations=tuple(sorted(family_specializations(family_ids))),
        types=wanted,
        deal_id=deal_id,
    )


def need_for_registration(*, deal: Any) -> NeedInput:
    """A registration's customer need: its place, the expertise its products call for, the types its
    partner lacks."""
    me = _profiles().get(deal.partner_id)
    families = sorted({line.family_id for line in deal.lines.all()})
    return _need(
        deal.customer_country,
        deal.customer_city,
        families,
        me.types if me else frozenset(),
        deal.pk,
    )


def need_for_opportunity(*, opportunity: Any) -> NeedInput:
    """One of the vendor's opportunities as a customer need: its customer's place, its family's
    expertise."""
    customer = opportunity.customer
    return _need(customer.country, customer.city, [opportunity.family_id], frozenset(), None)


# Every active partner's profile, kept per process until a profile, tier or enrolment changes.
_cache: dict[str, Any] = {"stamp": None, "profiles": {}}
_cache_lock = threading.Lock()


def _profiles() -> dict[int, RoutingProfile]:
    """Every active partner once, whatever programs it is in."""
    programs = [pid for pid, _name in program_choices()]
    stamp = tuple((pid, routing_profiles_stamp(pid)) for pid in programs)
    with _cache_lock:
        if _cache["stamp"] == stamp:
            return _cache["profiles"]  # type: ignore[no-any-return]
    out: dict[int, RoutingProfile] = {}
    for program_id in programs:
        for p in routing_profiles(program_id):
            if p.status == "active":
                out.setdefault(p.id, p)
    with _cache_lock:
        _cache.update(stamp=stamp, profiles=out)
    return out


def forget_profiles() -> None:
    with _cache_lock:
        _cache.update(stamp=None, profiles={})


def _ratings() -> dict[int, tuple[float, int]]:
    """Stars each partner received after introductions, as (sum, count)."""
    out: dict[int, tuple[float, int]] = {}
    rows = Introduction.objects.filter(status=IntroductionStatus.CONNECTED).values_list(
        "requester_id", "target_id", "requester_rating", "target_rating"
    )
    for requester, target, given_to_target, given_to_requester in rows:
        for pid, stars in ((target, given_to_target), (requester, given_to_requester)):
            if stars:
                total, n = out.get(pid, (0.0, 0))
                out[pid] = (total + stars, n + 1)
    return out


def _clean(need: NeedInput) -> NeedInput:
    country = need.country.strip().upper()
    if not is_country(country):
        raise InvalidInput(_("Give the customer's country as a two-letter code."), field="country")
    known_specs = {s.slug for s in specializations()}
    unknown = [s for s in need.specializations if s not in known_specs]
    if unknown:
        raise InvalidInput(
            _("Unknown specialization: %(s)s.") % {"s": ", ".join(unknown)}, field="specializations"
        )
    unknown = [t for t in need.types if t not in PartnerType.values]
    if unknown:
        raise InvalidInput(
            _("Unknown partner type: %(t)s.") % {"t": ", ".join(unknown)}, field="types"
        )
    if not need.specializations and not need.types:
        raise InvalidInput(
            _("Say what the customer needs: a specialization or a kind of partner."), field="types"
        )
    return NeedInput(
        country, need.city.strip(), tuple(need.specializations), tuple(need.types), need.deal_id
    )


def partner_matches(
    *, actor: Actor, need: NeedInput, requester_id: int | None, limit: int = 10
) -> MatchResult:
    """The partners that best complement ``requester_id`` (or anyone, for the vendor) on this
    need."""
    need = _clean(need)
    profiles = _profiles()
    ratings = _ratings()
    with_requester, totals = partner_co_selling(partner_id=requester_id)
    me = profiles.get(requester_id) if requester_id else None
    point = places.coordinates(need.country, need.city)
    engine_need = Need(
        country=need.country,
        types=frozenset(need.types),
        specializations=frozenset(need.specializations),
        latitude=point[0] if point else None,
        longitude=point[1] if point else None,
        requester_id=requester_id,
        requester_types=me.types if me else frozenset(),
        requester_specializations=me.specializations if me else frozenset(),
    )
    candidates = [
        Candidate(
            p.id,
            p.types,
            p.specializations,
            p.country,
            p.countries,
            p.latitude,
            p.longitude,
            *ratings.get(p.id, (0.0, 0)),
            with_requester.get(p.id, 0),
            totals.get(p.id, 0),
        )
        for p in profiles.values()
    ]
    everyone = match(
        engine_need, candidates, limit=max(limit, 200)
    )  # scored once: the ranking and the team
    ranked, crew = everyone[:limit], team(engine_need, everyone)
    names = listed_partner_names(ids=[m.partner_id for m in ranked + crew])
    spec_names = {s.slug: s.name for s in specializations()}
    return MatchResult(
        need,
        _summary(need, spec_names),
        [_view(m, names, spec_names, profiles) for m in ranked],
        [_view(m, names, spec_names, profiles) for m in crew],
    )


def _type_label(kind: str) -> str:
    return str(PartnerType(kind).label)


def _summary(need: NeedInput, spec_names: dict[str, str]) -> str:
    place = (
        f"{need.city}, {country_name(need.country)}" if need.city else country_name(need.country)
    )
    parts = [place]
    if need.specializations:
        parts.append(", ".join(spec_names.get(s, s) for s in need.specializations))
    if need.types:
        parts.append(
            _("wanted: %(types)s") % {"types": ", ".join(_type_label(t) for t in need.types)}
        )
    return " · ".join(parts)


def _view(
    m: Match, names: dict[int, str], spec_names: dict[str, str], profiles: dict[int, RoutingProfile]
) -> PartnerMatch:
    reasons = []
    if m.adds_types:
        reasons.append(
            _("adds what you are not: %(types)s")
            % {"types": ", ".join(_type_label(t) for t in m.adds_types)}
        )
    if m.adds_specializations:
        reasons.append(
            _("brings %(specs)s")
            % {"specs": ", ".join(spec_names.get(s, s) for s in m.adds_specializations)}
        )
    if m.km is not None:
        reasons.append(_("%(km)s km from the customer") % {"km": round(m.km)})
    if m.sold_with_requester:
        reasons.append(_("sold %(n)s deals together with you") % {"n": m.sold_with_requester})
    if m.rating is not None:
        reasons.append(
            _("rated %(stars)s/5 after %(n)s introductions")
            % {"stars": f"{m.rating:.1f}", "n": m.ratings}
        )
    profile = profiles.get(m.partner_id)
    return PartnerMatch(
        m.partner_id,
        names.get(m.partner_id, str(m.partner_id)),
        m.score,
        reasons,
        sorted(_type_label(t) for t in (profile.types if profile else ())),
        _type_label(m.team_role) if m.team_role else "",
    )
