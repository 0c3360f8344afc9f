"""A funds world: both tiers may ask for funds, a marketing manager and a finance approver,
and a program budget in euros covering activities that start next month."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from tests.fixtures import World, _user
from trellis.accounts.models import User
from trellis.funds.models import Fund
from trellis.funds.services import FundInput, RequestInput, fund_create


def soon(days: int = 30) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def fiscal_year(day: dt.date | None = None) -> str:
    return f"FY{(day or soon()).year}"


@pytest.fixture
def funds_world(world: World) -> World:
    world.silver.mdf_eligible = True
    world.silver.save()
    world.marketing = _user("mia@vendor.test", ["marketing"], name="Mia Marketing")  # type: ignore[attr-defined]
    world.finance = _user("fin@vendor.test", ["finance"], name="Finn Finance")  # type: ignore[attr-defined]
    world.a_marketer = _user("max@alpha.test", ["partner_marketing"], world.partner_a, "Max Alpha")  # type: ignore[attr-defined]
    world.budget = budget(world, "50000.00")  # type: ignore[attr-defined]
    return world


def budget(world: World, amount: str, **extra: Any) -> Fund:
    data: dict[str, Any] = {
        "name": "EMEA MDF",
        "currency": "EUR",
        "amount": Decimal(amount),
        "period": fiscal_year(),
        "program_id": world.program.pk,
        **extra,
    }
    return fund_create(actor=world.actor(world.admin), data=FundInput(**data))


def marketer(world: World) -> User:
    return world.a_marketer  # type: ignore[attr-defined,no-any-return]


def ask(**extra: Any) -> RequestInput:
    data: dict[str, Any] = {
        "activity_type": "webinar",
        "title": "Cloud migration webinar",
        "starts": soon(30),
        "ends": soon(30),
        "cost": Decimal("4000.00"),
        "requested_amount": Decimal("2000.00"),
        "currency": "EUR",
        "expected_leads": 40,
        "expected_pipeline": Decimal("120000.00"),
        **extra,
    }
    return RequestInput(**data)
