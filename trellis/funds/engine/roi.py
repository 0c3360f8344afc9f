"""What a marketing activity returned: the leads and registrations its campaign code brought,
the pipeline and revenue in them, against what it cost the fund, and the same summed for a
partner, a kind of activity or a region."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

ZERO = Decimal(0)


@dataclass(frozen=True)
class Outcome:
    leads: int = 0
    deals: int = 0
    won: int = 0
    pipeline: Decimal = ZERO  # registrations submitted, under review, approved or won
    revenue: Decimal = ZERO  # won registrations
    spend: Decimal = ZERO  # approved claims, else the approved amount

    def __add__(self, other: Outcome) -> Outcome:
        return Outcome(
            self.leads + other.leads,
            self.deals + other.deals,
            self.won + other.won,
            self.pipeline + other.pipeline,
            self.revenue + other.revenue,
            self.spend + other.spend,
        )

    @property
    def roi(self) -> float | None:
        """Revenue less spend, per unit spent (1.5 is 150 %); None before any spend."""
        if self.spend <= 0:
            return None
        return float((self.revenue - self.spend) / self.spend)

    @property
    def pipeline_multiple(self) -> float | None:
        if self.spend <= 0:
            return None
        return float(self.pipeline / self.spend)

    def scaled(self, rate: Decimal) -> Outcome:
        """The same outcome in another currency (``rate`` units per unit)."""
        return Outcome(
            self.leads,
            self.deals,
            self.won,
            (self.pipeline * rate).quantize(Decimal("0.01")),
            (self.revenue * rate).quantize(Decimal("0.01")),
            (self.spend * rate).quantize(Decimal("0.01")),
        )


def total(outcomes: list[Outcome]) -> Outcome:
    out = Outcome()
    for o in outcomes:
        out = out + o
    return out
