"""Lead routing: hard rules, then a weighted score, with every decision explained.

Plain Python and numpy, no Django. A ``PartnerPool`` holds the partners as
columns (one array per attribute) so a decision over 10,000 partners is a
handful of vector operations. ``route`` returns the ranked candidates with
each factor's value, weight and contribution, and the partners the hard rules
excluded, counted by reason with examples.

Factors, each in [0, 1]:
  expertise   share of the lead's wanted specializations the partner holds
  proximity   exp(-km / 400) when both places have coordinates, else same city 1,
              same country 0.6, same region 0.3, elsewhere 0.1
  tier        the tier's lead priority, scaled to the program's highest
  acceptance  leads accepted / offered, shrunk towards 70 % for short histories
  win_rate    leads won / closed, shrunk towards 30 % for short histories
  response    24 / (24 + median hours to answer an offer)
  load        free capacity: 1 - open leads / capacity
  fairness    1 - this partner's share of recent assignments relative to the busiest
"""

from __future__ import annotations

import dataclasses
import gc
import math
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from .facts import (
    ACCEPTANCE_PRIOR,
    EXAMPLES_PER_REASON,
    FACTORS,
    PRIOR_WEIGHT,
    WIN_PRIOR,
    Candidate,
    Decision,
    LeadFacts,
    PartnerFacts,
    Weights,
)


def _bits(values: Iterable[str], index: dict[str, int]) -> int:
    out = 0
    for v in values:
        out |= 1 << index.setdefault(v, len(index))
    return out


class _Scoring:
    """Each partner's score from the factors that do not depend on the lead, for one set of weights.

    Tier, acceptance, win rate and response are fixed for the pool's life; load
    and fairness change with each assignment, and ``PartnerPool.assigned`` keeps
    this up to date, so a decision only adds the lead's own factors.
    """

    def __init__(self, pool: PartnerPool, weights: Weights) -> None:
        self.weights = weights
        self.static = (
            weights.tier * pool.tier
            + weights.acceptance * pool.acceptance
            + weights.win_rate * pool.win_rate
            + weights.response * pool.response
        )
        self.refresh(pool, pool.busiest)

    def refresh(self, pool: PartnerPool, busiest: float) -> None:
        w = self.weights
        load = 1.0 - np.minimum(pool.open_leads / np.maximum(pool.capacity, 1.0), 1.0)
        self.base = self.static + w.load * load + w.fairness * (1.0 - pool.recent / busiest)

    def update(
        self, i: int, open_leads: float, capacity: float, recent: float, busiest: float
    ) -> None:
        """Partner ``i``'s score after an assignment (the same operations as ``refresh``, on one
        partner)."""
        w = self.weights
        load = 1.0 - min(open_leads / max(capacity, 1.0), 1.0)
        fairness = 1.0 - recent / busiest
        self.base[i] = self.static[i] + w.load * load + w.fairness * fairness


class _CountryView:
    """Partners that serve a country and are active, with the territory and status exclusions
    counted
    once."""

    def __init__(self, pool: PartnerPool, country: str) -> None:
        serving = pool.serving.get(country, np.zeros(0, dtype=np.int64))
        self.candidates = serving[pool.active[serving]]
        self.members = frozenset(self.candidates.tolist())  # for "does this partner serve here?"
        self.all_located = bool(pool.located[self.candidates].all())
        inactive = serving[~pool.active[serving]]
        self.excluded: dict[str, tuple[int, list[int]]] = {}
        outside = len(pool) - len(serving)
        if outside:
            mask = np.ones(len(pool), dtype=bool)
            mask[serving] = False
            examples = pool.ids[np.flatnonzero(mask)[:EXAMPLES_PER_REASON]]
            self.excluded["territory"] = (outside, [int(x) for x in examples])
        if len(inactive):
            examples = pool.ids[inactive[:EXAMPLES_PER_REASON]]
            self.excluded["status"] = (len(inactive), [int(x) for x in examples])


