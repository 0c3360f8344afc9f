"""Deal-registration fixtures on top of the two-partner world."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from tests.fixtures import World
from trellis.catalog.models import Product, ProductFamily, ProductPrice
from trellis.customers.services import CustomerInput
from trellis.deals.models import RulesOfEngagement
from trellis.deals.services import DealInput, deal_register


@pytest.fixture
def deals_world(world: World) -> World:
    security = ProductFamily.objects.create(code="security", name="Security Suite")
    product = Product.objects.create(sku="SEC-001", name="Endpoint Protect", family=security)
    ProductPrice.objects.create(product=product, currency="USD", list_price="3500.00")
    RulesOfEngagement.objects.create(
        program=world.program, auto_approve_max_amount=Decimal("50000")
    )
    world.silver.deal_reg_uplift_pct = Decimal("3")
    world.silver.save()
    world.gold.deal_reg_uplift_pct = Decimal("6")
    world.gold.save()
    return world


def deal_input(
    name: str = "Initrode GmbH",
    *,
    country: str = "DE",
    domain: str = "",
    amount: str = "20000",
    products: tuple[str, ...] = ("PLA-001",),
    **extra: Any,
) -> DealInput:
    return DealInput(
        customer=CustomerInput(name, domain, country, extra.pop("city", "")),
        products=list(products),
        amount=amount,
        currency=extra.pop("currency", "EUR"),
        expected_close=extra.pop("expected_close", timezone.localdate() + dt.timedelta(days=45)),
        contact_name="Dana Buyer",
        contact_email=extra.pop("contact_email", "dana@initrode.example"),
        **extra,
    )


def register(world: World, user: Any, **kwargs: Any) -> Any:
    return deal_register(actor=world.actor(user), partner=user.partner, data=deal_input(**kwargs))
