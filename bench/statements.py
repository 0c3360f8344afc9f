"""Earnings statements for 10,000 partners over 12 months of deals.

    uv run python -m bench.statements
    uv run python scripts/throwaway_postgres.py -- uv run python -m bench.statements

Measured: ``incentives.services.statements_compute`` for each of 12 months, end to end: the
month's won deals (converted into the plan's currency at each deal's date), usage, the rules'
versions (margin uplift on registered deals, a tiered rebate with an accelerator, a SPIFF, a
referral fee, consumption, marketplace credit), clawbacks of the deals reversed that month
(one in fifty, six weeks after it was won), the engine's lines, and the writes (statements,
every line with its rule version and exchange rate, totals). Target: all 12 months in under 30 s.
Baseline in the same process: the naive way, a few queries and rule lookups per partner, on
300 partners for one month and extrapolated to 10,000 partners and 12 months.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from decimal import Decimal
from typing import Any

from bench.database import migrated_database

PARTNERS, DEALS, SAMPLE = 10_000, 240_000, 300
CURRENCIES = ("USD", "EUR", "GBP", "JPY")


def _seed(rng: random.Random) -> tuple[object, list[str]]:
    from django.utils import timezone

    from trellis.catalog.models import Product, ProductFamily
    from trellis.customers.models import CustomerAccount
    from trellis.deals.models import DealProduct, DealRegistration
    from trellis.incentives.models import IncentivePlan, IncentiveRule, ReportedSale, RuleVersion
    from trellis.partners.models import Partner, Program, ProgramEnrollment, Tier

    program = Program.objects.create(slug="reseller", name="Reseller")
    tier = Tier.objects.create(program=program, name="Gold", rank=1)
    family = ProductFamily.objects.create(code="security", name="Security")
    other = ProductFamily.objects.create(code="platform", name="Platform")
    products = [
        Product.objects.create(sku="SEC-100", name="Secure", family=family),
        Product.objects.create(sku="PLA-001", name="Platform", family=other),
    ]
    Partner.objects.bulk_create(
        (Partner(name=f"Partner {i:05d}", country="DE", status="active") for i in range(PARTNERS)),
        batch_size=5000,
    )
    ids = list(Partner.objects.values_list("pk", flat=True))
    ProgramEnrollment.objects.bulk_create(
        (ProgramEnrollment(partner_id=p, program=program, tier=tier) for p in ids), batch_size=5000
    )
    CustomerAccount.objects.bulk_create(
        (
            CustomerAccount(
                name=f"C {p}", name_normalized=f"c {p}", country="DE", owner_partner_id=p
            )
            for p in ids
        ),
        batch_size=5000,
    )
    customer_of = dict(CustomerAccount.objects.values_list("owner_partner_id", "pk"))
    today = timezone.localdate()
    first = dt.date(today.year - 1, today.month, 1)
    months = []
    day = first
    for _ in range(12):
        months.append(f"{day:%Y-%m}")
        day = (day + dt.timedelta(days=32)).replace(day=1)
    weights = [rng.paretovariate(1.2) for _ in ids]
    sellers = rng.choices(ids, weights=weights, k=DEALS)
    deals = []
    for n, p in enumerate(sellers):
        closed = dt.datetime.combine(first, dt.time(12), tzinfo=dt.UTC) + dt.timedelta(
            days=rng.uniform(0, 360)
        )
        currency = CURRENCIES[n % 4]
        # One deal in fifty is reversed six weeks after it was won: its month claws back.
        undone = closed + dt.timedelta(days=45)
        reversed_at = undone if n % 50 == 7 and undone < timezone.now() else None
        deals.append(
            DealRegistration(
                partner_id=p,
                program=program,
                customer_id=customer_of[p],
                customer_name="c",
                customer_country="DE",
                amount=Decimal(
                    round(rng.lognormvariate(10.3, 0.9) * (150 if currency == "JPY" else 1))
                ),
                currency=currency,
                expected_close=closed.date(),
                deal_type="referral" if n % 10 == 0 else "new",
                status="reversed" if reversed_at else "won",
                closed_at=closed,
                reversed_at=reversed_at,
                decided_at=closed - dt.timedelta(days=40),
                uplift_pct=Decimal(3),
            )
        )
    DealRegistration.objects.bulk_create(deals, batch_size=5000)
    DealProduct.objects.bulk_create(
        (
            DealProduct(deal_id=d, product=products[d % 2], family_id=products[d % 2].family_id)
            for d in DealRegistration.objects.values_list("pk", flat=True)
        ),
        batch_size=5000,
    )
    plan = IncentivePlan.objects.create(program=program, currency="USD")
    # Usage for a fifth of the partners every month, and a marketplace sale for a tenth.
    ReportedSale.objects.bulk_create(
        (
            ReportedSale(
                plan=plan,
                partner_id=p,
                kind=kind,
                period=m,
                sold_on=dt.date.fromisoformat(f"{m}-15"),
                reference=f"{kind}-{m}-{p}",
                customer_name="c",
                amount=Decimal(rng.randint(100, 9000)),
                currency="USD" if kind == "usage" else "EUR",
            )
            for m in months
            for kind, every in (("usage", 5), ("marketplace", 10))
            for p in ids[::every]
        ),
        batch_size=5000,
    )
    # Dated rates for the whole year: each month's first day, drifting a little.
    from trellis.core.models import ExchangeRate

    base = {"EUR": Decimal("1.08"), "GBP": Decimal("1.27"), "JPY": Decimal("0.0067")}
    day = first - dt.timedelta(days=31)
    while day <= today:
        ExchangeRate.objects.bulk_create(
            [
                ExchangeRate(
                    currency=c,
                    usd_per_unit=(v * Decimal(rng.uniform(0.97, 1.03))).quantize(Decimal("1e-6")),
                    effective_on=day.replace(day=1),
                )
                for c, v in base.items()
            ],
            ignore_conflicts=True,
        )
        day = (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    from trellis.core import stamps

    stamps.bump(stamps.RATES)  # rates read before see the new ones
    for kind, params in (
        ("uplift", {}),
        (
            "rebate",
            {
                "bands": [[0, 1], [100000, 2], [500000, 3]],
                "accelerator": {"family": "security", "min_deals": 3, "multiplier": 1.5},
            },
        ),
        ("spiff", {"sku": "SEC-100", "amount": 250}),
        ("referral", {"pct": 10}),
        ("consumption", {"pct": 5}),
        ("marketplace", {"pct": 4}),
    ):
        rule = IncentiveRule.objects.create(plan=plan, name=kind, kind=kind)
        RuleVersion.objects.create(rule=rule, number=1, params=params, starts=first)
    return plan, months


def naive(plan: Any, period: str) -> float:
    """A few queries per partner: its deals, their products, its usage; rates read per deal."""
    from trellis.core.rates import convert
    from trellis.deals.models import DealProduct, DealRegistration
    from trellis.incentives.engine.earnings import Rule, Sale, lines_for
    from trellis.incentives.models import ReportedSale, RuleVersion
    from trellis.incentives.month import month_of
    from trellis.partners.models import ProgramEnrollment

    starts, ends = month_of(period)
    partners = list(ProgramEnrollment.objects.values_list("partner_id", flat=True)[:SAMPLE])
    began = time.perf_counter()
    for p in partners:
        rules = [
            Rule(v.pk, v.number, v.rule.kind, v.params, v.starts, v.ends)
            for v in RuleVersion.objects.filter(rule__plan=plan).select_related("rule")
        ]
        sales = []
        for deal in DealRegistration.objects.filter(
            partner_id=p, status="won", closed_at__date__gte=starts, closed_at__date__lte=ends
        ):
            skus = tuple(
                DealProduct.objects.filter(deal=deal).values_list("product__sku", flat=True)
            )
            assert deal.closed_at is not None
            won_on = deal.closed_at.date()
            amount = convert(deal.amount, deal.currency, "USD", on=won_on).amount
            sales.append(
                Sale(
                    "deal",
                    deal.pk,
                    p,
                    won_on,
                    amount,
                    deal.deal_type,
                    True,
                    deal.uplift_pct or Decimal(0),
                    skus,
                )
            )
        for sale in ReportedSale.objects.filter(partner_id=p, period=period):
            amount = convert(sale.amount, sale.currency, "USD", on=sale.sold_on).amount
            sales.append(Sale(sale.kind, sale.pk, p, sale.sold_on, amount))
        lines_for(sales, rules)
    return (time.perf_counter() - began) * (PARTNERS / SAMPLE) * 12


def main() -> None:
    vendor = migrated_database("statements")
    from trellis.core.actor import SYSTEM
    from trellis.incentives.models import StatementLine
    from trellis.incentives.services import statements_compute

    rng = random.Random(19)
    started = time.perf_counter()
    plan, months = _seed(rng)
    seeded = time.perf_counter() - started
    print(f"database: {vendor}; {PARTNERS:,} partners, {DEALS:,} won deals ({seeded:.0f} s)")
    began = time.perf_counter()
    per_month = []
    for period in months:
        t = time.perf_counter()
        statements_compute(actor=SYSTEM, plan=plan, period=period)  # type: ignore[arg-type]
        per_month.append(time.perf_counter() - t)
    took = time.perf_counter() - began
    lines = StatementLine.objects.count()
    fastest, slowest = min(per_month), max(per_month)
    print(f"12 months: {took:.1f} s ({fastest:.2f}–{slowest:.2f} s a month), {lines:,} lines")
    t = time.perf_counter()
    statements_compute(actor=SYSTEM, plan=plan, period=months[-1])  # type: ignore[arg-type]
    print(f"one month again (drafts recomputed): {time.perf_counter() - t:.2f} s")
    baseline = naive(plan, months[-1])
    print(f"baseline, queries per partner: {baseline:.0f} s (extrapolated from {SAMPLE})")


if __name__ == "__main__":
    main()