@dataclass
class PartnerPool:
    """Partners as columns; build once, route many leads, record assignments as they happen."""

    ids: npt.NDArray[np.int64]
    active: npt.NDArray[np.bool_]
    country: npt.NDArray[np.int64]  # places as codes from ``places``: integer comparisons are fast
    city: npt.NDArray[np.int64]
    region: npt.NDArray[np.int64]
    spec_bits: npt.NDArray[np.int64]
    type_bits: npt.NDArray[np.int64]
    tier: npt.NDArray[np.float64]
    xyz: npt.NDArray[np.float64]  # unit vectors of the partners' coordinates; NaN where unknown
    acceptance: npt.NDArray[np.float64]
    win_rate: npt.NDArray[np.float64]
    response: npt.NDArray[np.float64]
    open_leads: npt.NDArray[np.float64]
    capacity: npt.NDArray[np.float64]
    recent: npt.NDArray[np.float64]
    serving: dict[str, npt.NDArray[np.int64]]  # country -> positions of the partners serving it
    postal: dict[str, dict[int, tuple[str, ...]]]  # country -> partner index -> prefixes
    places: dict[str, int] = field(default_factory=dict)
    room: npt.NDArray[np.bool_] = field(
        default_factory=lambda: np.zeros(0, dtype=bool)
    )  # below capacity
    located: npt.NDArray[np.bool_] = field(
        default_factory=lambda: np.zeros(0, dtype=bool)
    )  # has coordinates
    # tier, acceptance, win rate, response side by side: one gather fills the explanation's columns
    partner_factors: npt.NDArray[np.float64] = field(default_factory=lambda: np.zeros((0, 4)))
    busiest: float = 1.0  # most recent assignments of any partner (at least 1)
    popcount: npt.NDArray[np.float64] | None = (
        None  # bits set in every specialization mask, when few enough
    )
    scorings: dict[tuple[float, ...], _Scoring] = field(default_factory=dict)
    views: dict[str, _CountryView] = field(default_factory=dict)
    spec_index: dict[str, int] = field(default_factory=dict)
    type_index: dict[str, int] = field(default_factory=dict)
    position: dict[int, int] = field(default_factory=dict)

    @classmethod
    def build(cls, partners: Sequence[PartnerFacts]) -> PartnerPool:
        spec_index: dict[str, int] = {}
        type_index: dict[str, int] = {}
        top_tier = max((p.tier_priority for p in partners), default=0) or 1
        places: dict[str, int] = {}
        serving_lists: dict[str, list[int]] = {}
        postal: dict[str, dict[int, tuple[str, ...]]] = {}
        for i, p in enumerate(partners):
            for c in p.countries_served | {p.country}:
                serving_lists.setdefault(c, []).append(i)
            for c, prefixes in p.postal_areas.items():
                postal.setdefault(c, {})[i] = tuple(x.upper().replace(" ", "") for x in prefixes)
        pool = cls(
            ids=np.array([p.id for p in partners], dtype=np.int64),
            active=np.array([p.active for p in partners], dtype=bool),
            country=np.array(
                [_code(places, "country", p.country) for p in partners], dtype=np.int64
            ),
            city=np.array(
                [_code(places, p.country, p.city.casefold()) for p in partners], dtype=np.int64
            ),
            region=np.array([_code(places, "region", p.region) for p in partners], dtype=np.int64),
            spec_bits=np.array(
                [_bits(p.specializations, spec_index) for p in partners], dtype=np.int64
            ),
            type_bits=np.array([_bits(p.types, type_index) for p in partners], dtype=np.int64),
            tier=np.array([p.tier_priority / top_tier for p in partners], dtype=np.float64),
            xyz=np.array(
                [unit_vector(p.latitude, p.longitude) for p in partners], dtype=np.float64
            ).reshape(-1, 3),
            acceptance=np.clip(
                [
                    (p.accepted + ACCEPTANCE_PRIOR * PRIOR_WEIGHT) / (p.offered + PRIOR_WEIGHT)
                    for p in partners
                ],
                0.0,
                1.0,
            ),
            win_rate=np.clip(
                [(p.won + WIN_PRIOR * PRIOR_WEIGHT) / (p.closed + PRIOR_WEIGHT) for p in partners],
                0.0,
                1.0,
            ),
            response=np.array(
                [
                    24.0 / (24.0 + (24.0 if p.response_hours is None else p.response_hours))
                    for p in partners
                ]
            ),
            open_leads=np.array([p.open_leads for p in partners], dtype=np.float64),
            capacity=np.array([max(p.capacity, 0) for p in partners], dtype=np.float64),
            recent=np.array([p.recent_assignments for p in partners], dtype=np.float64),
            serving={c: np.array(v, dtype=np.int64) for c, v in serving_lists.items()},
            postal=postal,
            places=places,
            spec_index=spec_index,
            type_index=type_index,
        )
        pool.position = {int(pid): i for i, pid in enumerate(pool.ids)}
        pool.busiest = max(float(pool.recent.max()) if len(pool.recent) else 0.0, 1.0)
        pool.room = pool.open_leads < pool.capacity
        if len(spec_index) <= 16:
            pool.popcount = np.bitwise_count(
                np.arange(1 << len(spec_index), dtype=np.int64)
            ).astype(np.float64)
        pool.located = ~np.isnan(pool.xyz[:, 0])
        pool.partner_factors = np.column_stack(
            [pool.tier, pool.acceptance, pool.win_rate, pool.response]
        )
        return pool

    def assigned(self, partner_id: int) -> bool:
        """Count an assignment made from this pool, so later decisions in a batch see the load.

        True when it leaves the partner with no room (at capacity).
        """
        return self.assigned_at(self.position[partner_id])

    def assigned_at(self, i: int) -> bool:
        """``assigned`` for the partner at position ``i``."""
        # Python floats rather than numpy scalars: this runs once per routed lead.
        open_leads, recent = self.open_leads.item(i) + 1.0, self.recent.item(i) + 1.0
        capacity = self.capacity.item(i)
        self.open_leads[i], self.recent[i] = open_leads, recent
        full = bool(self.room[i]) and open_leads >= capacity
        if full:
            self.room[i] = False
        busiest = max(self.busiest, recent)
        for scoring in self.scorings.values():
            if busiest != self.busiest:
                scoring.refresh(
                    self, busiest
                )  # everyone's fairness is measured against the busiest
            else:
                scoring.update(i, open_leads, capacity, recent, busiest)
        self.busiest = busiest
        return full

    def copy(self) -> PartnerPool:
        """A pool sharing this one's fixed columns, with its own load and assignments (cached pools
        stay clean)."""
        twin = dataclasses.replace(
            self,
            open_leads=self.open_leads.copy(),
            recent=self.recent.copy(),
            room=self.room.copy(),
            scorings={},
        )
        twin.views = self.views  # territory and status do not change with assignments
        return twin

    def with_load(self, open_leads: dict[int, int]) -> PartnerPool:
        """This pool with every partner's open leads as given (others none): capacity as of now."""
        self.open_leads[:] = 0
        for partner_id, n in open_leads.items():
            if partner_id in self.position:
                self.open_leads[self.position[partner_id]] = n
        self.room = self.open_leads < self.capacity
        self.scorings = {}
        return self

    def scoring(self, weights: Weights) -> _Scoring:
        scoring = self.scorings.get(weights.key)
        if scoring is None:
            scoring = self.scorings[weights.key] = _Scoring(self, weights)
        return scoring

    def country_view(self, country: str) -> _CountryView:
        """The active partners serving ``country`` and who the first two rules leave out
        (cached)."""
        if country not in self.views:
            self.views[country] = _CountryView(self, country)
        return self.views[country]

    def __len__(self) -> int:
        return len(self.ids)


