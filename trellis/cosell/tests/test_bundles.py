"""Bundles: joint solutions offered only while every partner in them agrees, findable by partners
and
the sales team."""

from __future__ import annotations

import threading
from typing import Any

import httpx
import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.fixtures import ApiClient, World, _partner, _user, login
from trellis.core.exceptions import Conflict, InvalidInput, PermissionDenied
from trellis.core.models import Notification
from trellis.cosell import selectors, services
from trellis.cosell.models import Bundle, BundleMember
from trellis.partners.models import Partner

pytestmark = pytest.mark.django_db


def _data(**extra: object) -> services.BundleInput:
    base = {
        "name": "Secure branch in a box",
        "summary": "Platform, hardening and 24/7 operations for retail branches",
        "products": ["PLA-001"],
        "countries": ["DE"],
        "service": "Resale and roll-out",
    }
    return services.BundleInput(**{**base, **extra})  # type: ignore[arg-type]


def _delta(world: World) -> Partner:
    delta = _partner("Delta Data", "delta.test", "DE", world.cm, kind="msp")
    _user("dora@delta.test", ["partner_admin"], delta, "Dora Delta")
    return delta


def _agreed(world: World) -> tuple[Bundle, BundleMember]:
    """Alpha composed it; Delta was invited and agreed."""
    bundle = services.bundle_create(actor=world.actor(world.a_sales), data=_data())
    delta = _delta(world)
    member = services.bundle_invite(
        actor=world.actor(world.a_sales),
        bundle=bundle,
        partner=delta,
        service="24/7 managed operations",
    )
    services.bundle_answer(actor=world.actor(delta.users.get()), member=member, accept=True)
    return bundle, member


def test_a_partner_composes_a_bundle_and_is_its_first_member(world: World) -> None:
    bundle = services.bundle_create(actor=world.actor(world.a_sales), data=_data())
    member = bundle.members.get()
    assert (member.partner_id, member.consent, bundle.lead_partner_id) == (
        world.partner_a.pk,
        "accepted",
        world.partner_a.pk,
    )
    assert bundle.status == "draft" and "platform standard" in bundle.search_text


def test_bad_bundles_are_refused_field_by_field(world: World) -> None:
    actor = world.actor(world.a_sales)
    cases: list[tuple[dict[str, Any], str]] = [
        ({"name": ""}, "name"),
        ({"summary": ""}, "summary"),
        ({"products": ["NOPE"]}, "products"),
        ({"products": []}, "products"),
        ({"countries": ["XX"]}, "countries"),
        ({"specializations": ["astrology"]}, "specializations"),
        ({"service": ""}, "service"),
    ]
    for extra, field in cases:
        with pytest.raises(InvalidInput) as caught:
            services.bundle_create(actor=actor, data=_data(**extra))
        assert caught.value.field == field
    services.bundle_create(actor=actor, data=_data())
    with pytest.raises(InvalidInput):  # names are unique in the catalogue
        services.bundle_create(actor=world.actor(world.cm), data=_data())
    assert Bundle.objects.count() == 1


def test_it_is_published_only_when_every_partner_agrees(world: World) -> None:
    bundle = services.bundle_create(actor=world.actor(world.a_sales), data=_data())
    with pytest.raises(Conflict):  # one partner is not a joint solution
        services.bundle_publish(actor=world.actor(world.cm), bundle=bundle)
    delta = _delta(world)
    member = services.bundle_invite(
        actor=world.actor(world.a_sales), bundle=bundle, partner=delta, service="Ops"
    )
    assert Notification.objects.filter(user=delta.users.get(), verb="bundle.invited").exists()
    with pytest.raises(Conflict):  # Delta has not agreed yet
        services.bundle_publish(actor=world.actor(world.cm), bundle=bundle)
    with pytest.raises(PermissionDenied):  # only Delta's admin answers for Delta
        services.bundle_answer(actor=world.actor(world.a_admin), member=member, accept=True)
    services.bundle_answer(actor=world.actor(delta.users.get()), member=member, accept=True)
    with pytest.raises(PermissionDenied):  # partners do not publish
        services.bundle_publish(actor=world.actor(world.a_admin), bundle=bundle)
    published = services.bundle_publish(actor=world.actor(world.cm), bundle=bundle)
    assert published.status == "published" and published.published_at is not None


