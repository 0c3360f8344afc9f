"""Earnings lines from sales and rules.

A sale is a won registration, a marketplace sale or a period's usage, already in the
statement's currency (with the exchange rate and its date kept for the statement). A rule is
one version of an incentive: a margin uplift on registered deals, a tiered rebate with an
accelerator, a SPIFF per product in a window, a referral fee, a consumption rate or a
marketplace credit. Every line names its sale and its rule version, with the base, the rate
and the words that explain it; amounts are rounded half to even to the currency's minor unit,
once per line. A sale reversed after it earned gives the same lines back, negative (clawback).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from types import MappingProxyType
from typing import Any, NamedTuple

ZERO = Decimal(0)
HUNDRED = Decimal(100)
NO_FIGURES: Mapping[str, str] = MappingProxyType({})


# Sales and lines are named tuples: a month of 10,000 partners makes some 50,000 of each, and
# frozen dataclasses took twice as long to build.
class Sale(NamedTuple):
    source: str  # deal, opportunity (the vendor's, to a referred customer), marketplace, usage
    source_id: int
    partner_id: int
    day: dt.date
    amount: Decimal  # in the statement's currency
    deal_type: str = "new"  # new, upsell, renewal, referral
    registered: bool = False  # an approved registration protected it
    uplift_pct: Decimal = ZERO  # the tier's uplift when it was approved
    skus: tuple[str, ...] = ()
    families: tuple[str, ...] = ()
    reversed: bool = False


@dataclass(frozen=True)
class Rule:
    rule_id: int
    version: int
    kind: str  # uplift, rebate, spiff, referral, consumption, marketplace
    params: dict[str, Any]
    starts: dt.date
    ends: dt.date | None = None

    def applies_on(self, day: dt.date) -> bool:
        return self.starts <= day and (self.ends is None or day <= self.ends)


class Line(NamedTuple):
    partner_id: int
    rule_id: int
    version: int
    kind: str
    source: str
    source_id: int
    base: Decimal
    rate: Decimal  # percent, or an amount per unit for a SPIFF
    amount: Decimal
    why: str  # a code for the words shown
    figures: Mapping[str, str] = NO_FIGURES


QUANTA = {places: Decimal(1).scaleb(-places) for places in range(5)}


def rounded(amount: Decimal, places: int) -> Decimal:
    """Half to even, to the currency's minor unit (0 to 4 places), once per line."""
    return amount.quantize(QUANTA[places], rounding=ROUND_HALF_EVEN)


def _pct(sale: Sale, rule: Rule, rate: Decimal, places: int, why: str, **figures: str) -> Line:
    return Line(
        sale.partner_id,
        rule.rule_id,
        rule.version,
        rule.kind,
        sale.source,
        sale.source_id,
        sale.amount,
        rate,
        rounded(sale.amount * rate / HUNDRED, places),
        why,
        figures or NO_FIGURES,
    )


def resold(sale: Sale) -> bool:
    """A deal the partner resold: a referral (the vendor sells) earns its fee, not a reseller's
    margin uplift or rebate."""
    return sale.source == "deal" and sale.deal_type != "referral"


def band_rate(bands: list[list[Any]], revenue: Decimal) -> tuple[Decimal, int]:
    """The rebate rate for ``revenue`` (bands: [from, percent], ascending) and its band."""
    rate, index = ZERO, -1
    for i, (start, pct) in enumerate(bands):
        if revenue >= Decimal(str(start)):
            rate, index = Decimal(str(pct)), i
    return rate, index


def accelerated(rule: Rule, sales: list[Sale]) -> bool:
    """Whether the period's deals earn the rebate's accelerator (enough deals in a family)."""
    acc = rule.params.get("accelerator")
    if not acc:
        return False
    family = acc["family"]
    deals = sum(1 for s in sales if resold(s) and family in s.families and not s.reversed)
    return deals >= int(acc["min_deals"])


def lines_for(sales: Iterable[Sale], rules: list[Rule], *, places: int = 2) -> list[Line]:
    """Every line the rules pay on ``sales`` (one partner's, or many: rebates are per
    partner)."""
    out: list[Line] = []
    by_partner: dict[int, list[Sale]] = defaultdict(list)
    for sale in sales:
        if not sale.reversed:
            by_partner[sale.partner_id].append(sale)
    for partner_sales in by_partner.values():
        first = min(s.day for s in partner_sales)
        last = max(s.day for s in partner_sales)
        for rule in rules:
            # Most rules hold all month: the partner's sales are used as they are.
            whole = rule.applies_on(first) and rule.applies_on(last)
            live = partner_sales if whole else [s for s in partner_sales if rule.applies_on(s.day)]
            if live:
                out.extend(_apply(rule, live, places))
    return out