def specialization_bits(names: Iterable[str], index: dict[str, int]) -> tuple[int, int]:
    """Bits of the names the pool knows, and how many names there were."""
    names = list(names)
    return sum(1 << index[s] for s in names if s in index), len(names)


def _code(places: dict[str, int], kind: str, name: str) -> int:
    return places.setdefault(f"{kind}:{name}", len(places)) if name else -1


def unit_vector(latitude: float | None, longitude: float | None) -> tuple[float, float, float]:
    if latitude is None or longitude is None:
        return (math.nan, math.nan, math.nan)
    lat, lon = math.radians(latitude), math.radians(longitude)
    return (math.cos(lat) * math.cos(lon), math.cos(lat) * math.sin(lon), math.sin(lat))


def proximity_levels(
    pool: PartnerPool, idx: npt.NDArray[np.int64], lead: LeadFacts
) -> npt.NDArray[np.float64]:
    """Proximity without coordinates: same city, same country, same region, elsewhere."""
    country = pool.places.get(f"country:{lead.country}", -2)
    region = pool.places.get(f"region:{lead.region}", -2) if lead.region else -2
    same_country = pool.country[idx] == country
    levels = np.where(same_country, 0.6, np.where(pool.region[idx] == region, 0.3, 0.1))
    city = pool.places.get(f"{lead.country}:{lead.city.casefold()}", -2) if lead.city else -2
    if city != -2:
        levels[pool.city[idx] == city] = 1.0
    return levels


