"""POST /api/v1/deals and its friends, and the first-registrant invariant under real parallel
requests."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import httpx
import pytest
from django.db import connection
from django.utils import timezone

from tests.fixtures import ApiClient, World, _partner, _user
from trellis.deals.models import ConflictLog, DealClaim, DealRegistration
from trellis.partners.models import ProgramEnrollment

pytestmark = pytest.mark.django_db


def _payload(name: str = "Initrode GmbH", **extra: Any) -> dict[str, Any]:
    body = {
        "customer": {"name": name, "domain": "", "country": "DE", "city": "Köln"},
        "contact": {"name": "Dana Buyer", "email": "dana@initrode.example"},
        "products": ["PLA-001"],
        "amount": "20000.00",
        "currency": "EUR",
        "expected_close": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
        "deal_type": "new",
        "sourced": True,
        "description": "Migration of 400 seats",
    }
    body.update(extra)
    return body


def test_register_answers_201_with_status_protection_and_the_check(deals_world: World) -> None:
    response = ApiClient(deals_world.a_sales).post("/api/v1/deals", _payload())
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "approved" and body["protected_until"]
    assert body["check"]["outcome"] == "clear" and body["check"]["reasons"]
    assert body["product_families"] == ["platform"] and body["uplift_pct"] == "3.00"


def test_losing_registration_answers_409_registration_conflict_without_the_winner(
    deals_world: World,
) -> None:
    ApiClient(deals_world.a_sales).post("/api/v1/deals", _payload())
    response = ApiClient(deals_world.b_admin).post("/api/v1/deals", _payload("INITRODE gmbh"))
    assert response.status_code == 409 and response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["type"].endswith("registration-conflict") and body["conflict_id"]
    assert "Alpha" not in response.content.decode()
    appeal = ApiClient(deals_world.b_admin).post(
        f"/api/v1/conflicts/{body['conflict_id']}/appeal", {"reason": "PoC in May"}
    )
    assert appeal.status_code == 201 and appeal.json()["status"] == "open"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"amount": "-1"}, "amount"),
        ({"currency": "EURO"}, "currency"),
        ({"products": ["NOPE"]}, "products"),
        ({"expected_close": "2020-01-01"}, "expected_close"),
        ({"customer": {"name": "Acme", "country": "ZZ"}}, "customer.country"),
        ({"contact": {"email": "nope"}}, "contact.email"),
        ({"co_sellers": [987654]}, "co_sellers"),
    ],
)
def test_bad_input_is_a_422_with_the_field_and_nothing_saved(
    deals_world: World, change: dict, field: str
) -> None:
    response = ApiClient(deals_world.a_sales).post("/api/v1/deals", _payload(**change))
    assert response.status_code == 422, response.content
    assert response.json()["errors"][0]["field"] == field
    assert not DealRegistration.objects.exists()


def test_decisions_through_the_api_follow_the_roles(deals_world: World) -> None:
    deal = ApiClient(deals_world.a_sales).post("/api/v1/deals", _payload(amount="250000")).json()
    partner_api, cm_api = ApiClient(deals_world.a_admin), ApiClient(deals_world.cm)
    assert partner_api.post(f"/api/v1/deals/{deal['id']}/approve", {}).status_code == 403
    asked = cm_api.post(f"/api/v1/deals/{deal['id']}/request-info", {"question": "Budget?"})
    assert asked.json()["status"] == "more_info"
    patched = partner_api.patch(f"/api/v1/deals/{deal['id']}", {"description": "Budget approved"})
    assert patched.status_code == 200 and patched.json()["description"] == "Budget approved"
    assert (
        partner_api.post(f"/api/v1/deals/{deal['id']}/submit", {}).json()["status"] == "submitted"
    )
    assert (
        cm_api.post(f"/api/v1/deals/{deal['id']}/approve", {"note": "ok"}).json()["status"]
        == "approved"
    )
    assert partner_api.post(f"/api/v1/deals/{deal['id']}/extend", {}).json()["extensions_used"] == 1
    closed = partner_api.post(f"/api/v1/deals/{deal['id']}/close", {"outcome": "won"})
    assert closed.json()["status"] == "won"
    assert (
        partner_api.post(f"/api/v1/deals/{deal['id']}/close", {"outcome": "lost"}).status_code
        == 409
    )


def test_list_filters_and_staff_registering_for_a_partner(deals_world: World) -> None:
    cm_api = ApiClient(deals_world.cm)
    made = cm_api.post("/api/v1/deals", _payload(partner=deals_world.partner_b.pk))
    assert made.status_code == 201 and made.json()["partner_id"] == deals_world.partner_b.pk
    assert (
        ApiClient(deals_world.a_sales)
        .post("/api/v1/deals", _payload("Other Co", partner=deals_world.partner_b.pk))
        .status_code
        == 422
    )
    assert [d["id"] for d in cm_api.get("/api/v1/deals", status="approved").json()["items"]] == [
        made.json()["id"]
    ]
    assert ApiClient(deals_world.a_sales).get("/api/v1/deals").json()["items"] == []


def _racers(world: World, n: int) -> list[ApiClient]:
    clients = []
    for i in range(n):
        partner = _partner(f"Racer {i}", f"racer{i}.test", "DE", world.cm)
        ProgramEnrollment.objects.create(partner=partner, program=world.program, tier=world.silver)
        clients.append(ApiClient(_user(f"admin@racer{i}.test", ["partner_admin"], partner)))
    return clients


@pytest.mark.django_db(transaction=True)
def test_simultaneous_registrations_of_name_variants_accept_exactly_one(
    deals_world: World, live_server: Any
) -> None:
    """N partners register the same new customer at the same moment over HTTP: one wins, the rest
    get
    409."""
    variants = [
        "Initrode GmbH",
        "INITRODE GMBH",
        "Initrode G.m.b.H.",
        "initrode",
        "Initrode GmbH & Co. KG",
        "Initrode AG",
    ]
    clients = _racers(deals_world, len(variants))
    barrier = threading.Barrier(len(variants))
    statuses: list[int] = [0] * len(variants)

    def run(i: int) -> None:
        with httpx.Client(base_url=live_server.url, timeout=60) as http:
            barrier.wait()
            response = http.post(
                "/api/v1/deals",
                json=_payload(variants[i]),
                headers={"Authorization": f"Bearer {clients[i].raw}"},
            )
            statuses[i] = response.status_code
        connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(variants))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert sorted(statuses) == [201] + [409] * (len(variants) - 1), (
        statuses,
        list(
            DealRegistration.objects.values_list(
                "customer_name", "customer__name", "customer_id", "status"
            )
        ),
    )
    assert DealClaim.objects.filter(active=True).count() == 1
    assert DealRegistration.objects.count() == 1
    assert ConflictLog.objects.count() == len(variants) - 1