def _apply(rule: Rule, live: list[Sale], places: int) -> list[Line]:
    """The lines one rule pays on one partner's sales in force under it."""
    kind, p = rule.kind, rule.params
    lines: list[Line] = []
    if kind == "uplift":
        for s in live:
            if resold(s) and s.registered and s.uplift_pct > 0:
                lines.append(_pct(s, rule, s.uplift_pct, places, "uplift"))
    elif kind == "referral":
        rate = Decimal(str(p["pct"]))
        for s in live:
            # The referral deal itself, and the vendor's own sales to the referred customer in
            # the referral's first year (source "opportunity").
            if s.deal_type == "referral" and s.source in ("deal", "opportunity"):
                lines.append(_pct(s, rule, rate, places, "referral"))
    elif kind in ("consumption", "marketplace"):
        rate, source = (
            Decimal(str(p["pct"])),
            {"consumption": "usage", "marketplace": "marketplace"}[kind],
        )
        for s in live:
            if s.source == source:
                lines.append(_pct(s, rule, rate, places, kind))
    elif kind == "spiff":
        per_unit, sku = Decimal(str(p["amount"])), p["sku"]
        for s in live:
            if s.source == "deal" and sku in s.skus:
                line = Line(
                    s.partner_id,
                    rule.rule_id,
                    rule.version,
                    kind,
                    s.source,
                    s.source_id,
                    s.amount,
                    per_unit,
                    rounded(per_unit, places),
                    "spiff",
                    {"sku": sku},
                )
                lines.append(line)
    elif kind == "rebate":
        deals = [s for s in live if resold(s)]
        revenue = sum((s.amount for s in deals), ZERO)
        rate, _band = band_rate(p["bands"], revenue)
        if accelerated(rule, deals):
            rate *= Decimal(str(p["accelerator"]["multiplier"]))
        if rate > 0:
            lines.extend(
                _pct(s, rule, rate, places, "rebate", revenue=f"{revenue:f}") for s in deals
            )
    return lines


def clawbacks(
    reversed_sales: Iterable[Sale], earned: dict[tuple[str, int], list[Line]]
) -> list[Line]:
    """A sale reversed after it earned (a won deal lost again): every line it earned comes
    back, negative, naming the same rule version."""
    out = []
    for sale in reversed_sales:
        for line in earned.get((sale.source, sale.source_id), []):
            if line.amount > 0:
                out.append(
                    Line(
                        line.partner_id,
                        line.rule_id,
                        line.version,
                        line.kind,
                        line.source,
                        line.source_id,
                        line.base,
                        line.rate,
                        -line.amount,
                        "clawback",
                        {"was": line.why},
                    )
                )
    return out


@dataclass(frozen=True)
class Nudge:
    """What would raise a partner's earnings, with the figures to say it."""

    code: str  # rebate_band, accelerator, spiff
    figures: dict[str, str]
    gain: Decimal  # the extra earnings it would bring (at least), for ordering


def nudges(sales: list[Sale], rules: list[Rule], today: dt.date, *, places: int = 2) -> list[Nudge]:
    """Concrete ways one partner earns more this period, best first."""
    out: list[Nudge] = []
    for rule in rules:
        if not rule.applies_on(today):
            continue
        p = rule.params
        deals = [s for s in sales if resold(s) and not s.reversed and rule.applies_on(s.day)]
        if rule.kind == "rebate":
            revenue = sum((s.amount for s in deals), ZERO)
            rate, band = band_rate(p["bands"], revenue)
            if band + 1 < len(p["bands"]):
                start, better = p["bands"][band + 1]
                short = Decimal(str(start)) - revenue
                gain = rounded(
                    Decimal(str(start)) * (Decimal(str(better)) - rate) / HUNDRED, places
                )
                out.append(
                    Nudge(
                        "rebate_band",
                        {"short": f"{short:f}", "rate": str(better), "now": f"{rate:f}"},
                        gain,
                    )
                )
            acc = p.get("accelerator")
            if acc and not accelerated(rule, deals):
                have = sum(1 for s in deals if acc["family"] in s.families)
                more = int(acc["min_deals"]) - have
                gain = rounded(
                    revenue * rate * (Decimal(str(acc["multiplier"])) - 1) / HUNDRED, places
                )
                out.append(
                    Nudge(
                        "accelerator",
                        {
                            "more": str(more),
                            "family": acc["family"],
                            "multiplier": str(acc["multiplier"]),
                        },
                        gain,
                    )
                )
        elif rule.kind == "spiff" and rule.ends is not None:
            out.append(
                Nudge(
                    "spiff",
                    {"sku": p["sku"], "amount": str(p["amount"]), "until": rule.ends.isoformat()},
                    Decimal(str(p["amount"])),
                )
            )
    return sorted(out, key=lambda n: -n.gain)
