"""The leads API: intake by vendor staff, answers by partners, explanations for staff only, first
acceptance wins."""

from __future__ import annotations

import threading
from typing import Any

import httpx
import pytest
from django.db import connection

from tests.fixtures import ApiClient, World
from trellis.leads.choices import DistributionMode, OfferStatus
from trellis.leads.models import Lead, LeadOffer

from .conftest import charlie, cleo, set_mode

pytestmark = pytest.mark.django_db


def _payload(**extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "customer": {
            "name": "Umbrella Logistics",
            "domain": "umbrella.example",
            "country": "DE",
            "city": "Berlin",
            "postal_code": "10115",
        },
        "contact": {
            "name": "Ursula Buyer",
            "email": "ursula@umbrella.example",
            "phone": "+49 30 1234",
        },
        "products": ["PLA-001"],
        "estimated_amount": "40000.00",
        "currency": "EUR",
        "source": "web_form",
        "notes": "Asked for a demo",
    }
    body.update(extra)
    return body


def test_staff_take_a_lead_in_and_get_the_routing_outcome(leads_world: World) -> None:
    response = ApiClient(leads_world.cm).post("/api/v1/leads", _payload())
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "offered" and body["product_families"] == ["platform"]
    assert body["contact"]["email"] == "ursula@umbrella.example" and body["source"] == "web_form"
    routing = ApiClient(leads_world.cm).get(f"/api/v1/leads/{body['id']}/routing").json()
    assert routing[0]["chosen"] == [charlie(leads_world).pk] and routing[0]["explanation"]["ranked"]


def test_a_partner_sees_an_offer_without_contact_details_until_it_accepts(
    leads_world: World,
) -> None:
    lead_id = ApiClient(leads_world.cm).post("/api/v1/leads", _payload()).json()["id"]
    charlie_api = ApiClient(cleo(leads_world))
    offered = charlie_api.get(f"/api/v1/leads/{lead_id}").json()
    assert offered["contact"] is None and offered["offer"]["status"] == "open"
    accepted = charlie_api.post(f"/api/v1/leads/{lead_id}/accept", {})
    assert accepted.status_code == 200, accepted.content
    assert (
        accepted.json()["contact"]["name"] == "Ursula Buyer"
        and accepted.json()["status"] == "accepted"
    )
    update = charlie_api.post(
        f"/api/v1/leads/{lead_id}/update", {"status": "contacted", "note": "Demo on Friday"}
    )
    assert update.status_code == 200 and update.json()["status"] == "contacted"
    converted = charlie_api.post(
        f"/api/v1/leads/{lead_id}/convert", {"expected_close": "2027-03-31"}
    )
    assert converted.status_code == 200, converted.content
    assert converted.json()["status"] == "converted" and converted.json()["deal_id"]


