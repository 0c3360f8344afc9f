"""What lead routing reasons about and decides, as plain data: the factors and exclusion rules,
the weights, a partner's and a lead's facts, and a decision with its explanation."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

FACTORS = (
    "expertise",
    "proximity",
    "tier",
    "acceptance",
    "win_rate",
    "response",
    "load",
    "fairness",
)

# Why a partner cannot take a lead, in the order the rules apply.
EXCLUSIONS = (
    "territory",
    "status",
    "postal_area",
    "specialization",
    "partner_type",
    "capacity",
    "already_offered",
)

ACCEPTANCE_PRIOR, WIN_PRIOR, PRIOR_WEIGHT = 0.7, 0.3, 5.0
EXAMPLES_PER_REASON = 5


@dataclass(frozen=True)
class Weights:
    expertise: float = 3.0
    proximity: float = 2.0
    tier: float = 1.5
    acceptance: float = 1.0
    win_rate: float = 2.0
    response: float = 1.0
    load: float = 1.0
    fairness: float = 1.0

    @cached_property
    def as_dict(self) -> dict[str, float]:
        return {f: float(getattr(self, f)) for f in FACTORS}

    @cached_property
    def key(self) -> tuple[float, ...]:
        """The weights as a tuple: pools keep one set of scores per key."""
        return tuple(self.as_dict.values())

    @cached_property
    def total(self) -> float:
        """What the weighted sum is divided by, so a score stays in [0, 1]."""
        return sum(self.as_dict.values()) or 1.0


@dataclass(frozen=True)
class PartnerFacts:
    """One partner as routing sees it."""

    id: int
    active: bool
    country: str
    city: str
    region: str
    countries_served: frozenset[str]
    postal_areas: dict[
        str, tuple[str, ...]
    ]  # country -> postal-code prefixes; no entry: the whole country
    specializations: frozenset[str]
    types: frozenset[str]
    tier_priority: int
    latitude: float | None = None
    longitude: float | None = None
    offered: int = 0
    accepted: int = 0
    closed: int = 0
    won: int = 0
    response_hours: float | None = None
    open_leads: int = 0
    capacity: int = 10
    recent_assignments: int = 0


@dataclass(frozen=True)
class LeadFacts:
    """One lead as routing sees it."""

    country: str
    city: str = ""
    postal_code: str = ""
    region: str = ""
    latitude: float | None = None
    longitude: float | None = None
    wanted_specializations: frozenset[str] = frozenset()
    required_specializations: frozenset[str] = frozenset()
    allowed_types: frozenset[str] = frozenset()  # empty: any type
    exclude: frozenset[int] = frozenset()  # partners who declined it or let an offer lapse


class Candidate(NamedTuple):
    """One ranked partner. A tuple rather than a dataclass: thousands are made per second in batch
    routing."""

    partner_id: int
    score: float  # weighted mean of the factors, rounded to 4 places as stored
    values: list[float]  # each factor's value in [0, 1], in FACTORS order, rounded likewise

    @property
    def factors(self) -> dict[str, float]:
        return dict(zip(FACTORS, self.values, strict=True))


@dataclass
class Decision:
    ranked: list[Candidate]
    excluded: dict[str, tuple[int, list[int]]]  # reason -> (count, example partner ids)
    weights: dict[str, float]
    considered: int

    @property
    def best(self) -> Candidate | None:
        return self.ranked[0] if self.ranked else None

    def explanation(self) -> dict[str, object]:
        """The decision as stored: plain JSON. Each ranked partner's ``values`` follow
        ``factors``."""
        return {
            "factors": list(FACTORS),
            "weights": self.weights,
            "considered": self.considered,
            "ranked": [{"partner": p, "score": s, "values": v} for p, s, v in self.ranked],
            "excluded": {r: {"count": n, "examples": ex} for r, (n, ex) in self.excluded.items()},
        }
