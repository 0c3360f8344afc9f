"""An incentives world: a plan in US dollars with one rule of each kind, finance staff, a
partner finance user, and helpers to win deals and report sales on given days."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from tests.fixtures import World, _user
from trellis.catalog.models import Product, ProductFamily
from trellis.core import stamps
from trellis.core.models import ExchangeRate
from trellis.deals.models import DealProduct, DealRegistration
from trellis.incentives.models import IncentivePlan
from trellis.incentives.services import plan_for, rule_create


def last_month(day: int = 10) -> dt.date:
    return (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=day)


def period_of(day: dt.date) -> str:
    return f"{day:%Y-%m}"


@pytest.fixture
def incentives_world(world: World) -> World:
    # Rates from long ago, so deals on any day of the tests convert (EUR 1.10, JPY 0.0070).
    for currency, usd in (("EUR", "1.10"), ("JPY", "0.0070")):
        ExchangeRate.objects.get_or_create(
            currency=currency, effective_on=dt.date(2020, 1, 1), defaults={"usd_per_unit": usd}
        )
    stamps.bump(stamps.RATES)
    world.finance = _user("fin@vendor.test", ["finance"], name="Finn Finance")  # type: ignore[attr-defined]
    world.a_finance = _user("fay@alpha.test", ["partner_finance"], world.partner_a, "Fay Alpha")  # type: ignore[attr-defined]
    security = ProductFamily.objects.create(code="security", name="Security")
    Product.objects.create(sku="SEC-100", name="Secure Edge", family=security)
    actor = world.actor(world.admin)
    plan = plan_for(actor=actor, program=world.program, currency="USD")
    start = dt.date(2020, 1, 1)
    terms: list[tuple[str, str, dict[str, Any]]] = [
        ("Registration uplift", "uplift", {}),
        (
            "Quarterly rebate",
            "rebate",
            {
                "bands": [[0, 1], [50000, 2]],
                "accelerator": {"family": "security", "min_deals": 3, "multiplier": 1.5},
            },
        ),
        ("Secure Edge SPIFF", "spiff", {"sku": "SEC-100", "amount": 250}),
        ("Referral fee", "referral", {"pct": 10}),
        ("Consumption", "consumption", {"pct": 5}),
        ("Marketplace credit", "marketplace", {"pct": 4}),
    ]
    world.rules = {  # type: ignore[attr-defined]
        kind: rule_create(actor=actor, plan=plan, name=name, kind=kind, params=p, starts=start)
        for name, kind, p in terms
    }
    world.plan = plan  # type: ignore[attr-defined]
    return world


def plan_of(world: World) -> IncentivePlan:
    return world.plan  # type: ignore[attr-defined,no-any-return]


def won(
    world: World,
    amount: str,
    day: dt.date,
    *,
    partner: Any = None,
    currency: str = "USD",
    sku: str = "PLA-001",
    **extra: Any,
) -> DealRegistration:
    """A registration approved 30 days before ``day`` and won on it (at noon UTC)."""
    partner = partner or world.partner_a
    closed = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
    deal = DealRegistration.objects.create(
        partner=partner,
        program=extra.pop("program", world.program),
        customer=world.customer_a if partner == world.partner_a else world.customer_b,
        customer_name="Acme GmbH" if partner == world.partner_a else "Globex K.K.",
        customer_country="DE",
        amount=Decimal(amount),
        currency=currency,
        expected_close=day,
        status=extra.pop("status", "won"),
        closed_at=closed,
        decided_at=closed - dt.timedelta(days=30),
        uplift_pct=Decimal(extra.pop("uplift", "3")),
        **extra,
    )
    product = Product.objects.get(sku=sku)
    DealProduct.objects.create(deal=deal, product=product, family_id=product.family_id)
    return deal