def _proximity(
    pool: PartnerPool, idx: npt.NDArray[np.int64], lead: LeadFacts
) -> npt.NDArray[np.float64]:
    if lead.latitude is None or lead.longitude is None:
        return proximity_levels(pool, idx, lead)
    # exp(-km / 400) with km = 6371 * angle; computed in place, it runs for every eligible partner.
    proximity = pool.xyz[idx] @ np.array(unit_vector(lead.latitude, lead.longitude))
    np.minimum(np.maximum(proximity, -1.0, out=proximity), 1.0, out=proximity)
    np.arccos(proximity, out=proximity)
    proximity *= -6371.0 / 400.0
    np.exp(proximity, out=proximity)
    if not pool.country_view(lead.country).all_located:
        unknown = np.isnan(proximity)
        if unknown.any():
            proximity[unknown] = proximity_levels(pool, idx[unknown], lead)
    return proximity


def exclude_where(
    idx: npt.NDArray[np.int64],
    keep: npt.NDArray[np.bool_],
    reason: str,
    pool: PartnerPool,
    excluded: dict[str, tuple[int, list[int]]],
) -> npt.NDArray[np.int64]:
    """Keep ``idx[keep]``; count the rest against ``reason``."""
    if keep.all():
        return idx
    count = int(len(keep) - np.count_nonzero(keep))
    if count:
        examples = pool.ids[idx[~keep][:EXAMPLES_PER_REASON]].tolist()
        excluded[reason] = (count, [int(x) for x in examples])
        return idx[keep]
    return idx


def eligible(
    pool: PartnerPool, lead: LeadFacts
) -> tuple[npt.NDArray[np.int64], dict[str, tuple[int, list[int]]]]:
    """Positions of the partners that pass every hard rule, and why the others do not.

    A partner failing several rules is counted under the first, in EXCLUSIONS order.
    Territory comes first so every later rule only looks at the partners who serve
    the lead's country: a few hundred vectors' worth instead of the whole ecosystem.
    """
    view = pool.country_view(lead.country)
    excluded = dict(view.excluded)
    idx = view.candidates
    restricted = pool.postal.get(lead.country, {})
    if restricted and len(idx):
        code = lead.postal_code.upper().replace(" ", "")
        keep = np.array(
            [
                i not in restricted or (bool(code) and code.startswith(restricted[i]))
                for i in idx.tolist()
            ],
            dtype=bool,
        )
        idx = exclude_where(idx, keep, "postal_area", pool, excluded)
    if lead.required_specializations and len(idx):
        if all(s in pool.spec_index for s in lead.required_specializations):
            bits = sum(1 << pool.spec_index[s] for s in lead.required_specializations)
            keep = (pool.spec_bits[idx] & bits) == bits
        else:
            # Nobody holds a specialization the pool has never seen.
            keep = np.zeros(len(idx), dtype=bool)
        idx = exclude_where(idx, keep, "specialization", pool, excluded)
    if lead.allowed_types and len(idx):
        bits = sum(1 << pool.type_index[t] for t in lead.allowed_types if t in pool.type_index)
        idx = exclude_where(idx, (pool.type_bits[idx] & bits) != 0, "partner_type", pool, excluded)
    if len(idx):
        idx = exclude_where(idx, pool.room[idx], "capacity", pool, excluded)
    if lead.exclude and len(idx):
        keep = ~np.isin(pool.ids[idx], np.fromiter(lead.exclude, dtype=np.int64))
        idx = exclude_where(idx, keep, "already_offered", pool, excluded)
    return idx, excluded


