"""Partner fit: how close an applicant or prospect comes to the Ideal Partner Profile, 0 to 100,
with the points each factor gave and why.

Two parts make the score. The vendor's profile says what it looks for (types, regions,
industries, specializations, size, ESG facts), each with a weight. A model learned from the
vendor's own partners (which profiles reached revenue fastest) adds its probability, with the
share of the score the vendor gives it, and only once its held-out ranking quality was good
enough to trust (the caller decides that and passes ``model=None`` otherwise).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

# The profile's factors, in the order they are shown.
FACTORS = ("partner_types", "regions", "industries", "specializations", "size", "esg")
# A missing mandatory ESG fact keeps the score at most this, whatever else fits.
MANDATORY_CAP = 20
# Two of the wanted industries or specializations count as a full match: a partner rarely
# covers every one the vendor lists, and covering more says little more.
ENOUGH_OVERLAP = 2
SIZE_ORDER = ("1-9", "10-49", "50-249", "250-999", "1000-4999", "5000+")


@dataclass(frozen=True)
class Candidate:
    """What an applicant or prospect says about itself."""

    partner_types: frozenset[str] = frozenset()
    region: str = ""
    industries: frozenset[str] = frozenset()
    specializations: frozenset[str] = frozenset()
    size: str = ""
    esg: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Profile:
    """What the vendor looks for; an empty target expresses no preference and scores nothing."""

    partner_types: frozenset[str] = frozenset()
    regions: frozenset[str] = frozenset()
    industries: frozenset[str] = frozenset()
    specializations: frozenset[str] = frozenset()
    sizes: frozenset[str] = frozenset()
    esg_wanted: frozenset[str] = frozenset()
    esg_mandatory: frozenset[str] = frozenset()
    weights: Mapping[str, int] = field(default_factory=dict)
    model_share: int = 0  # percent of the score the learned model carries when trusted


@dataclass(frozen=True)
class FitModel:
    """A logistic model over ``features``: the chance a partner of this profile reaches revenue
    within the vendor's window."""

    coefficients: Mapping[str, float]
    intercept: float

    def probability(self, candidate: Candidate) -> float:
        z = self.intercept + sum(self.coefficients.get(f, 0.0) * v for f, v in features(candidate))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass(frozen=True)
class Factor:
    code: str
    points: float
    max_points: float
    matched: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()


@dataclass(frozen=True)
class Fit:
    score: int
    factors: tuple[Factor, ...]
    # Mandatory ESG facts the candidate lacks (the score is capped at MANDATORY_CAP).
    blocked_by: tuple[str, ...] = ()


def features(candidate: Candidate) -> list[tuple[str, float]]:
    """The learned model's inputs: one-hot types, region and size, and how broad the partner's
    expertise and ESG record are."""
    out: list[tuple[str, float]] = [(f"type:{t}", 1.0) for t in sorted(candidate.partner_types)]
    if candidate.region:
        out.append((f"region:{candidate.region}", 1.0))
    if candidate.size:
        out.append((f"size:{candidate.size}", 1.0))
    out.append(("specializations", min(len(candidate.specializations), 4) / 4))
    out.append(("industries", min(len(candidate.industries), 4) / 4))
    out.append(("esg", min(len(candidate.esg), 4) / 4))
    return out


def _share(have: frozenset[str], wanted: frozenset[str], enough: int) -> float:
    return min(1.0, len(have & wanted) / min(enough, len(wanted)))


def _size_fit(size: str, sizes: frozenset[str]) -> float:
    """Full points in a wanted band, half in a band next to one."""
    if size in sizes:
        return 1.0
    if size not in SIZE_ORDER:
        return 0.0
    i = SIZE_ORDER.index(size)
    near = {SIZE_ORDER[j] for j in (i - 1, i + 1) if 0 <= j < len(SIZE_ORDER)}
    return 0.5 if near & sizes else 0.0


def _fractions(
    c: Candidate, p: Profile
) -> dict[str, tuple[float, tuple[str, ...], tuple[str, ...]]]:
    """Each factor with a target: how much of it the candidate meets, what matched, what not."""
    out: dict[str, tuple[float, tuple[str, ...], tuple[str, ...]]] = {}

    def sets(have: frozenset[str], wanted: frozenset[str]) -> tuple[tuple[str, ...], ...]:
        return tuple(sorted(have & wanted)), tuple(sorted(wanted - have))

    if p.partner_types:
        m, x = sets(c.partner_types, p.partner_types)
        out["partner_types"] = (1.0 if m else 0.0, m, x)
    if p.regions:
        hit = c.region in p.regions
        out["regions"] = (
            1.0 if hit else 0.0,
            (c.region,) if hit else (),
            () if hit else (c.region,),
        )
    if p.industries:
        m, x = sets(c.industries, p.industries)
        out["industries"] = (_share(c.industries, p.industries, ENOUGH_OVERLAP), m, x)
    if p.specializations:
        m, x = sets(c.specializations, p.specializations)
        out["specializations"] = (
            _share(c.specializations, p.specializations, ENOUGH_OVERLAP),
            m,
            x,
        )
    if p.sizes:
        q = _size_fit(c.size, p.sizes)
        out["size"] = (q, (c.size,) if q else (), () if q == 1.0 else (c.size or "?",))
    if p.esg_wanted:
        m, x = sets(c.esg, p.esg_wanted)
        out["esg"] = (len(m) / len(p.esg_wanted), m, x)
    return out


def score(candidate: Candidate, profile: Profile, model: FitModel | None = None) -> Fit:
    """The candidate's fit, 0 to 100, with every factor's points out of its maximum."""
    fractions = _fractions(candidate, profile)
    weights = {f: max(0, int(profile.weights.get(f, 0))) for f in fractions}
    total_weight = sum(weights.values())
    share = min(100, max(0, profile.model_share)) / 100 if model is not None else 0.0
    if total_weight == 0:  # nothing asked of the profile: the model alone, or nothing
        share = 1.0 if model is not None else 0.0
    factors: list[Factor] = []
    points = 0.0
    for code in FACTORS:
        if code not in fractions or not weights[code]:
            continue
        q, matched, missing = fractions[code]
        top = 100 * (1 - share) * weights[code] / total_weight
        factors.append(Factor(code, round(top * q, 1), round(top, 1), matched, missing))
        points += top * q
    if model is not None and share:
        p = model.probability(candidate)
        factors.append(Factor("model", round(100 * share * p, 1), round(100 * share, 1)))
        points += 100 * share * p
    blocked = tuple(sorted(profile.esg_mandatory - candidate.esg))
    result = round(points)
    if blocked:
        result = min(result, MANDATORY_CAP)
    return Fit(score=max(0, min(100, result)), factors=tuple(factors), blocked_by=blocked)


def score_many(
    candidates: Iterable[Candidate], profile: Profile, model: FitModel | None = None
) -> list[Fit]:
    return [score(c, profile, model) for c in candidates]
