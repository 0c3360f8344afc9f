"""Drafting statements: a line per rule and sale, converted at the deal's day's rate,
traceable to its source and rule version; drafts computed again change nothing; reversals
claw back exactly what was earned; new rule versions apply from their day."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.fixtures import World
from trellis.core.actor import SYSTEM
from trellis.core.rates import rate_on
from trellis.deals.services import deal_reverse
from trellis.incentives.models import Statement, StatementLine
from trellis.incentives.services import (
    SaleRow,
    reported_sales_import,
    rule_version_add,
    statements_compute,
)

from .conftest import last_month, period_of, plan_of, won

pytestmark = pytest.mark.django_db


def compute(world: World, day: dt.date) -> Statement:
    statements_compute(actor=SYSTEM, plan=plan_of(world), period=period_of(day))
    return Statement.objects.get(partner=world.partner_a, period=period_of(day))


def amounts(statement: Statement) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    for kind, amount in statement.lines.values_list("kind", "amount"):
        out[kind] = out.get(kind, Decimal(0)) + amount
    return out


def test_a_line_per_rule_and_sale_with_its_rate_and_version(incentives_world: World) -> None:
    w, day = incentives_world, last_month()
    won(w, "10000", day)
    euro = won(w, "20000", day, currency="EUR", sku="SEC-100")
    won(w, "5000", day, deal_type="referral")
    statement = compute(w, day)
    eur, rate_day = rate_on("EUR", day)
    euros_in_usd = Decimal(20000) * eur.quantize(Decimal("1e-8"))
    revenue = Decimal(10000) + euros_in_usd  # the referral is not resold: no rebate, no uplift
    cent = Decimal("0.01")
    assert amounts(statement) == {
        "uplift": (Decimal(300) + euros_in_usd * 3 / 100).quantize(cent),
        "rebate": Decimal(100) + (euros_in_usd / 100).quantize(cent),
        "spiff": Decimal(250),
        "referral": Decimal(500),
    }
    assert revenue < 50000  # the first band (1 %)
    assert statement.total == sum(amounts(statement).values())
    line = statement.lines.get(source="deal", source_id=euro.pk, kind="uplift")
    assert (line.source_amount, line.source_currency) == (Decimal("20000.00"), "EUR")
    assert line.fx_rate == eur.quantize(Decimal("1e-8")) and line.fx_day == rate_day
    assert line.rule_version.rule.name == "Registration uplift" and line.rule_version.number == 1
    assert statement.status == "draft" and statement.currency == "USD"
    # Bravo earned nothing that month: no empty statement.
    assert not Statement.objects.filter(partner=w.partner_b).exists()


def test_drafting_again_changes_nothing(incentives_world: World) -> None:
    w, day = incentives_world, last_month()
    won(w, "10000", day)
    first = compute(w, day)
    lines = sorted(StatementLine.objects.values_list("kind", "source_id", "amount"))
    again = compute(w, day)
    assert again.total == first.total
    assert sorted(StatementLine.objects.values_list("kind", "source_id", "amount")) == lines
    assert Statement.objects.count() == 1


def test_a_reversed_deal_gives_back_exactly_what_it_earned(incentives_world: World) -> None:
    w, day = incentives_world, last_month()
    kept = won(w, "30000", day)
    undone = won(w, "30000", day, sku="SEC-100")
    earned = compute(w, day)
    earned_by_undone = sum(
        earned.lines.filter(source_id=undone.pk).values_list("amount", flat=True), Decimal(0)
    )
    assert earned_by_undone > 0
    deal_reverse(actor=w.actor(w.admin), deal=undone, reason="Order cancelled")
    today = timezone.localdate()
    now = compute(w, today)
    clawed = list(now.lines.filter(why="clawback").values_list("source_id", "amount"))
    assert sum((amount for _d, amount in clawed), Decimal(0)) == -earned_by_undone
    assert {deal for deal, _a in clawed} == {undone.pk}
    # Drafting either month again neither repeats nor loses the clawback.
    compute(w, today)
    compute(w, day)
    assert StatementLine.objects.filter(why="clawback").count() == len(clawed)
    assert compute(w, day).total == earned.total  # the month it was won keeps its lines
    assert kept.pk in set(compute(w, day).lines.values_list("source_id", flat=True))
    assert compute(w, day).pk == earned.pk  # a draft keeps its address


def test_won_and_reversed_in_the_same_month_nets_to_nothing(incentives_world: World) -> None:
    w = incentives_world
    today = timezone.localdate()
    deal = won(w, "10000", today)
    deal_reverse(actor=w.actor(w.admin), deal=deal, reason="Refunded")
    statement = compute(w, today)
    assert statement.total == 0
    assert statement.lines.filter(why="clawback").exists()


def test_a_new_rule_version_applies_from_its_day(incentives_world: World) -> None:
    w = incentives_world
    day = last_month(10)
    rule = w.rules["referral"]  # type: ignore[attr-defined]
    version = rule_version_add(
        actor=w.actor(w.admin), rule=rule, params={"pct": 20}, starts=day + dt.timedelta(days=5)
    )
    before = won(w, "1000", day, deal_type="referral")
    after = won(w, "1000", day + dt.timedelta(days=6), deal_type="referral")
    statement = compute(w, day)
    lines = {x.source_id: x for x in statement.lines.filter(kind="referral")}
    assert (
        lines[before.pk].amount == Decimal("100.00") and lines[before.pk].rule_version.number == 1
    )
    assert lines[after.pk].amount == Decimal("200.00") and lines[after.pk].rule_version == version
    assert rule.versions.get(number=1).ends == day + dt.timedelta(days=4)


def test_usage_and_marketplace_sales_earn_in_their_month(incentives_world: World) -> None:
    w, day = incentives_world, last_month(20)
    rows = [
        SaleRow(w.partner_a.pk, "usage", day.isoformat(), "U-1", "Acme GmbH", "2000.00", "USD"),
        SaleRow(w.partner_a.pk, "marketplace", day.isoformat(), "AWS-9", "Acme", "1000.00", "USD"),
    ]
    plan = plan_of(w)
    reported_sales_import(actor=w.actor(w.admin), plan=plan, period=period_of(day), rows=rows)
    assert amounts(compute(w, day)) == {
        "consumption": Decimal("100.00"),
        "marketplace": Decimal("40.00"),
    }


def test_accelerator_multiplies_the_rebate(incentives_world: World) -> None:
    w, day = incentives_world, last_month()
    for _ in range(3):
        won(w, "10000", day, sku="SEC-100")
    rebate = amounts(compute(w, day))["rebate"]
    assert rebate == Decimal("450.00")  # 1 % of 30,000, times 1.5


def test_a_referral_earns_on_the_vendors_own_sales_in_its_first_year(
    incentives_world: World,
) -> None:
    from trellis.catalog.models import ProductFamily
    from trellis.customers.models import CustomerAccount
    from trellis.deals.models import DirectOpportunity

    w = incentives_world
    day = last_month(10)
    family = ProductFamily.objects.get(code="security")

    def ours(customer: CustomerAccount, amount: str) -> DirectOpportunity:
        return DirectOpportunity.objects.create(
            customer=customer,
            family=family,
            name=f"Expansion {amount}",
            stage="won",
            is_open=False,
            amount=Decimal(amount),
            currency="USD",
            closed_at=dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC),
        )

    won(w, "1000", day - dt.timedelta(days=40), deal_type="referral")  # Alpha refers Acme
    won(w, "1000", day - dt.timedelta(days=400), partner=w.partner_b, deal_type="referral")
    within = ours(w.customer_a, "20000")
    ours(w.customer_b, "5000")  # Bravo's referral is over a year old: the sale is the vendor's
    statements_compute(actor=SYSTEM, plan=plan_of(w), period=period_of(day))
    lines = StatementLine.objects.filter(source="opportunity")
    assert [(x.source_id, x.amount, x.kind, x.partner_id) for x in lines] == [
        (within.pk, Decimal("2000.00"), "referral", w.partner_a.pk)
    ]


def test_a_sale_without_an_exchange_rate_is_left_out_and_said(incentives_world: World) -> None:
    from django.test import Client
    from django.urls import reverse

    from tests.fixtures import login
    from trellis.incentives.models import DraftRun

    w = incentives_world
    day = dt.date(2025, 1, 15)  # no franc rate is known before November 2026
    won(w, "1000", day, currency="CHF")
    won(w, "1000", day)
    statement = compute(w, day)
    assert {x.source_currency for x in statement.lines.all()} == {"USD"}
    run = DraftRun.objects.get(period="2025-01")
    assert run.missing_rates == [{"currency": "CHF", "from": "2025-01-15", "sales": 1}]
    page = login(Client(), w.finance).get(reverse("console:statements"), {"period": "2025-01"})  # type: ignore[attr-defined]
    assert "1 sale in CHF, from 2025-01-15" in page.content.decode()
