"""Routing many leads in one go: exactly the decisions ``route`` makes lead by lead, with less work
per lead.

Plain Python and numpy, no Django. The factors that depend on the lead
(expertise, proximity) are computed for all the leads of a country at once,
as matrices; then each lead is ranked in order, seeing the assignments made
before it, as one by one. (Ranking each lead from a precomputed shortlist,
corrected for the partners given leads since, was tried: with a few hundred
partners per country the per-lead work is dominated by Python and numpy call
overhead, not by the vector length, and it ran a third slower.)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .routing import (
    FACTORS,
    Candidate,
    Decision,
    LeadFacts,
    PartnerPool,
    Weights,
    collector_paused,
    exclude_where,
    proximity_levels,
    route,
    shortlist,
    specialization_bits,
    unit_vector,
)


def route_batch(
    pool: PartnerPool,
    leads: Sequence[LeadFacts],
    weights: Weights,
    *,
    limit: int = 10,
    take: int = 1,
) -> list[Decision]:
    """Route many leads in order, each seeing the assignments made before it.

    Gives the same decisions as calling ``route`` lead by lead and then
    ``pool.assigned`` on its ``take`` best partners (1 when the best is assigned,
    the offer count when several are offered, 0 when a person picks).
    """
    with collector_paused():
        return _route_batch(pool, leads, weights, limit=limit, take=take)


def _plain(lead: LeadFacts, pool: PartnerPool) -> bool:
    """A lead only the territory, status and capacity rules apply to (most leads):
    batch-friendly."""
    return not (
        lead.required_specializations
        or lead.allowed_types
        or lead.exclude
        or lead.country in pool.postal
    )


def _country_factors(
    pool: PartnerPool, country: str, leads: list[LeadFacts]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Expertise and proximity of every candidate in ``country`` for each of ``leads`` (leads x
    candidates)."""
    cand = pool.country_view(country).candidates
    known: dict[frozenset[str], tuple[int, int]] = {}  # leads share a few product mixes
    wanted = []
    for lead in leads:
        mix = known.get(lead.wanted_specializations)
        if mix is None:
            mix = known[lead.wanted_specializations] = specialization_bits(
                lead.wanted_specializations, pool.spec_index
            )
        wanted.append(mix)
    bits = np.array([b for b, _n in wanted], dtype=np.int64)
    counts = np.array([max(n, 1) for _b, n in wanted], dtype=np.float64)
    held = pool.spec_bits[cand][None, :] & bits[:, None]
    expertise = (
        pool.popcount[held] if pool.popcount is not None else np.bitwise_count(held)
    ) / counts[:, None]
    expertise[np.array([n == 0 for _b, n in wanted])] = 0.0
    located = [
        i
        for i, lead in enumerate(leads)
        if lead.latitude is not None and lead.longitude is not None
    ]
    proximity = np.empty((len(leads), len(cand)))
    if located:
        units = np.array([unit_vector(leads[i].latitude, leads[i].longitude) for i in located]).T
        cosine = pool.xyz[cand] @ units  # partners x leads
        np.minimum(np.maximum(cosine, -1.0, out=cosine), 1.0, out=cosine)
        proximity[located] = np.exp(np.arccos(cosine) * (-6371.0 / 400.0)).T
    all_located, has_point = pool.country_view(country).all_located, set(located)
    for i, lead in enumerate(leads):
        if i not in has_point or not all_located:
            row = proximity[i]
            unknown = np.isnan(row) if i in has_point else np.ones(len(cand), dtype=bool)
            if unknown.any():
                row[unknown] = proximity_levels(pool, cand[unknown], lead)
    return expertise, proximity


@dataclass
class _Ranked:
    """One lead's ranking as the batch leaves it: positions best first, with what its table needs as
    of then."""

    chosen: npt.NDArray[np.int64]
    scores: npt.NDArray[np.float64]
    expertise: npt.NDArray[np.float64]
    proximity: npt.NDArray[np.float64]
    open_leads: npt.NDArray[np.float64]  # load and fairness are read as they stood for this lead
    recent: npt.NDArray[np.float64]
    busiest: float


