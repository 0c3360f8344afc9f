"""A plan's month as the statements read it: its dates, the rule versions in force, and its
sales (won deals, the vendor's own sales to referred customers, usage and marketplace sales)
in the plan's currency with the exchange rate
and its date. Shared by the drafting of statements and the partner's earnings outlook."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from trellis.core.rates import NoRate, rate_on
from trellis.deals.selectors import referred_sales, won_deals

from .choices import SaleKind
from .engine.earnings import Rule, Sale
from .models import IncentivePlan, ReportedSale, RuleVersion

PARTNER_STATUSES = ("active", "onboarding", "suspended", "offboarding", "offboarded")


def month_of(label: str) -> tuple[dt.date, dt.date]:
    """The first and last day of the month "2027-03"; ValueError for anything else (or a
    year before 1900 or after 2999)."""
    year, month = (int(x) for x in label.split("-"))
    if not 1900 <= year <= 2999:
        raise ValueError(label)
    starts = dt.date(year, month, 1)
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return starts, following - dt.timedelta(days=1)


class Rates:
    """Units of the plan's currency per unit of another, per day, each read once; and the
    sales that could not be converted (no rate on or before their day), per currency: the
    earliest such day and how many, for finance to add the rates and draft again."""

    def __init__(self, target: str) -> None:
        self.target = target
        self.cache: dict[tuple[str, dt.date], tuple[Decimal, dt.date] | None] = {}
        self.missing: dict[str, tuple[dt.date, int]] = {}

    def __call__(self, currency: str, day: dt.date) -> tuple[Decimal, dt.date] | None:
        key = (currency, day)
        if key not in self.cache:
            try:
                source, source_day = rate_on(currency, day)
                target, target_day = rate_on(self.target, day)
                rate = (source / target).quantize(Decimal("1e-8"))
                self.cache[key] = (rate, max(source_day, target_day))
            except NoRate:
                self.cache[key] = None
        found = self.cache[key]
        if found is None:
            first, count = self.missing.get(currency, (day, 0))
            self.missing[currency] = (min(first, day), count + 1)
        return found


def rules_in_force(plan: IncentivePlan, starts: dt.date, ends: dt.date) -> list[Rule]:
    """The plan's rule versions in force at some time in the month."""
    versions = (
        RuleVersion.objects.filter(rule__plan=plan, starts__lte=ends)
        .exclude(ends__lt=starts)
        .select_related("rule")
    )
    return [Rule(v.pk, v.number, v.rule.kind, v.params, v.starts, v.ends) for v in versions]


SourceMoney = dict[tuple[str, int], tuple[Decimal, str, Decimal, dt.date]]


def month_sales(
    plan: IncentivePlan,
    period: str,
    starts: dt.date,
    ends: dt.date,
    since: dt.datetime,
    until: dt.datetime,
    wanted: set[int],
    only: list[int] | None,
    rates: Rates | None = None,
) -> tuple[list[Sale], SourceMoney]:
    """The month's sales in the plan's currency, and for each its own amount, currency and
    the exchange rate used with its date (``rates`` keeps those it could not convert)."""
    rates = rates or Rates(plan.currency)
    sales: list[Sale] = []
    money_of: SourceMoney = {}
    for deal in won_deals(program_id=plan.program_id, since=since, until=until, partner_ids=only):
        if deal.partner_id not in wanted:
            continue
        converted = rates(deal.currency, deal.closed_on)
        if converted is None:
            continue
        rate, day = converted
        sales.append(
            Sale(
                "deal",
                deal.deal_id,
                deal.partner_id,
                deal.closed_on,
                deal.amount * rate,
                deal.deal_type,
                deal.registered,
                deal.uplift_pct,
                deal.skus,
                deal.families,
            )
        )
        money_of[("deal", deal.deal_id)] = (deal.amount, deal.currency, rate, day)
    # The vendor's own sales to a referred customer in the referral's first year.
    for sale in referred_sales(program_id=plan.program_id, since=since, until=until):
        if sale.partner_id not in wanted:
            continue
        converted = rates(sale.currency, sale.closed_on)
        if converted is None:
            continue
        sales.append(
            Sale(
                "opportunity",
                sale.opportunity_id,
                sale.partner_id,
                sale.closed_on,
                sale.amount * converted[0],
                "referral",
            )
        )
        money_of[("opportunity", sale.opportunity_id)] = (
            sale.amount,
            sale.currency,
            *converted,
        )
    reported = ReportedSale.objects.filter(plan=plan, period=period)
    if only is not None:
        reported = reported.filter(partner_id__in=only)
    for pk, kind, partner_id, day, amount, currency in reported.values_list(
        "pk", "kind", "partner_id", "sold_on", "amount", "currency"
    ):
        # Usage is billed for the month: converted at its end; a marketplace sale on its day.
        if partner_id not in wanted:
            continue
        converted = rates(currency, ends if kind == SaleKind.USAGE else day)
        if converted is None:
            continue
        sales.append(Sale(kind, pk, partner_id, max(min(day, ends), starts), amount * converted[0]))
        money_of[(kind, pk)] = (amount, currency, converted[0], converted[1])
    return sales, money_of
