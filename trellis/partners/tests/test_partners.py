"""Partner profile edits, status changes, the directory and its API."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.fixtures import ApiClient, World, login
from trellis.core.exceptions import InvalidTransition, PermissionDenied
from trellis.core.models import DomainEvent
from trellis.partners import selectors, services
from trellis.partners.models import Partner, PartnerTypeAssignment
from trellis.partners.services import build_search_text

pytestmark = pytest.mark.django_db


def test_partner_admin_edits_profile_and_the_change_is_audited_with_before_and_after(
    world: World,
) -> None:
    client = login(Client(), world.a_admin)
    response = client.post(
        reverse("portal:company"),
        {
            "website": "https://alpha.example",
            "domain": "https://www.Alpha.example/about",
            "city": "Köln",
            "description": "We integrate.",
            "regions": ["emea"],
            "countries_served": ["DE", "AT"],
        },
    )
    assert response.status_code == 302
    world.partner_a.refresh_from_db()
    assert world.partner_a.domain == "alpha.example"
    event = DomainEvent.objects.get(verb="partner.updated")
    assert event.before["city"] == "" and event.after["city"] == "Köln"
    assert event.after["countries_served"] == ["AT", "DE"]
    assert event.actor_label == "anna@alpha.test" and event.partner_id == world.partner_a.pk


def test_partner_admin_cannot_change_vendor_fields_through_the_api(world: World) -> None:
    response = ApiClient(world.a_admin).patch(
        f"/api/v1/partners/{world.partner_a.pk}", {"name": "Alpha Platinum"}
    )
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    world.partner_a.refresh_from_db()
    assert world.partner_a.name == "Alpha Systems"


def test_sales_user_cannot_edit_the_company(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.partner_update(
            actor=world.actor(world.a_sales),
            partner=world.partner_a,
            changes=services.PartnerChanges(city="X"),
        )


def test_bad_input_gets_a_field_error_and_changes_nothing(world: World) -> None:
    api = ApiClient(world.admin)
    response = api.patch(
        f"/api/v1/partners/{world.partner_a.pk}", {"city": "Bonn", "countries_served": ["DE", "XX"]}
    )
    assert response.status_code == 422
    body = response.json()
    assert body["errors"] == [{"field": "countries_served", "message": "Unknown country code: XX."}]
    world.partner_a.refresh_from_db()
    assert world.partner_a.city == ""
    assert not DomainEvent.objects.filter(verb="partner.updated").exists()


def test_schema_validation_errors_are_problem_json_with_fields(world: World) -> None:
    response = ApiClient(world.admin).patch(
        f"/api/v1/partners/{world.partner_a.pk}", {"regions": "emea"}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "regions"


def test_vendor_assigns_distributor_and_rejects_cycles(world: World) -> None:
    PartnerTypeAssignment.objects.create(partner=world.partner_b, partner_type="distributor")
    admin = world.actor(world.admin)
    services.partner_update(
        actor=admin,
        partner=world.partner_a,
        changes=services.PartnerChanges(parent_id=world.partner_b.pk),
    )
    PartnerTypeAssignment.objects.create(partner=world.partner_a, partner_type="distributor")
    with pytest.raises(Exception, match="already buys through"):
        services.partner_update(
            actor=admin,
            partner=world.partner_b,
            changes=services.PartnerChanges(parent_id=world.partner_a.pk),
        )
    # The distributor sees its reseller's profile, never the other way round.
    b_actor = world.actor(world.b_admin)
    assert selectors.partner_get(actor=b_actor, partner_id=world.partner_a.pk) == world.partner_a


def test_status_follows_the_allowed_transitions(world: World) -> None:
    admin = world.actor(world.admin)
    services.partner_set_status(
        actor=admin, partner=world.partner_a, status="suspended", note="unpaid invoices"
    )
    with pytest.raises(InvalidTransition):
        services.partner_set_status(actor=admin, partner=world.partner_a, status="applicant")
    event = DomainEvent.objects.get(verb="partner.suspended")
    assert event.note == "unpaid invoices" and event.before == {"status": "active"}


def test_analyst_is_read_only(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.partner_set_status(
            actor=world.actor(world.analyst), partner=world.partner_a, status="suspended"
        )


def test_channel_manager_changes_tier(world: World) -> None:
    client = login(Client(), world.cm)
    client.post(
        reverse("console:partner_tier", args=[world.partner_a.pk]),
        {"tier": world.gold.pk, "note": "QBR"},
    )
    assert world.partner_a.enrollments.get().tier == world.gold
    assert DomainEvent.objects.filter(verb="partner.tier_changed", partner=world.partner_a).exists()


def _more_partners(world: World, n: int) -> None:
    rows = []
    for i in range(n):
        p = Partner(
            name=f"Zulu {i:03d}",
            domain=f"zulu{i}.test",
            country="FR",
            status="active",
            channel_manager=world.cm,
        )
        p.search_text = build_search_text(p)
        rows.append(p)
    created = Partner.objects.bulk_create(rows)
    PartnerTypeAssignment.objects.bulk_create(
        PartnerTypeAssignment(partner=p, partner_type="msp") for p in created
    )


def test_directory_search_filters_and_sorts(world: World) -> None:
    client = login(Client(), world.admin)
    body = client.get(reverse("console:partner_directory"), {"q": "bravo"}).content.decode()
    assert "Bravo Networks" in body and "Alpha Systems" not in body
    body = client.get(
        reverse("console:partner_directory"), {"tier": f"t{world.silver.pk}"}
    ).content.decode()
    assert "Alpha Systems" in body and "Bravo Networks" not in body
    body = client.get(
        reverse("console:partner_directory"), {"country": "JP", "sort": "-name"}
    ).content.decode()
    assert "Bravo Networks" in body and "Alpha Systems" not in body


def test_directory_query_count_does_not_grow_with_page_size(
    world: World, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client = login(Client(), world.admin)
    client.get(reverse("console:partner_directory"))  # warm caches (session, content types)
    _more_partners(world, 3)
    with django_assert_max_num_queries(14) as small:
        client.get(reverse("console:partner_directory"))
    _more_partners(world, 40)
    with django_assert_max_num_queries(14) as large:
        client.get(reverse("console:partner_directory"))
    assert len(large.captured_queries) == len(small.captured_queries)


def test_api_partner_list_query_count_is_fixed(world: World, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    api = ApiClient(world.admin)
    api.get("/api/v1/me")  # first use stamps the token's last_used_at
    _more_partners(world, 5)
    with django_assert_max_num_queries(8) as small:
        api.get("/api/v1/partners", limit=5)
    with django_assert_max_num_queries(8) as large:
        api.get("/api/v1/partners", limit=40)
    assert len(large.captured_queries) == len(small.captured_queries)


def test_api_cursor_pagination_walks_every_partner_once(world: World) -> None:
    _more_partners(world, 25)
    api = ApiClient(world.admin)
    seen, cursor = [], None
    while True:
        params = {"limit": 10, **({"cursor": cursor} if cursor else {})}
        page = api.get("/api/v1/partners", **params).json()
        seen += [p["id"] for p in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == Partner.objects.count()


def test_api_filters_and_bad_cursor(world: World) -> None:
    api = ApiClient(world.admin)
    items = api.get("/api/v1/partners", country="JP").json()["items"]
    assert [p["name"] for p in items] == ["Bravo Networks"]
    assert items[0]["programs"] == [
        {"program": "reseller", "program_name": "Reseller program", "tier": "Gold", "tier_rank": 2}
    ]
    response = api.get("/api/v1/partners", cursor="garbage!")
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "cursor"
    assert api.get("/api/v1/partners", limit=1000).status_code == 422


def test_partner_users_endpoint_is_for_staff_and_that_partners_admin(world: World) -> None:
    path = f"/api/v1/partners/{world.partner_a.pk}/users"
    assert {u["email"] for u in ApiClient(world.a_admin).get(path).json()} == {
        "anna@alpha.test",
        "sam@alpha.test",
    }
    assert ApiClient(world.cm).get(path).status_code == 200
    assert ApiClient(world.a_sales).get(path).status_code == 403


def test_console_detail_shows_profile_people_and_activity(world: World) -> None:
    services.partner_set_status(
        actor=world.actor(world.admin), partner=world.partner_a, status="suspended"
    )
    body = (
        login(Client(), world.cm)
        .get(reverse("console:partner_detail", args=[world.partner_a.pk]))
        .content.decode()
    )
    assert "anna@alpha.test" in body and "Status: suspended" in body and "Silver" in body
