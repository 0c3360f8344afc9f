"""Drafting a month while it is drafted again and approved (real threads, each on its own
connection): one statement per partner, its total the sum of its lines, and an approved
statement keeps the lines it was approved with."""

from __future__ import annotations

from decimal import Decimal
from functools import partial

import pytest
from django.db.models import Sum

from tests.fixtures import World
from tests.races import race
from trellis.core.actor import SYSTEM
from trellis.incentives.models import Statement, StatementLine
from trellis.incentives.services import statement_approve, statements_compute

from .conftest import last_month, period_of, plan_of, won

pytestmark = pytest.mark.django_db(transaction=True)


def test_drafting_twice_and_approving_at_once_keep_statements_whole(
    incentives_world: World,
) -> None:
    w = incentives_world
    for n in range(6):
        won(w, str(10000 + n), last_month(), sku="SEC-100" if n % 2 else "PLA-001")
        won(w, "5000", last_month(), partner=w.partner_b, deal_type="referral")
    period = period_of(last_month())
    statements_compute(actor=SYSTEM, plan=plan_of(w), period=period)
    bravo = Statement.objects.get(partner=w.partner_b)
    finance = w.actor(w.finance)  # type: ignore[attr-defined]

    def draft() -> int:
        return statements_compute(actor=SYSTEM, plan=plan_of(w), period=period)

    def approve() -> Statement:
        return statement_approve(actor=finance, statement=bravo)

    results = race([partial(draft), partial(draft), partial(approve), partial(draft)])
    assert not [r for r in results if isinstance(r, Exception)], results
    assert Statement.objects.filter(period=period).count() == 2
    for statement in Statement.objects.filter(period=period):
        summed = statement.lines.aggregate(t=Sum("amount"))["t"] or Decimal(0)
        assert statement.total == summed
    assert Statement.objects.get(pk=bravo.pk).status == "approved"
    assert StatementLine.objects.filter(statement=bravo).count() == 6