def test_declining_through_the_api_hands_the_lead_on_and_hides_it(leads_world: World) -> None:
    lead_id = ApiClient(leads_world.cm).post("/api/v1/leads", _payload()).json()["id"]
    charlie_api = ApiClient(cleo(leads_world))
    bad = charlie_api.post(f"/api/v1/leads/{lead_id}/decline", {"reason": "bored"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "reason"
    assert (
        charlie_api.post(f"/api/v1/leads/{lead_id}/decline", {"reason": "no_capacity"}).status_code
        == 200
    )
    assert charlie_api.get(f"/api/v1/leads/{lead_id}").status_code == 404
    assert (
        ApiClient(leads_world.a_sales).get(f"/api/v1/leads/{lead_id}").json()["offer"]["status"]
        == "open"
    )


def test_partners_cannot_take_leads_in_or_read_routing(leads_world: World) -> None:
    assert ApiClient(leads_world.a_admin).post("/api/v1/leads", _payload()).status_code == 403
    lead_id = ApiClient(leads_world.cm).post("/api/v1/leads", _payload()).json()["id"]
    assert ApiClient(cleo(leads_world)).get(f"/api/v1/leads/{lead_id}/routing").status_code == 404


def test_bad_lead_input_is_a_field_level_problem_and_nothing_is_saved(leads_world: World) -> None:
    response = ApiClient(leads_world.cm).post(
        "/api/v1/leads", _payload(customer={"name": "Nowhere Ltd", "country": "ZZ"})
    )
    assert response.status_code == 422 and response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"][0]["field"] == "customer.country"
    missing = ApiClient(leads_world.cm).post(
        "/api/v1/leads", {"customer": {"name": "x", "country": "DE"}}
    )
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "contact"
    assert not Lead.objects.exists()


def test_accepting_someone_elses_lead_is_not_possible(leads_world: World) -> None:
    lead_id = ApiClient(leads_world.cm).post("/api/v1/leads", _payload()).json()["id"]
    assert (
        ApiClient(leads_world.a_sales).post(f"/api/v1/leads/{lead_id}/accept", {}).status_code
        == 404
    )
    assert LeadOffer.objects.get(lead_id=lead_id).status == OfferStatus.OPEN


@pytest.mark.django_db(transaction=True)
def test_simultaneous_acceptances_of_an_offer_to_several_leave_exactly_one_winner(
    leads_world: World, live_server: Any
) -> None:
    set_mode(DistributionMode.OFFER_MANY, offer_count=2)
    lead_id = ApiClient(leads_world.cm).post("/api/v1/leads", _payload()).json()["id"]
    tokens = [ApiClient(leads_world.a_sales).raw, ApiClient(cleo(leads_world)).raw]
    statuses: list[int] = []
    barrier = threading.Barrier(len(tokens))

    def accept(token: str) -> None:
        with httpx.Client(base_url=live_server.url) as http:
            barrier.wait()
            statuses.append(
                http.post(
                    f"/api/v1/leads/{lead_id}/accept", headers={"Authorization": f"Bearer {token}"}
                ).status_code
            )

    threads = [threading.Thread(target=accept, args=(t,)) for t in tokens]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    connection.close()
    assert sorted(statuses) == [200, 409]
    assert LeadOffer.objects.filter(lead_id=lead_id, status=OfferStatus.ACCEPTED).count() == 1


def test_the_partner_who_was_too_late_hears_it_was_taken_and_others_hear_nothing(
    leads_world: World,
) -> None:
    set_mode(DistributionMode.OFFER_MANY, offer_count=2)
    lead_id = ApiClient(leads_world.cm).post("/api/v1/leads", _payload()).json()["id"]
    assert (
        ApiClient(cleo(leads_world)).post(f"/api/v1/leads/{lead_id}/accept", {}).status_code == 200
    )
    late = ApiClient(leads_world.a_sales).post(f"/api/v1/leads/{lead_id}/accept", {})
    assert late.status_code == 409 and "a moment earlier" in late.json()["detail"]
    assert (
        ApiClient(leads_world.b_admin).post(f"/api/v1/leads/{lead_id}/accept", {}).status_code
        == 404
    )
    assert ApiClient(leads_world.a_sales).get(f"/api/v1/leads/{lead_id}").status_code == 404


def test_vendor_staff_see_which_partners_a_lead_waits_on_and_until_when(
    leads_world: World,
) -> None:
    set_mode(DistributionMode.OFFER_MANY, offer_count=2)
    created = ApiClient(leads_world.cm).post("/api/v1/leads", _payload()).json()
    staff_view = ApiClient(leads_world.cm).get(f"/api/v1/leads/{created['id']}").json()
    offers = LeadOffer.objects.filter(lead_id=created["id"], status=OfferStatus.OPEN)
    assert len(staff_view["open_offers"]) == offers.count() == 2
    first = staff_view["open_offers"][0]
    assert (
        first["rank"] == 1 and first["partner_name"] and first["expires_at"] > first["offered_at"]
    )
    partner_view = ApiClient(cleo(leads_world)).get(f"/api/v1/leads/{created['id']}").json()
    assert partner_view["open_offers"] is None  # never another partner's offers
