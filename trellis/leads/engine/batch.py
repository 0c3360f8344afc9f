"""Routing many leads in one go: exactly the decisions ``route`` makes lead by lead, with less work per lead.

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

import numpy as np
import numpy.typing as npt

from .routing import (
    Decision,
    LeadFacts,
    PartnerPool,
    Weights,
    _exclude,
    _levels,
    _rank,
    _unit,
    _wanted_bits,
    collector_paused,
    route,
)


def route_batch(pool: PartnerPool, leads: Sequence[LeadFacts], weights: Weights, *, limit: int = 10,
                take: int = 1) -> list[Decision]:  # fmt: skip
    """Route many leads in order, each seeing the assignments made before it.

    Gives the same decisions as calling ``route`` lead by lead and then
    ``pool.assigned`` on its ``take`` best partners (1 when the best is assigned,
    the offer count when several are offered, 0 when a person picks).
    """
    with collector_paused():
        return _route_batch(pool, leads, weights, limit=limit, take=take)


def _plain(lead: LeadFacts, pool: PartnerPool) -> bool:
    """A lead only the territory, status and capacity rules apply to (most leads): batch-friendly."""
    return not (
        lead.required_specializations
        or lead.allowed_types
        or lead.exclude
        or lead.country in pool.postal
    )


def _country_factors(pool: PartnerPool, country: str, leads: list[LeadFacts]) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:  # fmt: skip
    """Expertise and proximity of every candidate in ``country`` for each of ``leads`` (leads x candidates)."""
    cand = pool.country_view(country).candidates
    wanted = [_wanted_bits(lead.wanted_specializations, pool.spec_index) for lead in leads]
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
        units = np.array([_unit(leads[i].latitude, leads[i].longitude) for i in located]).T
        cosine = pool.xyz[cand] @ units  # partners x leads
        np.minimum(np.maximum(cosine, -1.0, out=cosine), 1.0, out=cosine)
        proximity[located] = np.exp(np.arccos(cosine) * (-6371.0 / 400.0)).T
    all_located, has_point = pool.country_view(country).all_located, set(located)
    for i, lead in enumerate(leads):
        if i not in has_point or not all_located:
            row = proximity[i]
            unknown = np.isnan(row) if i in has_point else np.ones(len(cand), dtype=bool)
            if unknown.any():
                row[unknown] = _levels(pool, cand[unknown], lead)
    return expertise, proximity


def _route_batch(pool: PartnerPool, leads: Sequence[LeadFacts], weights: Weights, *, limit: int,
                 take: int) -> list[Decision]:  # fmt: skip
    by_country: dict[str, list[int]] = {}
    for i, lead in enumerate(leads):
        if _plain(lead, pool):
            by_country.setdefault(lead.country, []).append(i)
    factors: dict[int, tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]] = {}
    for country, members in by_country.items():
        if len(pool.country_view(country).candidates):
            expertise, proximity = _country_factors(pool, country, [leads[i] for i in members])
            factors.update(zip(members, zip(expertise, proximity, strict=True), strict=True))
    decisions = []
    shared_weights = dict(
        weights.as_dict
    )  # the same for every decision of the batch (read, never changed)
    # Per country: who has room, as of the pool's room_version (capacity runs out rarely, leads come often).
    room: dict[str, tuple[int, npt.NDArray[np.int64], npt.NDArray[np.bool_] | None, dict[str, tuple[int, list[int]]]]] = {}  # fmt: skip
    for i, lead in enumerate(leads):
        if i not in factors:
            decision = route(pool, lead, weights, limit=limit)
        else:
            view = pool.country_view(lead.country)
            known = room.get(lead.country)
            if known is None or known[0] != pool.room_version:
                keep: npt.NDArray[np.bool_] | None = pool.room[view.candidates]
                counted: dict[str, tuple[int, list[int]]] = {}
                idx = _exclude(view.candidates, keep, "capacity", pool, counted)  # type: ignore[arg-type]
                known = (
                    pool.room_version,
                    idx,
                    None if len(idx) == len(view.candidates) else keep,
                    counted,
                )
                room[lead.country] = known
            _version, idx, keep, counted = known
            excluded = {**view.excluded, **counted}
            expertise, proximity = factors[i]
            if keep is not None:
                expertise, proximity = expertise[keep], proximity[keep]
            ranked = _rank(pool, idx, expertise, proximity, weights, limit) if len(idx) else []
            decision = Decision(ranked, excluded, shared_weights, len(idx))
        for chosen in decision.ranked[:take]:
            pool.assigned(chosen.partner_id)
        decisions.append(decision)
    return decisions
