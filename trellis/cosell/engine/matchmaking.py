"""Partner-to-partner matchmaking: who complements a partner on one customer need, and why (plain
Python).

Hard rules first: the candidate is someone else, serves the customer's
country, and brings something (a partner type or a specialization the need
asks for). Then a weighted score over what it adds (types the requester
lacks), expertise (needed specializations, gaps first), nearness to the
customer, history (deals sold together before) and ratings from earlier
introductions. ``team`` then picks one partner per wanted type.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

WEIGHTS: dict[str, float] = {
    "complements": 0.30,
    "expertise": 0.25,
    "nearness": 0.15,
    "history": 0.15,
    "rating": 0.15,
}
RATING_PRIOR, RATING_PRIOR_WEIGHT = 3.5, 3.0  # an unrated partner counts as 3.5 stars from 3 people
NEAR_KM = 300.0


@dataclass(frozen=True)
class Candidate:
    partner_id: int
    types: frozenset[str]
    specializations: frozenset[str]
    country: str
    countries: frozenset[str] = frozenset()
    latitude: float | None = None
    longitude: float | None = None
    rating_sum: float = 0.0
    ratings: int = 0
    sold_with_requester: int = 0
    sold_with_anyone: int = 0


@dataclass(frozen=True)
class Need:
    country: str
    types: frozenset[str]  # partner types wanted on the team
    specializations: frozenset[str]  # expertise the customer needs
    latitude: float | None = None
    longitude: float | None = None
    requester_id: int | None = None
    requester_types: frozenset[str] = frozenset()
    requester_specializations: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Match:
    partner_id: int
    score: float
    factors: dict[str, float]
    adds_types: tuple[str, ...]
    adds_specializations: tuple[str, ...]
    km: float | None
    rating: float | None  # average stars, None when unrated
    ratings: int
    sold_with_requester: int
    team_role: str = ""  # the wanted type it fills on the suggested team
    weights: dict[str, float] = field(default_factory=lambda: dict(WEIGHTS))


def _km(a_lat: float, a_lon: float, b_lat: float, b_lon: float) -> float:
    p1, p2 = math.radians(a_lat), math.radians(b_lat)
    dp, dl = p2 - p1, math.radians(b_lon - a_lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _serves(c: Candidate, country: str) -> bool:
    return country == c.country or country in c.countries


def score(need: Need, c: Candidate) -> Match | None:
    """One candidate against the need, or None when a hard rule rules it out."""
    if c.partner_id == need.requester_id or not _serves(c, need.country):
        return None
    wanted_types = need.types - need.requester_types
    adds_types = tuple(sorted(c.types & wanted_types))
    gap = need.specializations - need.requester_specializations
    adds_specs = tuple(sorted(c.specializations & (gap or need.specializations)))
    if not adds_types and not adds_specs:
        return None  # brings nothing the need asks for
    km = None
    if None not in (need.latitude, need.longitude, c.latitude, c.longitude):
        km = _km(need.latitude, need.longitude, c.latitude, c.longitude)  # type: ignore[arg-type]
    rating = (c.rating_sum + RATING_PRIOR * RATING_PRIOR_WEIGHT) / (c.ratings + RATING_PRIOR_WEIGHT)
    factors = {
        "complements": len(adds_types) / len(wanted_types) if wanted_types else 0.0,
        "expertise": len(adds_specs) / len(gap or need.specializations)
        if need.specializations
        else 0.0,
        "nearness": 1.0 / (1.0 + km / NEAR_KM)
        if km is not None
        else (0.6 if c.country == need.country else 0.3),
        "history": 0.7 * min(1.0, c.sold_with_requester / 3)
        + 0.3 * min(1.0, c.sold_with_anyone / 10),
        "rating": (rating - 1.0) / 4.0,
    }
    total = sum(WEIGHTS[k] * v for k, v in factors.items())
    return Match(
        c.partner_id,
        round(total, 4),
        factors,
        adds_types,
        adds_specs,
        km,
        c.rating_sum / c.ratings if c.ratings else None,
        c.ratings,
        c.sold_with_requester,
    )


def match(need: Need, candidates: Iterable[Candidate], limit: int = 10) -> list[Match]:
    """The best complementary partners, best first (ties: lower id first, for stable pages)."""
    found = [m for m in (score(need, c) for c in candidates) if m is not None]
    found.sort(key=lambda m: (-m.score, m.partner_id))
    return found[:limit]


def team(need: Need, ranked: list[Match]) -> list[Match]:
    """One partner per wanted type the requester lacks, the best-scoring that fills it, no one
    twice."""
    chosen: list[Match] = []
    taken: set[int] = set()
    for kind in sorted(need.types - need.requester_types):
        best = next((m for m in ranked if kind in m.adds_types and m.partner_id not in taken), None)
        if best is not None:
            taken.add(best.partner_id)
            chosen.append(Match(**{**best.__dict__, "team_role": kind}))
    return chosen