def _lead_factors(
    pool: PartnerPool, idx: npt.NDArray[np.int64], lead: LeadFacts
) -> dict[str, npt.NDArray[np.float64]]:
    """The factors that depend on the lead."""
    wanted, wanted_count = specialization_bits(lead.wanted_specializations, pool.spec_index)
    if not wanted_count:
        expertise = np.zeros(len(idx))
    elif pool.popcount is not None:  # a table lookup: faster than counting bits per partner
        expertise = pool.popcount[pool.spec_bits[idx] & wanted] / wanted_count
    else:
        expertise = np.bitwise_count(pool.spec_bits[idx] & wanted) / wanted_count
    return {"expertise": expertise, "proximity": _proximity(pool, idx, lead)}


def _rank(
    pool: PartnerPool,
    idx: npt.NDArray[np.int64],
    expertise: npt.NDArray[np.float64],
    proximity: npt.NDArray[np.float64],
    weights: Weights,
    limit: int,
) -> list[Candidate]:
    """The best ``limit`` of the eligible partners ``idx``, given the lead's own factors for
    each."""
    order, scores = shortlist(pool, idx, expertise, proximity, weights, limit)
    return candidates(pool, idx[order], scores[order], expertise[order], proximity[order])


def shortlist(
    pool: PartnerPool,
    idx: npt.NDArray[np.int64],
    expertise: npt.NDArray[np.float64],
    proximity: npt.NDArray[np.float64],
    weights: Weights,
    limit: int,
    lead_part: npt.NDArray[np.float64] | None = None,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """Where in ``idx`` the best ``limit`` partners are, best first, and every eligible partner's
    score.

    ``lead_part`` is the lead's weighted expertise and proximity when already known (batch routing
    computes it for a country's leads at once, with the same operations).
    """
    scores = pool.scoring(weights).base[idx]
    scores += (
        weights.expertise * expertise + weights.proximity * proximity
        if lead_part is None
        else lead_part
    )
    scores /= weights.total
    top = min(limit, len(idx))
    # The method rather than np.argpartition: the same call without numpy's dispatch wrapper.
    best = (-scores).argpartition(top - 1)[:top] if top < len(idx) else np.arange(len(idx))
    # Ties go to the lower id, so the same inputs always give the same answer.
    return best[np.lexsort((pool.ids[idx[best]], -scores[best]))], scores


def candidates(
    pool: PartnerPool,
    chosen: npt.NDArray[np.int64],
    scores: npt.NDArray[np.float64],
    expertise: npt.NDArray[np.float64],
    proximity: npt.NDArray[np.float64],
) -> list[Candidate]:
    """The ranked partners at positions ``chosen`` (best first) with their score and every factor.

    One table (id, score, then every factor in FACTORS order), rounded and turned into Python once:
    a handful of small numpy calls per decision is what batch routing spends its time on.
    """
    table = np.empty((len(chosen), 2 + len(FACTORS)))
    table[:, 0] = pool.ids[chosen]
    table[:, 1] = scores
    table[:, 2] = expertise
    table[:, 3] = proximity
    table[:, 4:8] = pool.partner_factors[chosen]
    table[:, 8] = 1.0 - np.minimum(
        pool.open_leads[chosen] / np.maximum(pool.capacity[chosen], 1.0), 1.0
    )
    table[:, 9] = 1.0 - pool.recent[chosen] / pool.busiest
    np.round(table, 4, out=table)
    return [Candidate(int(row[0]), row[1], row[2:]) for row in table.tolist()]


def route(pool: PartnerPool, lead: LeadFacts, weights: Weights, *, limit: int = 10) -> Decision:
    """Rank the partners that may take ``lead``, best first, with the reasons for everyone else."""
    idx, excluded = eligible(pool, lead)
    ranked: list[Candidate] = []
    if len(idx):
        factors = _lead_factors(pool, idx, lead)
        ranked = _rank(pool, idx, factors["expertise"], factors["proximity"], weights, limit)
    return Decision(ranked, excluded, dict(weights.as_dict), len(idx))


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector around batch work.

    Batch routing (and building the batch's explanations) makes tens of thousands of small
    objects that all live on; the collector would rescan them again and again (half the time
    at 10,000 leads). None of them form cycles, so it sleeps until the batch is done.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
