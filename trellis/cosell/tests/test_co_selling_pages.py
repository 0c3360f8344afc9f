"""Co-selling through the console, the portal and the API, as people and integrations use it."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal
from typing import Any

import httpx
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.fixtures import ApiClient, World, login
from trellis.catalog.models import ProductFamily
from trellis.cosell import services
from trellis.cosell.models import CoSell, CoSellMessage, CoSellStep
from trellis.deals.models import DirectOpportunity
from trellis.deals.services import deal_register
from trellis.deals.tests.conftest import deal_input

pytestmark = pytest.mark.django_db


def _opportunity(world: World, name: str = "Acme expansion") -> DirectOpportunity:
    return DirectOpportunity.objects.create(
        customer=world.customer_a,
        family=ProductFamily.objects.get(code="platform"),
        name=name,
        owner=world.cm,
        amount=Decimal("250000"),
        currency="EUR",
        stage="develop",
        contact_name="Petra Buyer",
        contact_email="petra@acme.example",
        notes="Budget approved in Q3.",
    )


def test_channel_manager_invites_a_recommended_partner_from_the_opportunity(world: World) -> None:
    opportunity = _opportunity(world)
    console = login(Client(), world.cm)
    page = console.get(
        reverse("console:opportunity_detail", args=[opportunity.pk])
    ).content.decode()
    assert "Invite Alpha Systems" in page and "Petra Buyer" in page
    response = console.post(
        reverse("console:cosell_invite_partner", args=[opportunity.pk]),
        {"partner": world.partner_a.pk, "message": "Integration help?", "shared_fields": ["stage"]},
    )
    cosell = CoSell.objects.get()
    assert response["Location"] == reverse("console:cosell_detail", args=[cosell.pk])
    assert cosell.shared_fields == ["stage"] and cosell.message == "Integration help?"
    page = console.get(
        reverse("console:opportunity_detail", args=[opportunity.pk])
    ).content.decode()
    assert "Already invited" in page


def test_inviting_without_a_partner_says_so_and_creates_nothing(world: World) -> None:
    opportunity = _opportunity(world)
    console = login(Client(), world.cm)
    response = console.post(
        reverse("console:cosell_invite_partner", args=[opportunity.pk]), {}, follow=True
    )
    assert "Pick the partner to invite." in response.content.decode()
    assert not CoSell.objects.exists()


def test_partner_sees_the_invitation_without_what_is_not_shared_and_works_it(world: World) -> None:
    cosell = services.cosell_invite_partner(
        actor=world.actor(world.cm),
        opportunity=_opportunity(world),
        partner=world.partner_a,
        shared_fields=["stage"],
    )
    portal = login(Client(), world.a_sales)
    listing = portal.get(reverse("portal:cosell_list")).content.decode()
    assert "1 invitation is waiting for your answer." in listing and "Acme expansion" in listing
    detail = portal.get(reverse("portal:cosell_detail", args=[cosell.pk])).content.decode()
    assert "Develop" in detail and "Accept and co-sell" in detail
    for secret in ("250,000", "250000", "Petra", "petra@acme.example", "Budget approved"):
        assert secret not in detail
    action = "portal:cosell_action"
    portal.post(reverse(action, args=[cosell.pk, "accept"]))
    portal.post(reverse(action, args=[cosell.pk, "post"]), {"body": "Workshop on Tuesday?"})
    due = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    portal.post(
        reverse(action, args=[cosell.pk, "step"]),
        {"title": "Send agenda", "owner": world.a_sales.pk, "due_on": due},
    )
    step = CoSellStep.objects.get()
    portal.post(reverse(action, args=[cosell.pk, "done"]), {"step": step.pk})
    cosell.refresh_from_db()
    step.refresh_from_db()
    assert cosell.status == "active" and CoSellMessage.objects.get().side == "partner"
    assert step.done_by_id == world.a_sales.pk
    detail = portal.get(reverse("portal:cosell_detail", args=[cosell.pk])).content.decode()
    assert "Workshop on Tuesday?" in detail and "Send agenda" in detail


def test_a_bad_step_shows_the_reason_and_adds_nothing(world: World) -> None:
    cosell = services.cosell_invite_partner(
        actor=world.actor(world.cm), opportunity=_opportunity(world), partner=world.partner_a
    )
    services.cosell_accept(actor=world.actor(world.a_sales), cosell=cosell)
    portal = login(Client(), world.a_sales)
    response = portal.post(
        reverse("portal:cosell_action", args=[cosell.pk, "step"]),
        {"title": "Call", "owner": world.a_sales.pk, "due_on": "yesterday"},
        follow=True,
    )
    page = response.content.decode()
    assert "Give the due date as a date." in page
    assert response.status_code == 422 and 'value="Call"' in page  # the typed step stays
    assert not CoSellStep.objects.exists()
    message = portal.post(
        reverse("portal:cosell_action", args=[cosell.pk, "post"]), {"body": "Agenda\x00 draft"}
    )
    assert message.status_code == 422 and "Agenda" in message.content.decode()


def test_partner_invites_the_vendor_from_its_registration_and_the_console_answers(
    world: World,
) -> None:
    deal = deal_register(
        actor=world.actor(world.a_sales), partner=world.partner_a, data=deal_input(amount="90000")
    )
    portal = login(Client(), world.a_sales)
    assert (
        "Invite the vendor"
        in portal.get(reverse("portal:deal_detail", args=[deal.pk])).content.decode()
    )
    form = portal.get(reverse("portal:cosell_invite_vendor", args=[deal.pk])).content.decode()
    assert "Send the invitation" in form
    portal.post(
        reverse("portal:cosell_invite_vendor", args=[deal.pk]),
        {"message": "Need an architect", "shared_fields": ["amount", "contacts"]},
    )
    cosell = CoSell.objects.get()
    # Asking again leads to the live co-sell rather than a second invitation.
    again = portal.get(reverse("portal:cosell_invite_vendor", args=[deal.pk]))
    assert again["Location"] == reverse("portal:cosell_detail", args=[cosell.pk])
    console = login(Client(), world.cm)
    listing = console.get(reverse("console:cosell_list")).content.decode()
    assert "Partner invitations waiting for us" in listing and "Alpha Systems" in listing
    detail = console.get(reverse("console:cosell_detail", args=[cosell.pk])).content.decode()
    assert "Dana Buyer" in detail and "Need an architect" in detail
    console.post(reverse("console:cosell_action", args=[cosell.pk, "accept"]))
    cosell.refresh_from_db()
    assert cosell.status == "active" and cosell.vendor_lead_id == world.cm.pk


@pytest.mark.parametrize("count", [1, 5])
def test_co_sell_lists_take_the_same_number_of_queries_however_many(
    world: World, count: int
) -> None:
    for i in range(count):
        services.cosell_invite_partner(
            actor=world.actor(world.cm),
            opportunity=_opportunity(world, f"Deal {i}"),
            partner=world.partner_a,
        )
    console, portal = login(Client(), world.cm), login(Client(), world.a_sales)
    with CaptureQueriesContext(connection) as vendor:
        assert console.get(reverse("console:cosell_list")).status_code == 200
    with CaptureQueriesContext(connection) as partner:
        assert portal.get(reverse("portal:cosell_list")).status_code == 200
    assert (len(vendor), len(partner)) == (CONSOLE_QUERIES, PORTAL_QUERIES)


CONSOLE_QUERIES, PORTAL_QUERIES = (
    9,
    7,
)  # session, user, roles, (partner), waiting, rates, count, page


def test_api_invite_answer_talk_and_step(world: World) -> None:
    opportunity = _opportunity(world)
    vendor, partner = ApiClient(world.cm), ApiClient(world.a_sales)
    created = vendor.post(
        "/api/v1/cosells",
        {"opportunity": opportunity.pk, "partner": world.partner_a.pk, "shared_fields": ["amount"]},
    )
    assert created.status_code == 201, created.content
    cosell_id = created.json()["id"]
    seen = partner.get(f"/api/v1/cosells/{cosell_id}").json()
    assert seen["record"]["amount"] == "250000.00" and seen["record"]["contact_name"] is None
    assert seen["opportunity"] is None  # the vendor's record id stays the vendor's
    assert partner.post(f"/api/v1/cosells/{cosell_id}/accept", {}).json()["status"] == "active"
    posted = partner.post(f"/api/v1/cosells/{cosell_id}/messages", {"body": "Hello"})
    assert posted.status_code == 201 and posted.json()["messages"][0]["side"] == "partner"
    due = (timezone.localdate() + dt.timedelta(days=2)).isoformat()
    stepped = vendor.post(
        f"/api/v1/cosells/{cosell_id}/steps",
        {"title": "Pricing", "owner": world.cm.pk, "due_on": due},
    )
    step_id = stepped.json()["steps"][0]["id"]
    done = partner.post(f"/api/v1/cosells/{cosell_id}/steps/{step_id}/done", {"done": True}).json()
    assert done["steps"][0]["done_at"] is not None
    changed = vendor.client.put(
        f"/api/v1/cosells/{cosell_id}/sharing",
        {"shared_fields": ["notes"]},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {vendor.raw}",
    )
    assert changed.json()["shared_fields"] == ["notes"]
    assert (
        partner.get(f"/api/v1/cosells/{cosell_id}").json()["record"]["notes"]
        == "Budget approved in Q3."
    )
    closed = vendor.post(f"/api/v1/cosells/{cosell_id}/close", {"outcome": "won"})
    assert closed.json()["status"] == "won"
    assert [c["id"] for c in partner.get("/api/v1/cosells").json()["items"]] == [cosell_id]


def test_api_bad_input_is_specific_and_changes_nothing(world: World) -> None:
    vendor = ApiClient(world.cm)
    opportunity = _opportunity(world)
    cases = [
        ({"opportunity": opportunity.pk}, 422, "deal"),
        (
            {
                "opportunity": opportunity.pk,
                "partner": world.partner_a.pk,
                "shared_fields": ["margin"],
            },
            422,
            "shared_fields.0",
        ),
        ({"opportunity": 999_999, "partner": world.partner_a.pk}, 404, None),
    ]
    for body, status, field in cases:
        response = vendor.post("/api/v1/cosells", body)
        assert response.status_code == status, response.content
        assert response["Content-Type"].startswith("application/problem+json")
        if field:
            assert response.json()["errors"][0]["field"] == field
    assert not CoSell.objects.exists()
    partner = ApiClient(world.a_admin)
    response = partner.post(
        "/api/v1/cosells", {"opportunity": opportunity.pk, "partner": world.partner_a.pk}
    )
    assert response.status_code == 404  # partners never see the vendor's opportunities


@pytest.mark.django_db(transaction=True)
def test_simultaneous_invitations_of_the_same_pair_leave_exactly_one(
    world: World, live_server: Any
) -> None:
    """Two channel managers inviting the same partner at the same moment: one invitation, one
    409."""
    opportunity = _opportunity(world)
    tokens = [ApiClient(world.cm).raw, ApiClient(world.admin).raw, ApiClient(world.cm).raw]
    statuses: list[int] = []
    barrier = threading.Barrier(len(tokens))

    def invite(token: str) -> None:
        with httpx.Client(base_url=live_server.url) as http:
            barrier.wait()
            statuses.append(
                http.post(
                    "/api/v1/cosells",
                    headers={"Authorization": f"Bearer {token}"},
                    json={"opportunity": opportunity.pk, "partner": world.partner_a.pk},
                ).status_code
            )

    threads = [threading.Thread(target=invite, args=(t,)) for t in tokens]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    connection.close()
    assert sorted(statuses) == [201, 409, 409]
    assert CoSell.objects.filter(opportunity=opportunity, partner=world.partner_a).count() == 1
