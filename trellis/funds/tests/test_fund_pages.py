"""The fund pages read the same number of statements however many funds, requests and claims
they show (no query per row)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.fixtures import World, login
from trellis.funds.services import (
    Proof,
    claim_approve,
    claim_submit,
    fund_allocate,
    request_approve,
    request_submit,
)

from .conftest import ask, marketer

pytestmark = pytest.mark.django_db


def _activity(world: World, n: int) -> None:
    made = request_submit(
        actor=world.actor(marketer(world)), partner=world.partner_a, data=ask(title=f"Webinar {n}")
    )
    approved = request_approve(actor=world.actor(world.admin), request=made)
    raw = b"%PDF-1.4 invoice " + str(n).encode()
    claim = claim_submit(
        actor=world.actor(marketer(world)),
        request=approved,
        amount=Decimal("1000"),
        currency="EUR",
        invoice_number=f"INV-{n}",
        proofs=[Proof("invoice", io.BytesIO(raw), "invoice.pdf", len(raw))],
        today=approved.starts + dt.timedelta(days=1),
    )
    claim_approve(
        actor=world.actor(world.admin), claim=claim, checklist=["invoice_matches", "proof_shown"]
    )


PAGES = (
    ("console", "console:fund_list", "?show=open"),
    ("console", "console:mdf_queue", "?status=all"),
    ("console", "console:mdf_claims", "?status=approved"),
    ("console", "console:mdf_roi", ""),
    ("portal", "portal:mdf", ""),
)


@pytest.mark.parametrize("count", [1, 5])
def test_fund_pages_take_the_same_number_of_statements_however_many_rows(
    funds_world: World, count: int
) -> None:
    for n in range(count):
        fund_allocate(
            actor=funds_world.actor(funds_world.admin),
            fund=funds_world.budget,  # type: ignore[attr-defined]
            amount=Decimal("3000"),
            partner_id=funds_world.partner_a.pk,
        )
        _activity(funds_world, n)
    clients = {
        "console": login(Client(), funds_world.admin),
        "portal": login(Client(), marketer(funds_world)),
    }
    counts = {}
    for surface, name, query in PAGES:
        with CaptureQueriesContext(connection) as queries:
            assert clients[surface].get(reverse(name) + query).status_code == 200
        counts[name] = len(queries)
    assert counts == STATEMENTS


# Session, user, roles and partner, then one statement per kind of row the page shows.
STATEMENTS = {
    "console:fund_list": 12,
    "console:mdf_queue": 8,
    "console:mdf_claims": 7,
    "console:mdf_roi": 10,
    "portal:mdf": 9,
}


@pytest.mark.parametrize("count", [1, 4])
def test_a_request_page_reads_its_claims_in_fixed_statements(
    funds_world: World, count: int
) -> None:
    made = request_submit(
        actor=funds_world.actor(marketer(funds_world)), partner=funds_world.partner_a, data=ask()
    )
    approved = request_approve(actor=funds_world.actor(funds_world.admin), request=made)
    for n in range(count):
        raw = b"%PDF-1.4 claim " + str(n).encode()
        claim_submit(
            actor=funds_world.actor(marketer(funds_world)),
            request=approved,
            amount=Decimal("100"),
            currency="EUR",
            invoice_number=f"C-{n}",
            proofs=[Proof("invoice", io.BytesIO(raw), f"c{n}.pdf", len(raw))],
            today=approved.starts,
        )
    counts = []
    for client, name in (
        (login(Client(), funds_world.admin), "console:mdf_request"),
        (login(Client(), marketer(funds_world)), "portal:mdf_request"),
    ):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(name, args=[approved.pk])).status_code == 200
        counts.append(len(queries))
    assert counts == REQUEST_PAGE_STATEMENTS


REQUEST_PAGE_STATEMENTS = [17, 14]  # console, portal: the request, its fund, claims, results
