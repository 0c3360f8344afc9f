"""Naming a co-seller is a request: it counts only once the named partner accepts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.fixtures import ApiClient, World, _partner, _user, login
from trellis.core.models import DomainEvent, Notification
from trellis.deals.models import DealCoSeller
from trellis.deals.selectors import partner_co_selling
from trellis.deals.tests.conftest import deal_input
from trellis.partners.models import Partner

pytestmark = pytest.mark.django_db


@pytest.fixture
def echo(world: World) -> tuple[Partner, Any]:
    partner = _partner("Echo Ops", "echo.test", "DE", world.cm, kind="msp")
    return partner, _user("eve@echo.test", ["partner_admin"], partner, "Eve Echo")


def _register_naming(world: World, *partner_ids: int) -> Any:
    body = {
        "customer": {"name": "Initrode GmbH", "country": "DE"},
        "products": ["PLA-001"],
        "amount": "20000",
        "currency": "EUR",
        "expected_close": (timezone.localdate() + dt.timedelta(days=60)).isoformat(),
        "contact": {"name": "Dana Buyer", "email": "dana@initrode.example"},
        "co_sellers": list(partner_ids),
    }
    return ApiClient(world.a_sales).post("/api/v1/deals", body)


def test_a_named_partner_counts_only_after_it_accepts(world: World, echo: Any) -> None:
    partner, eve = echo
    response = _register_naming(world, partner.pk)
    assert response.status_code == 201, response.content
    deal_id = response.json()["id"]
    link = DealCoSeller.objects.get(deal_id=deal_id)
    assert link.status == "proposed"
    assert partner_co_selling(partner_id=world.partner_a.pk) == ({}, {})  # a request only
    # Eve hears who asked, and answers.
    told = Notification.objects.get(user=eve, verb="deal.co_seller_named")
    assert "Alpha" in told.title and told.url == reverse("portal:co_seller_requests")
    assert any(m.to == [eve.email] for m in mail.outbox)
    requests = ApiClient(eve).get("/api/v1/co-selling-requests").json()["items"]
    assert [r["id"] for r in requests] == [link.pk] and requests[0]["status"] == "proposed"
    answer = ApiClient(eve).post(f"/api/v1/co-selling-requests/{link.pk}/accept", {})
    assert answer.status_code == 200 and answer.json()["status"] == "accepted"
    with_a, totals = partner_co_selling(partner_id=world.partner_a.pk)
    assert with_a == {partner.pk: 1} and totals[partner.pk] == 1
    assert DomainEvent.objects.filter(verb="deal.co_seller_accepted").count() == 1
    # The registrant sees the answer on its deal.
    named = ApiClient(world.a_sales).get(f"/api/v1/deals/{deal_id}/co-sellers").json()
    assert named == [
        {
            "partner": partner.pk,
            "partner_name": "Echo Ops",
            "status": "accepted",
            "named_at": named[0]["named_at"],
            "answered_at": named[0]["answered_at"],
        }
    ]


def test_a_request_is_answered_once_and_only_by_the_named_partner(world: World, echo: Any) -> None:
    partner, eve = echo
    deal_id = _register_naming(world, partner.pk).json()["id"]
    link = DealCoSeller.objects.get(deal_id=deal_id)
    # The registrant cannot accept on the named partner's behalf; nor can a bystander.
    for user in (world.a_admin, world.b_admin):
        api = ApiClient(user)
        assert api.post(f"/api/v1/co-selling-requests/{link.pk}/accept", {}).status_code == 404
        assert api.get("/api/v1/co-selling-requests").json()["items"] == []
    assert ApiClient(eve).post(f"/api/v1/co-selling-requests/{link.pk}/decline", {}).json()[
        "status"
    ] == ("declined")
    again = ApiClient(eve).post(f"/api/v1/co-selling-requests/{link.pk}/accept", {})
    assert again.status_code == 409
    link.refresh_from_db()
    assert link.status == "declined" and partner_co_selling(partner_id=None) == ({}, {})


def test_an_id_that_cannot_be_named_gets_one_answer_whatever_it_is(world: World, echo: Any) -> None:
    partner, _eve = echo
    partner.status = "suspended"
    partner.save(update_fields=["status"])
    answers = set()
    for pk in (partner.pk, 9_999_999):
        response = _register_naming(world, pk)
        assert response.status_code == 422
        error = response.json()["errors"][0]
        assert error["field"] == "co_sellers" and str(pk) not in error["message"]
        answers.add(error["message"])
    assert len(answers) == 1  # a suspended partner and no partner at all read the same
    assert not DealCoSeller.objects.exists()


def test_the_named_partner_answers_in_the_portal(world: World, echo: Any) -> None:
    from trellis.deals.services import deal_register

    partner, eve = echo
    deal = deal_register(
        actor=world.actor(world.a_sales),
        partner=world.partner_a,
        data=deal_input(co_seller_ids=[partner.pk]),
    )
    link = DealCoSeller.objects.get(deal=deal)
    client = login(Client(), eve)
    page = client.get(reverse("portal:co_seller_requests")).content.decode()
    assert "Alpha" in page and "Initrode GmbH" in page and "Accept" in page
    response = client.post(reverse("portal:co_seller_accept", args=[link.pk]), follow=True)
    assert "You now co-sell at Initrode GmbH." in response.content.decode()
    link.refresh_from_db()
    assert link.status == "accepted" and link.answered_by_id == eve.pk
    # Partner A's page shows the answer; partner B reaches neither page nor action.
    detail = login(Client(), world.a_sales).get(reverse("portal:deal_detail", args=[deal.pk]))
    assert "Echo Ops" in detail.content.decode() and "Selling together" in detail.content.decode()
    bystander = login(Client(), world.b_admin)
    assert "Initrode" not in bystander.get(reverse("portal:co_seller_requests")).content.decode()
    url = reverse("portal:co_seller_decline", args=[link.pk])
    assert bystander.post(url).status_code == 404
