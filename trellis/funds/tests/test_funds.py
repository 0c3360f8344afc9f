"""Funds and their ledgers: budgets and partner funds, allocation, transfers approved by a
second person, accruals on revenue, expiry, and a ledger the database keeps honest."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from tests.fixtures import ApiClient, World
from trellis.core.actor import SYSTEM
from trellis.core.exceptions import Conflict, InvalidInput, PermissionDenied
from trellis.core.models import DomainEvent
from trellis.deals.models import DealRegistration
from trellis.funds.models import Fund, LedgerEntry
from trellis.funds.selectors import fund_row
from trellis.funds.services import (
    FundInput,
    accruals_post,
    fund_allocate,
    fund_create,
    funds_expire,
    transfer_decide,
    transfer_request,
)

from .conftest import budget, fiscal_year

pytestmark = pytest.mark.django_db


def available(world: World, fund: Fund) -> Decimal:
    return fund_row(actor=world.actor(world.admin), fund_id=fund.pk).balances.available


def test_a_budget_starts_with_its_first_allocation_on_the_ledger(funds_world: World) -> None:
    fund = funds_world.budget  # type: ignore[attr-defined]
    entry = LedgerEntry.objects.get(fund=fund)
    assert (entry.seq, entry.kind, entry.amount, entry.available) == (
        1,
        "allocate",
        Decimal("50000.00"),
        Decimal("50000.00"),
    )
    assert fund.starts.month == 1 and fund.ends.month == 12
    assert DomainEvent.objects.filter(verb="fund.created", object_id=str(fund.pk)).exists()


def test_allocating_to_a_partner_draws_on_the_budget(funds_world: World) -> None:
    fund = funds_world.budget  # type: ignore[attr-defined]
    admin = funds_world.actor(funds_world.admin)
    theirs = fund_allocate(
        actor=admin, fund=fund, amount=Decimal("8000"), partner_id=funds_world.partner_a.pk
    )
    assert theirs.partner_id == funds_world.partner_a.pk and theirs.parent_id == fund.pk
    again = fund_allocate(
        actor=admin, fund=fund, amount=Decimal("2000"), partner_id=funds_world.partner_a.pk
    )
    assert again.pk == theirs.pk  # one fund per partner, program and period
    assert available(funds_world, theirs) == Decimal("10000.00")
    assert available(funds_world, fund) == Decimal("40000.00")
    with pytest.raises(Conflict, match=r"40,000\.00 available"):
        fund_allocate(
            actor=admin, fund=fund, amount=Decimal("40000.01"), partner_id=funds_world.partner_b.pk
        )
    assert available(funds_world, fund) == Decimal("40000.00")


def test_bad_funds_are_refused_and_nothing_is_stored(funds_world: World) -> None:
    admin = funds_world.actor(funds_world.admin)
    before = Fund.objects.count()
    for wrong, field in (
        ({"period": "next year"}, "period"),
        ({"currency": "XXX"}, "currency"),
        ({"amount": Decimal("-1")}, "amount"),
        ({"amount": Decimal("10.001")}, "amount"),
        ({"currency": "JPY", "amount": Decimal("10.5")}, "amount"),
        ({"tier_id": 999999}, "tier"),
        ({"allocation": "accrual"}, "partner"),
    ):
        data = {
            "name": "X",
            "currency": "EUR",
            "amount": Decimal("100"),
            "period": fiscal_year(),
            "program_id": funds_world.program.pk,
            **wrong,
        }
        with pytest.raises(InvalidInput) as refused:
            fund_create(actor=admin, data=FundInput(**data))  # type: ignore[arg-type]
        assert refused.value.field == field, wrong
    assert Fund.objects.count() == before
    with pytest.raises(PermissionDenied):  # a channel manager holds no budget
        fund_create(
            actor=funds_world.actor(funds_world.cm),
            data=FundInput(name="X", currency="EUR", amount=Decimal(1), period=fiscal_year()),
        )


def test_the_database_refuses_an_overdrawn_or_forked_ledger(funds_world: World) -> None:
    fund = funds_world.budget  # type: ignore[attr-defined]
    last = LedgerEntry.objects.get(fund=fund)
    zero = Decimal(0)
    common = {
        "fund": fund,
        "kind": "commit",
        "allocated": Decimal("50000"),
        "claimed": zero,
        "paid": zero,
        "expired": zero,
        "returned": zero,
    }
    with pytest.raises(IntegrityError), transaction.atomic():  # overdrawn
        LedgerEntry.objects.create(
            seq=2,
            amount=Decimal("60000"),
            committed=Decimal("60000"),
            available=Decimal("-10000"),
            **common,
        )
    with pytest.raises(IntegrityError), transaction.atomic():  # the sums do not add up
        LedgerEntry.objects.create(
            seq=2,
            amount=Decimal("10"),
            committed=Decimal("10"),
            available=Decimal("50000"),
            **common,
        )
    with pytest.raises(IntegrityError), transaction.atomic():  # a second entry number 1
        LedgerEntry.objects.create(
            seq=1,
            amount=Decimal("10"),
            committed=Decimal("10"),
            available=Decimal("49990"),
            **common,
        )
    with pytest.raises(ValueError):
        last.note = "changed"
        last.save()
    with pytest.raises(ValueError):
        last.delete()


def test_a_transfer_needs_a_second_person_and_moves_money_once(funds_world: World) -> None:
    source = funds_world.budget  # type: ignore[attr-defined]
    target = budget(funds_world, "0", name="APAC MDF", region="apac")
    asked = transfer_request(
        actor=funds_world.actor(funds_world.finance),  # type: ignore[attr-defined]
        source=source,
        target=target,
        amount=Decimal("5000"),
        reason="APAC launch events",
    )
    with pytest.raises(PermissionDenied):  # not the person who asked
        transfer_decide(actor=funds_world.actor(funds_world.finance), transfer=asked, approve=True)  # type: ignore[attr-defined]
    transfer_decide(actor=funds_world.actor(funds_world.admin), transfer=asked, approve=True)
    with pytest.raises(Conflict):
        transfer_decide(actor=funds_world.actor(funds_world.admin), transfer=asked, approve=True)
    assert available(funds_world, source) == Decimal("45000.00")
    assert available(funds_world, target) == Decimal("5000.00")
    usd = budget(funds_world, "10", name="Dollars", currency="USD")
    with pytest.raises(InvalidInput, match="one currency"):
        transfer_request(
            actor=funds_world.actor(funds_world.admin),
            source=source,
            target=usd,
            amount=Decimal(1),
            reason="x",
        )


def test_a_co_op_fund_accrues_a_share_of_revenue_once(funds_world: World) -> None:
    coop = fund_create(
        actor=funds_world.actor(funds_world.admin),
        data=FundInput(
            name="Alpha co-op",
            kind="coop",
            currency="EUR",
            amount=Decimal(0),
            period=f"FY{timezone.localdate().year}",
            program_id=funds_world.program.pk,
            partner_id=funds_world.partner_a.pk,
            allocation="accrual",
            accrual_pct=Decimal("2"),
        ),
    )
    DealRegistration.objects.create(
        partner=funds_world.partner_a,
        program=funds_world.program,
        customer=funds_world.customer_a,
        customer_name="Acme GmbH",
        customer_country="DE",
        amount=Decimal("100000"),
        currency="EUR",
        expected_close=timezone.localdate(),
        deal_type="new",
        status="won",
        closed_at=timezone.now() - dt.timedelta(hours=1),
    )
    assert accruals_post() == 1
    assert accruals_post() == 0  # nothing new to accrue
    assert available(funds_world, coop) == Decimal("2000.00")


def test_at_the_end_of_its_period_what_is_left_expires(funds_world: World) -> None:
    fund = funds_world.budget  # type: ignore[attr-defined]
    assert funds_expire(today=fund.ends) == 0
    assert funds_expire(today=fund.ends + dt.timedelta(days=1)) == 1
    assert funds_expire(today=fund.ends + dt.timedelta(days=2)) == 0
    row = fund_row(actor=SYSTEM, fund_id=fund.pk)
    assert row.balances.available == 0 and row.balances.expired == Decimal("50000.00")


def test_the_api_creates_and_shows_a_fund_with_its_balances(funds_world: World) -> None:
    api = ApiClient(funds_world.admin)
    made = api.post(
        "/api/v1/funds",
        {
            "name": "Alpha MDF",
            "currency": "EUR",
            "amount": "3000.00",
            "period": fiscal_year(),
            "partner": funds_world.partner_a.pk,
            "program": funds_world.program.pk,
            "parent": funds_world.budget.pk,  # type: ignore[attr-defined]
        },
    )
    assert made.status_code == 201, made.content
    fund_id = made.json()["id"]
    assert made.json()["balances"]["available"] == "3000.00"
    shown = ApiClient(funds_world.a_admin).get(f"/api/v1/funds/{fund_id}")
    assert shown.status_code == 200 and shown.json()["partner"] == funds_world.partner_a.pk
    assert ApiClient(funds_world.b_admin).get(f"/api/v1/funds/{fund_id}").status_code == 404
    budget_id = funds_world.budget.pk  # type: ignore[attr-defined]
    assert ApiClient(funds_world.a_admin).get(f"/api/v1/funds/{budget_id}").status_code == 404
    ledger = api.get(f"/api/v1/funds/{budget_id}/ledger").json()["items"]
    assert [e["kind"] for e in ledger] == ["allocate", "allocate_out"]
    bad = api.post(
        "/api/v1/funds", {"name": "X", "currency": "EUR", "amount": "-5", "period": "FY2027"}
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "amount"
