"""Approving, paying and disputing statements, and importing sales: each refusal says why
and changes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.fixtures import World
from trellis.core.actor import SYSTEM
from trellis.core.exceptions import (
    Conflict,
    InvalidInput,
    InvalidRows,
    InvalidTransition,
    PermissionDenied,
)
from trellis.core.models import DomainEvent
from trellis.incentives.models import ReportedSale, Statement
from trellis.incentives.services import (
    SaleRow,
    dispute_open,
    dispute_reply,
    dispute_resolve,
    reported_sales_import,
    statement_approve,
    statement_pay,
    statements_compute,
)
from trellis.lifecycle.models import PartnerExit

from .conftest import last_month, period_of, plan_of, won

pytestmark = pytest.mark.django_db


def drafted(world: World, day: dt.date) -> Statement:
    statements_compute(actor=SYSTEM, plan=plan_of(world), period=period_of(day))
    return Statement.objects.get(partner=world.partner_a, period=period_of(day))


def approved(world: World) -> Statement:
    won(world, "10000", last_month(), deal_type="referral")
    finance = world.actor(world.finance)  # type: ignore[attr-defined]
    return statement_approve(actor=finance, statement=drafted(world, last_month()))


def test_a_month_is_approved_once_over_and_then_frozen(incentives_world: World) -> None:
    w = incentives_world
    finance = w.actor(w.finance)  # type: ignore[attr-defined]
    won(w, "10000", timezone.localdate(), deal_type="referral")
    current = drafted(w, timezone.localdate())
    with pytest.raises(Conflict, match="not over"):
        statement_approve(actor=finance, statement=current)
    statement = approved(w)
    assert statement.status == "approved" and statement.approved_by_id == w.finance.pk  # type: ignore[attr-defined]
    won(w, "50000", last_month(), deal_type="referral")  # reported late
    assert drafted(w, last_month()).total == Decimal("1000.00")  # approved: unchanged
    with pytest.raises(InvalidTransition):
        statement_approve(actor=finance, statement=statement)
    with pytest.raises(PermissionDenied):
        statement_approve(actor=w.actor(w.a_admin), statement=statement)


def test_payment_needs_a_reference_and_waits_for_a_departed_partner(
    incentives_world: World,
) -> None:
    w = incentives_world
    finance = w.actor(w.finance)  # type: ignore[attr-defined]
    statement = approved(w)
    with pytest.raises(InvalidInput, match="reference"):
        statement_pay(actor=finance, statement=statement, reference="  ")
    exit_ = PartnerExit.objects.create(
        partner=w.partner_a, kind="voluntary", reason="Leaving", anonymise_on=dt.date(2030, 1, 1)
    )
    with pytest.raises(Conflict, match="held"):
        statement_pay(actor=finance, statement=statement, reference="PAY-1")
    exit_.payouts_held = False
    exit_.save()
    paid = statement_pay(actor=finance, statement=statement, reference="PAY-1")
    assert paid.status == "paid" and paid.payment_reference == "PAY-1"
    assert DomainEvent.objects.filter(verb="statement.paid").count() == 1


def test_a_line_is_disputed_discussed_and_corrected_next_month(incentives_world: World) -> None:
    w = incentives_world
    finance = w.actor(w.finance)  # type: ignore[attr-defined]
    partner = w.actor(w.a_admin)
    line = approved(w).lines.get()
    with pytest.raises(InvalidInput):
        dispute_open(actor=partner, line=line, comment="   ")
    dispute = dispute_open(actor=partner, line=line, comment="The deal was 12,000, not 10,000.")
    with pytest.raises(Conflict, match="already disputed"):
        dispute_open(actor=partner, line=line, comment="Again")
    with pytest.raises(PermissionDenied):
        dispute_open(actor=w.actor(w.a_sales), line=line, comment="Sales may not")
    dispute_reply(actor=finance, dispute=dispute, comment="Checking the order.")
    with pytest.raises(InvalidInput, match="decimals"):
        dispute_resolve(
            actor=finance, dispute=dispute, accept=True, comment="x", adjustment=Decimal("1.001")
        )
    dispute_resolve(
        actor=finance,
        dispute=dispute,
        accept=True,
        comment="Confirmed: the order was 12,000.",
        adjustment=Decimal("200.00"),
    )
    assert [m.body for m in dispute.messages.all()][-1] == "Confirmed: the order was 12,000."
    with pytest.raises(InvalidTransition):
        dispute_resolve(actor=finance, dispute=dispute, accept=False, comment="No")
    now = drafted(w, timezone.localdate())
    correction = now.lines.get(why="adjustment")
    assert correction.amount == Decimal("200.00") and correction.source_id == dispute.pk
    assert correction.rule_version_id == line.rule_version_id


def test_a_draft_cannot_be_disputed(incentives_world: World) -> None:
    w = incentives_world
    won(w, "10000", last_month(), deal_type="referral")
    line = drafted(w, last_month()).lines.get()
    with pytest.raises(Conflict, match="draft"):
        dispute_open(actor=w.actor(w.a_admin), line=line, comment="Too early")


def test_a_net_clawback_is_not_paid(incentives_world: World) -> None:
    from trellis.deals.services import deal_reverse

    w = incentives_world
    before = last_month() - dt.timedelta(days=40)
    deal = won(w, "10000", before, deal_type="referral")
    drafted(w, before)
    statement_approve(
        actor=w.actor(w.finance),  # type: ignore[attr-defined]
        statement=Statement.objects.get(period=period_of(before)),
    )
    deal_reverse(actor=w.actor(w.admin), deal=deal, reason="Cancelled")
    today = timezone.localdate()
    assert drafted(w, today).total == Decimal("-1000.00")


def row(world: World, **extra: str) -> SaleRow:
    fields = {
        "kind": "usage",
        "sold_on": last_month(20).isoformat(),
        "reference": "U-1",
        "customer": "Acme GmbH",
        "amount": "100.00",
        "currency": "USD",
        **extra,
    }
    return SaleRow(world.partner_a.pk, **fields)  # type: ignore[arg-type]


def test_an_import_with_any_bad_row_stores_nothing(incentives_world: World) -> None:
    w = incentives_world
    admin, plan, period = w.actor(w.admin), plan_of(w), period_of(last_month())
    bad = [
        row(w, reference="U-2", amount="-5"),
        row(w, reference="U-3", currency="XXX"),
        row(w, reference="U-4", sold_on="2001-01-01"),
        row(w, reference="U-5", kind="gift"),
        row(w, reference="U-6", amount="1.234"),
        row(w, reference="U-7", amount="abc"),
        row(w, reference=""),
    ]
    with pytest.raises(InvalidRows) as refused:
        reported_sales_import(actor=admin, plan=plan, period=period, rows=[row(w), *bad])
    assert len(refused.value.rows) == len(bad) and not ReportedSale.objects.exists()
    assert reported_sales_import(actor=admin, plan=plan, period=period, rows=[row(w)]) == 1
    with pytest.raises(InvalidRows, match="Nothing was stored"):
        reported_sales_import(actor=admin, plan=plan, period=period, rows=[row(w)])
    with pytest.raises(InvalidInput):
        reported_sales_import(actor=admin, plan=plan, period="2026-13", rows=[row(w)])
    with pytest.raises(PermissionDenied):
        reported_sales_import(actor=w.actor(w.a_admin), plan=plan, period=period, rows=[row(w)])
    assert ReportedSale.objects.count() == 1


def test_another_programs_deals_earn_in_their_own_plan(incentives_world: World) -> None:
    from trellis.partners.models import Program

    w = incentives_world
    other = Program.objects.create(slug="alliance", name="Alliance")
    won(w, "10000", last_month(), deal_type="referral", program=other)
    statements_compute(actor=SYSTEM, plan=plan_of(w), period=period_of(last_month()))
    assert not Statement.objects.exists()


def test_a_whole_month_is_approved_in_the_background(incentives_world: World) -> None:
    from trellis.incentives.services import month_approval_request

    w = incentives_world
    finance = w.actor(w.finance)  # type: ignore[attr-defined]
    won(w, "10000", last_month(), deal_type="referral")
    won(w, "20000", last_month(), partner=w.partner_b, deal_type="referral")
    drafted(w, last_month())
    with pytest.raises(Conflict, match="not over"):
        month_approval_request(actor=finance, period=period_of(timezone.localdate()))
    with pytest.raises(PermissionDenied):
        month_approval_request(actor=w.actor(w.a_admin), period=period_of(last_month()))
    assert month_approval_request(actor=finance, period=period_of(last_month())) == 2
    assert set(Statement.objects.values_list("status", flat=True)) == {"approved"}
    approvals = DomainEvent.objects.filter(verb="statement.approved")
    assert approvals.count() == 2 and {e.actor_user_id for e in approvals} == {w.finance.pk}  # type: ignore[attr-defined]
    with pytest.raises(Conflict, match="No draft"):
        month_approval_request(actor=finance, period=period_of(last_month()))


@pytest.mark.parametrize("period", ["0000-01", "9999-12", "2026-13", "20x6-01", "2026"])
def test_a_month_that_is_not_one_is_refused(incentives_world: World, period: str) -> None:
    w = incentives_world
    with pytest.raises(InvalidInput, match="YYYY-MM"):
        statements_compute(actor=w.actor(w.finance), plan=plan_of(w), period=period)  # type: ignore[attr-defined]
