"""Certification coverage: who is certified, per partner and per specialization, and what
expires soon, from flat arrays of awards. One numpy pass, whatever the number of partners."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Awards:
    """Certification awards as parallel arrays (one entry per award)."""

    partner: np.ndarray  # int64 partner id
    user: np.ndarray  # int64 user id
    specialization: np.ndarray  # int64 specialization id, -1 for none
    expires: np.ndarray  # float64 POSIX seconds
    revoked: np.ndarray  # bool


@dataclass(frozen=True)
class Coverage:
    certified_people: dict[int, int]  # partner id -> people holding a valid certification
    expiring_people: dict[int, int]  # partner id -> people with one expiring within the window
    expired_awards: int  # awards past expiry (not revoked)
    by_specialization: dict[int, tuple[int, int]]  # id -> (certified people, partners)
    partner_specializations: dict[int, tuple[int, ...]]  # partner -> specializations covered


def _unique_count(groups: np.ndarray, members: np.ndarray) -> dict[int, int]:
    """How many distinct members each group has."""
    if groups.size == 0:
        return {}
    pairs = np.unique(np.stack([groups, members], axis=1), axis=0)
    keys, counts = np.unique(pairs[:, 0], return_counts=True)
    return dict(zip(keys.tolist(), counts.tolist(), strict=True))


def coverage(awards: Awards, *, now: float, window_seconds: float) -> Coverage:
    live = (awards.expires > now) & ~awards.revoked
    partner, user, spec = awards.partner[live], awards.user[live], awards.specialization[live]
    expiring = live & (awards.expires <= now + window_seconds)
    certified = _unique_count(partner, user)
    soon = _unique_count(awards.partner[expiring], awards.user[expiring])
    has_spec = spec >= 0
    spec_people = _unique_count(spec[has_spec], user[has_spec])
    spec_partners = _unique_count(spec[has_spec], partner[has_spec])
    by_spec = {s: (n, spec_partners.get(s, 0)) for s, n in spec_people.items()}
    pairs = (
        np.unique(np.stack([partner[has_spec], spec[has_spec]], axis=1), axis=0)
        if has_spec.any()
        else np.empty((0, 2), dtype=np.int64)
    )
    covered: dict[int, list[int]] = {}
    for p, s in pairs.tolist():
        covered.setdefault(p, []).append(s)
    expired = int(((awards.expires <= now) & ~awards.revoked).sum())
    return Coverage(
        certified,
        soon,
        expired,
        by_spec,
        {p: tuple(s) for p, s in covered.items()},
    )
