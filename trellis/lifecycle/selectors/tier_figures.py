"""The figures tiers are judged on, for every partner of a program at once: revenue sourced and
influenced over the trailing twelve months (in US dollars at the day's rates), won and
registered deals, co-selling, certified people, specializations, and the measures imported from
outside (customer satisfaction, marketplace sales). A handful of grouped statements, however
many partners there are."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Sum

from trellis.core.rates import NoRate, current_rates
from trellis.deals.selectors import (
    co_selling_per_partner,
    referrals_per_partner,
    registrations_per_partner,
    won_revenue,
)
from trellis.learning.selectors import certified_people
from trellis.partners.choices import TierMetric
from trellis.partners.selectors import specialization_counts

from ..choices import MeasureKind
from ..models import PartnerMeasure

METRICS: tuple[str, ...] = tuple(TierMetric.values)
YEAR = dt.timedelta(days=365)


@dataclass
class Figures:
    """Each partner's figures (metric -> value) as of ``at``, and currencies that had no rate
    (their revenue is left out, and said so)."""

    at: dt.datetime
    rates_on: dt.date
    values: dict[int, dict[str, float]]
    unconverted: dict[int, set[str]] = field(default_factory=dict)

    def of(self, partner_id: int) -> dict[str, float]:
        return self.values.get(partner_id) or dict.fromkeys(METRICS, 0.0)


class _Dollars:
    """US dollars per unit of each currency on one day, read once for the whole evaluation (a
    lookup per partner and currency would read the rates thousands of times)."""

    def __init__(self, day: dt.date) -> None:
        self.per_unit = {currency: rate for currency, rate, _since in current_rates(on=day)}
        self.per_unit.setdefault("USD", Decimal(1))

    def __call__(self, amount: Decimal, currency: str) -> float:
        rate = self.per_unit.get(currency)
        if rate is None:
            raise NoRate(currency)
        return float(amount * rate)


def tier_figures(*, partner_ids: list[int], at: dt.datetime, every: bool = True) -> Figures:
    """``every``: the partners are (nearly) all of them, so each statement reads everyone and
    skips the rest (cheaper than a long IN list); otherwise each is narrowed to ``partner_ids``."""
    since, day = at - YEAR, at.date()
    only = None if every else partner_ids
    usd = _Dollars(day)
    wanted = set(partner_ids)
    values: dict[int, dict[str, float]] = {p: dict.fromkeys(METRICS, 0.0) for p in partner_ids}
    unconverted: dict[int, set[str]] = defaultdict(set)
    for row in won_revenue(since=since, until=at, partner_ids=only):
        if row.partner_id not in wanted:
            continue
        figures = values[row.partner_id]
        try:
            figures["annual_revenue"] += usd(row.sourced, row.currency)
            figures["influenced_revenue"] += usd(row.influenced, row.currency)
        except NoRate:
            unconverted[row.partner_id].add(row.currency)
        figures["won_deals"] += row.won_deals
    counted = {
        "registered_deals": registrations_per_partner(since=since, until=at, partner_ids=only),
        "co_selling": co_selling_per_partner(since=since, until=at, partner_ids=only),
        "referrals": referrals_per_partner(since=since, until=at, partner_ids=only),
        "certifications": certified_people(at=at, partner_ids=only),
        "specializations": specialization_counts(partner_ids=partner_ids),
    }
    for metric, counts in counted.items():
        for partner_id, n in counts.items():
            if partner_id in wanted:
                values[partner_id][metric] = float(n)
    measures = PartnerMeasure.objects.filter(
        partner_id__in=partner_ids, period_end__gt=day - YEAR, period_end__lte=day
    )
    for partner_id, score in (
        measures.filter(kind=MeasureKind.CSAT)
        .values_list("partner_id")
        .annotate(mean=Avg("value"))
        .values_list("partner_id", "mean")
    ):
        values[partner_id]["csat"] = round(float(score or 0), 2)
    for partner_id, currency, total in (
        measures.filter(kind=MeasureKind.MARKETPLACE_SALES)
        .values_list("partner_id", "currency")
        .annotate(total=Sum("value"))
        .values_list("partner_id", "currency", "total")
    ):
        try:
            values[partner_id]["marketplace_sales"] += usd(total or Decimal(0), currency)
        except NoRate:
            unconverted[partner_id].add(currency)
    for figures in values.values():
        for metric in ("annual_revenue", "influenced_revenue", "marketplace_sales"):
            figures[metric] = round(figures[metric], 2)
    return Figures(at=at, rates_on=day, values=values, unconverted=dict(unconverted))
