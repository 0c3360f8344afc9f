"""Concurrent approvals never over-commit a fund (real threads, each on its own connection):
a hundred approvers at once on PostgreSQL (a dozen on SQLite, which writes one at a time)."""

from __future__ import annotations

from decimal import Decimal
from functools import partial

import pytest
from django.db import connection

from tests.fixtures import World
from tests.races import race
from trellis.core.exceptions import Conflict
from trellis.funds.models import LedgerEntry, MdfRequest
from trellis.funds.selectors import fund_row
from trellis.funds.services import fund_allocate, request_approve, request_submit

from .conftest import ask, marketer

pytestmark = pytest.mark.django_db(transaction=True)


def test_parallel_approvals_never_commit_more_than_the_fund_holds(funds_world: World) -> None:
    many = 100 if connection.vendor == "postgresql" else 12
    fund = fund_allocate(
        actor=funds_world.actor(funds_world.admin),
        fund=funds_world.budget,  # type: ignore[attr-defined]
        amount=Decimal(150 * (many // 3)),  # room for a third of the requests
        partner_id=funds_world.partner_a.pk,
    )
    asker = funds_world.actor(marketer(funds_world))
    requests = [
        request_submit(
            actor=asker,
            partner=funds_world.partner_a,
            data=ask(cost=Decimal("300"), requested_amount=Decimal("150")),
        )
        for _ in range(many)
    ]
    deciders = [funds_world.actor(funds_world.admin), funds_world.actor(funds_world.cm)]

    def approve(i: int) -> MdfRequest:
        return request_approve(actor=deciders[i % 2], request=requests[i])

    results = race([partial(approve, i) for i in range(many)])
    approved = [r for r in results if isinstance(r, MdfRequest)]
    refused = [r for r in results if isinstance(r, Conflict)]
    assert len(approved) == many // 3 and len(approved) + len(refused) == many
    balances = fund_row(actor=deciders[0], fund_id=fund.pk).balances
    assert balances.committed == Decimal(150 * len(approved)) and balances.available == 0
    seqs = list(LedgerEntry.objects.filter(fund=fund).order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1))  # one unbroken chain
    assert MdfRequest.objects.filter(status="approved").count() == len(approved)
