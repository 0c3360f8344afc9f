"""What an activity returned: leads and registrations carrying its campaign code (its own
partner's registrations only), pipeline and revenue converted at each registration's date,
against its spend; the sums per kind, region and partner; and the pages that show them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tests.fixtures import ApiClient, World, login
from trellis.deals.models import DealRegistration
from trellis.funds.models import MdfRequest
from trellis.funds.selectors import activity_results, overall, results_by
from trellis.funds.services import request_approve, request_submit
from trellis.leads.models import Lead

from .conftest import ask, marketer

pytestmark = pytest.mark.django_db


def approved(world: World) -> MdfRequest:
    made = request_submit(actor=world.actor(marketer(world)), partner=world.partner_a, data=ask())
    return request_approve(actor=world.actor(world.admin), request=made)


def deal(
    world: World, code: str, amount: str, currency: str, status: str, partner: Any = None
) -> None:
    DealRegistration.objects.create(
        partner=partner or world.partner_a,
        program=world.program,
        customer=world.customer_a,
        customer_name="Acme GmbH",
        customer_country="DE",
        amount=Decimal(amount),
        currency=currency,
        expected_close=timezone.localdate(),
        deal_type="new",
        status=status,
        campaign_code=code,
    )


def test_an_activity_counts_what_its_code_brought(funds_world: World) -> None:
    request = approved(funds_world)
    today = timezone.localdate()
    MdfRequest.objects.filter(pk=request.pk).update(starts=today, ends=today)  # it took place
    code = request.campaign_code
    deal(funds_world, code, "10000", "EUR", "won")
    deal(funds_world, code, "5000", "EUR", "submitted")
    deal(funds_world, code, "2000", "EUR", "rejected")  # not pipeline
    deal(funds_world, code, "99999", "EUR", "won", partner=funds_world.partner_b)  # not its own
    Lead.objects.create(
        program=funds_world.program,
        customer_name="Umbrella",
        country="DE",
        contact_name="Ida",
        campaign_code=code,
    )
    [result] = activity_results(actor=funds_world.actor(funds_world.admin))
    o = result.outcome
    assert (o.leads, o.deals, o.won) == (1, 2, 1)
    assert (o.pipeline, o.revenue, o.spend) == (
        Decimal("15000.00"),
        Decimal("10000.00"),
        Decimal("2000.00"),
    )
    assert o.roi == pytest.approx(4.0)  # (10,000 - 2,000) / 2,000
    assert overall([result]).revenue > Decimal("10000")  # a euro is worth more than a dollar
    [(label, by_kind)] = results_by([result], "activity_type")
    assert label == "Webinar" and by_kind.deals == 2
    page = login(Client(), funds_world.admin).get("/console/mdf/returns/").content.decode()
    assert "Cloud migration webinar" in page and "400%" in page
    mine = login(Client(), marketer(funds_world)).get(f"/portal/funds/requests/{request.pk}/")
    assert "What it returned" in mine.content.decode()
    assert activity_results(actor=funds_world.actor(funds_world.b_admin)) == []


def test_a_registration_takes_a_campaign_code_and_a_bad_one_is_refused(funds_world: World) -> None:
    api = ApiClient(funds_world.a_sales)
    body = {
        "customer": {"name": "Hooli Deutschland", "country": "DE"},
        "products": ["PLA-001"],
        "amount": "5000.00",
        "currency": "EUR",
        "expected_close": (timezone.localdate().replace(day=1))
        .replace(year=timezone.localdate().year + 1)
        .isoformat(),
        "campaign_code": "mdf-1a2b3c4d",
    }
    made = api.post("/api/v1/deals", body)
    assert made.status_code == 201, made.content
    assert made.json()["campaign_code"] == "MDF-1A2B3C4D"
    bad = api.post("/api/v1/deals", {**body, "campaign_code": "no spaces please"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "campaign_code"