def _tables(pool: PartnerPool, ranked: list[_Ranked]) -> list[list[Candidate]]:
    """Every lead's candidates, built as ``candidates`` builds them but in one pass over the whole
    batch.

    The same operations on the same values, so the same bits; one table instead
    of one per lead saves a dozen small numpy calls a decision.
    """
    if not ranked:
        return []
    counts = [len(r.chosen) for r in ranked]
    chosen = np.concatenate([r.chosen for r in ranked])
    table = np.empty((len(chosen), 2 + len(FACTORS)))
    table[:, 0] = pool.ids[chosen]
    table[:, 1] = np.concatenate([r.scores for r in ranked])
    table[:, 2] = np.concatenate([r.expertise for r in ranked])
    table[:, 3] = np.concatenate([r.proximity for r in ranked])
    table[:, 4:8] = pool.partner_factors[chosen]
    table[:, 8] = 1.0 - np.minimum(
        np.concatenate([r.open_leads for r in ranked]) / np.maximum(pool.capacity[chosen], 1.0), 1.0
    )
    table[:, 9] = 1.0 - np.concatenate([r.recent for r in ranked]) / np.repeat(
        [r.busiest for r in ranked], counts
    )
    np.round(table, 4, out=table)
    rows = [Candidate(int(row[0]), row[1], row[2:]) for row in table.tolist()]
    out, start = [], 0
    for n in counts:
        out.append(rows[start : start + n])
        start += n
    return out


def _route_batch(
    pool: PartnerPool, leads: Sequence[LeadFacts], weights: Weights, *, limit: int, take: int
) -> list[Decision]:
    by_country: dict[str, list[int]] = {}
    for i, lead in enumerate(leads):
        if _plain(lead, pool):
            by_country.setdefault(lead.country, []).append(i)
    factors: dict[
        int, tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]
    ] = {}
    for country, members in by_country.items():
        if len(pool.country_view(country).candidates):
            expertise, proximity = _country_factors(pool, country, [leads[i] for i in members])
            # The lead's part of each score, as ``shortlist`` computes it (same operations, same
            # bits).
            lead_part = weights.expertise * expertise + weights.proximity * proximity
            factors.update(
                zip(members, zip(expertise, proximity, lead_part, strict=True), strict=True)
            )
    decisions: list[Decision] = []
    pending: list[tuple[int, _Ranked]] = []  # decisions whose candidates are built at the end
    # The same for every decision of the batch (read, never changed).
    shared_weights = dict(weights.as_dict)
    # Per country: who has room. Capacity runs out rarely and leads come often, so this is
    # worked out again only for the countries a partner who just ran out of room serves.
    room: dict[
        str,
        tuple[
            npt.NDArray[np.int64], npt.NDArray[np.bool_] | None, dict[str, tuple[int, list[int]]]
        ],
    ] = {}

    def now_full(position: int) -> None:
        for country in [c for c in room if position in pool.country_view(c).members]:
            del room[country]

    for i, lead in enumerate(leads):
        if i not in factors:
            decision = route(pool, lead, weights, limit=limit)
            for candidate in decision.ranked[:take]:
                if pool.assigned(candidate.partner_id):
                    now_full(pool.position[candidate.partner_id])
            decisions.append(decision)
            continue
        view = pool.country_view(lead.country)
        known = room.get(lead.country)
        if known is None:
            keep: npt.NDArray[np.bool_] | None = pool.room[view.candidates]
            counted: dict[str, tuple[int, list[int]]] = {}
            idx = exclude_where(view.candidates, keep, "capacity", pool, counted)  # type: ignore[arg-type]
            known = room[lead.country] = (
                idx,
                None if len(idx) == len(view.candidates) else keep,
                counted,
            )
        idx, keep, counted = known
        decisions.append(Decision([], {**view.excluded, **counted}, shared_weights, len(idx)))
        if not len(idx):
            continue
        expertise, proximity, lead_part = factors[i]
        if keep is not None:
            expertise, proximity, lead_part = expertise[keep], proximity[keep], lead_part[keep]
        order, scores = shortlist(pool, idx, expertise, proximity, weights, limit, lead_part)
        best = idx[order]
        pending.append(
            (
                i,
                _Ranked(
                    best,
                    scores[order],
                    expertise[order],
                    proximity[order],
                    pool.open_leads[best],
                    pool.recent[best],
                    pool.busiest,
                ),
            )
        )
        for position in best[:take].tolist():
            if pool.assigned_at(position):
                now_full(position)
    for (i, _ranked), candidates in zip(
        pending, _tables(pool, [r for _i, r in pending]), strict=True
    ):
        decisions[i].ranked = candidates
    return decisions