def test_a_member_withdrawing_takes_a_published_bundle_off_the_catalogue(world: World) -> None:
    bundle, member = _agreed(world)
    services.bundle_publish(actor=world.actor(world.cm), bundle=bundle)
    assert [b.name for b in selectors.bundle_catalogue(actor=world.actor(world.b_admin))] == [
        bundle.name
    ]
    services.bundle_withdraw(actor=world.actor(member.partner.users.get()), member=member)
    bundle.refresh_from_db()
    assert bundle.status == "draft" and bundle.published_at is None
    assert not selectors.bundle_catalogue(actor=world.actor(world.b_admin)).exists()
    assert Notification.objects.filter(user=world.a_admin, verb="bundle.changed").exists()


def test_the_catalogue_is_found_by_words_country_and_family(world: World) -> None:
    bundle, _member = _agreed(world)
    services.bundle_publish(actor=world.actor(world.cm), bundle=bundle)

    def find(**f: str) -> list[str]:
        filters = selectors.BundleFilters(**f)  # type: ignore[arg-type]
        catalogue = selectors.bundle_catalogue(actor=world.actor(world.b_admin), filters=filters)
        return [b.name for b in catalogue]

    assert find(q="managed operations") == [bundle.name]  # a member's service
    assert find(q="delta") == [bundle.name]  # a member's name
    assert find(country="DE") == [bundle.name] and find(country="JP") == []
    assert find(family="platform") == [bundle.name] and find(q="nothing like it") == []


def test_drafts_are_seen_only_by_their_members_and_the_vendor(world: World) -> None:
    bundle = services.bundle_create(actor=world.actor(world.a_sales), data=_data())
    assert not selectors.bundle_drafts(actor=world.actor(world.b_admin)).exists()
    assert [b.pk for b in selectors.bundle_drafts(actor=world.actor(world.cm))] == [bundle.pk]
    with pytest.raises(PermissionDenied):  # another partner cannot change Alpha's draft
        services.bundle_update(
            actor=world.actor(world.b_admin), bundle=bundle, data=_data(name="Hijacked")
        )


def test_pages_compose_invite_agree_and_publish(world: World) -> None:
    delta = _delta(world)
    portal = login(Client(), world.a_sales)
    response = portal.post(
        reverse("portal:bundle_new"),
        {
            "name": "Secure branch in a box",
            "summary": "Branches, secured and run",
            "products": ["PLA-001"],
            "countries": ["DE"],
            "service": "Resale and roll-out",
        },
    )
    bundle = Bundle.objects.get()
    assert response["Location"] == reverse("portal:bundle_detail", args=[bundle.pk])
    page = portal.get(reverse("portal:bundle_detail", args=[bundle.pk])).content.decode()
    assert "Delta Data" in page  # offered as a partner to invite (serves Germany)
    portal.post(
        reverse("portal:bundle_action", args=[bundle.pk, "invite"]),
        {"partner": delta.pk, "service": "Ops"},
    )
    member = bundle.members.get(partner=delta)
    dora = login(Client(), delta.users.get())
    assert (
        "Will your company be part of this bundle?"
        in dora.get(reverse("portal:bundle_detail", args=[bundle.pk])).content.decode()
    )
    dora.post(reverse("portal:bundle_action", args=[bundle.pk, "agree"]), {"member": member.pk})
    console = login(Client(), world.cm)
    console.post(reverse("console:bundle_action", args=[bundle.pk, "publish"]))
    bundle.refresh_from_db()
    assert bundle.status == "published"
    listing = (
        login(Client(), world.b_admin).get(reverse("portal:bundle_catalogue")).content.decode()
    )
    assert "Secure branch in a box" in listing and "Delta Data" in listing


