"""The earnings pages read the same number of statements however many lines, statements and
disputes they show (no query per row), and the nightly job drafts the same lines when it runs
twice."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.fixtures import World, login
from trellis.core.actor import SYSTEM
from trellis.incentives.models import Statement, StatementLine
from trellis.incentives.services import dispute_open, statement_approve, statements_compute
from trellis.incentives.tasks import statements_daily_sweep

from .conftest import last_month, period_of, plan_of, won

pytestmark = pytest.mark.django_db


def _month(world: World, deals: int) -> Statement:
    for n in range(deals):
        won(world, str(10000 + n), last_month(), sku="SEC-100" if n % 2 else "PLA-001")
        won(world, "5000", last_month(), partner=world.partner_b)
    statements_compute(actor=SYSTEM, plan=plan_of(world), period=period_of(last_month()))
    finance = world.actor(world.finance)  # type: ignore[attr-defined]
    for statement in Statement.objects.all():
        statement_approve(actor=finance, statement=statement)
    mine = Statement.objects.get(partner=world.partner_a)
    for line in mine.lines.all()[:deals]:
        dispute_open(actor=world.actor(world.a_admin), line=line, comment="Check this one")
    return mine


@pytest.mark.parametrize("deals", [1, 4])
def test_earnings_pages_take_the_same_number_of_statements_however_many_rows(
    incentives_world: World, deals: int
) -> None:
    mine = _month(incentives_world, deals)
    finance = incentives_world.finance  # type: ignore[attr-defined]
    pages = [
        (finance, "console:statements", []),
        (finance, "console:statement", [mine.pk]),
        (finance, "console:disputes", []),
        (incentives_world.a_admin, "portal:earnings", []),
        (incentives_world.a_admin, "portal:statement", [mine.pk]),
    ]
    counts = {}
    for user, name, args in pages:
        client = login(Client(), user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(name, args=args)).status_code == 200
        counts[name] = len(queries)
    assert counts == STATEMENTS


# Session, user, roles and partner, then one statement per kind of thing the page shows.
STATEMENTS = {
    "console:statements": 11,
    "console:statement": 8,
    "console:disputes": 6,
    "portal:earnings": 20,
    "portal:statement": 10,
}


def test_the_nightly_job_drafts_this_and_last_month_and_repeats_safely(
    incentives_world: World,
) -> None:
    won(incentives_world, "10000", last_month())
    won(incentives_world, "20000", timezone.localdate())
    assert statements_daily_sweep() == {"statements": 2}
    lines = sorted(StatementLine.objects.values_list("statement__period", "kind", "amount"))
    assert statements_daily_sweep() == {"statements": 2}
    assert sorted(StatementLine.objects.values_list("statement__period", "kind", "amount")) == lines