def test_the_api_composes_consents_publishes_and_finds(world: World) -> None:
    delta = _delta(world)
    alpha, vendor, dora = (
        ApiClient(world.a_sales),
        ApiClient(world.cm),
        ApiClient(delta.users.get()),
    )
    created = alpha.post(
        "/api/v1/bundles",
        {
            "name": "Secure branch",
            "summary": "Branches, secured",
            "products": ["PLA-001"],
            "countries": ["DE"],
            "service": "Roll-out",
        },
    )
    assert created.status_code == 201, created.content
    bundle_id = created.json()["id"]
    invited = alpha.post(
        f"/api/v1/bundles/{bundle_id}/members", {"partner": delta.pk, "service": "Ops"}
    ).json()
    member_id = next(m["id"] for m in invited["members"] if m["partner"] == delta.pk)
    assert (
        dora.post(
            f"/api/v1/bundles/{bundle_id}/members/{member_id}/consent", {"agree": True}
        ).status_code
        == 200
    )
    assert vendor.post(f"/api/v1/bundles/{bundle_id}/publish", {}).json()["status"] == "published"
    found = ApiClient(world.b_admin).get("/api/v1/bundles", q="secure").json()["items"]
    assert [b["id"] for b in found] == [bundle_id]
    bad = alpha.post(
        "/api/v1/bundles",
        {"name": "X", "summary": "Y", "products": ["NOPE"], "countries": ["DE"], "service": "Z"},
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "products"


@pytest.mark.django_db(transaction=True)
def test_publishing_while_a_member_withdraws_never_leaves_it_offered_without_consent(
    world: World, live_server: Any
) -> None:
    bundle, member = _agreed(world)
    calls = [
        (ApiClient(world.cm).raw, f"/api/v1/bundles/{bundle.pk}/publish", {}),
        (
            ApiClient(member.partner.users.get()).raw,
            f"/api/v1/bundles/{bundle.pk}/members/{member.pk}/consent",
            {"agree": False},
        ),
    ]
    barrier = threading.Barrier(len(calls))
    statuses: list[int] = []

    def call(token: str, path: str, body: dict[str, Any]) -> None:
        with httpx.Client(base_url=live_server.url) as http:
            barrier.wait()
            statuses.append(
                http.post(path, json=body, headers={"Authorization": f"Bearer {token}"}).status_code
            )

    threads = [threading.Thread(target=call, args=c) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    connection.close()
    bundle.refresh_from_db()
    member.refresh_from_db()
    assert member.consent == "withdrawn" and bundle.status == "draft"  # whichever came first
    assert sorted(statuses) in ([200, 200], [200, 409])


@pytest.mark.parametrize("count", [1, 4])
def test_the_catalogue_takes_the_same_number_of_queries_however_many_bundles(
    world: World, count: int
) -> None:
    from django.test.utils import CaptureQueriesContext

    delta = _delta(world)
    dora = world.actor(delta.users.get())
    for i in range(count):
        bundle = services.bundle_create(
            actor=world.actor(world.a_sales), data=_data(name=f"Bundle {i}")
        )
        member = services.bundle_invite(
            actor=world.actor(world.a_sales), bundle=bundle, partner=delta, service="Ops"
        )
        services.bundle_answer(actor=dora, member=member, accept=True)
        services.bundle_publish(actor=world.actor(world.cm), bundle=bundle)
    portal, console = login(Client(), world.b_admin), login(Client(), world.cm)
    with CaptureQueriesContext(connection) as seen_by_partner:
        assert portal.get(reverse("portal:bundle_catalogue")).status_code == 200
    with CaptureQueriesContext(connection) as seen_by_vendor:
        assert console.get(reverse("console:bundle_catalogue")).status_code == 200
    assert (len(seen_by_partner), len(seen_by_vendor)) == (PORTAL_QUERIES, CONSOLE_QUERIES)


PORTAL_QUERIES, CONSOLE_QUERIES = (
    11,
    11,
)  # session, user, roles, (partner), the page and its drafts, prefetched parts


def test_the_bundle_form_names_what_is_wrong_and_creates_nothing(world: World) -> None:
    portal = login(Client(), world.a_sales)
    response = portal.post(
        reverse("portal:bundle_new"),
        {
            "name": "Half a bundle",
            "summary": "Missing parts",
            "countries": ["DE"],
            "service": "Roll-out",
        },
    )
    assert response.status_code == 200 and "Vendor products" in response.content.decode()
    assert "This field is required." in response.content.decode()
    bundle = services.bundle_create(actor=world.actor(world.a_sales), data=_data())
    bad_invite = portal.post(
        reverse("portal:bundle_action", args=[bundle.pk, "invite"]),
        {"partner": world.partner_b.pk, "service": ""},
        follow=True,
    )
    assert "Say what the partner contributes" in bad_invite.content.decode()
    assert not Bundle.objects.exclude(pk=bundle.pk).exists() and bundle.members.count() == 1
