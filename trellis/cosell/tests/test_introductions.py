"""Matchmaking between partners and introductions the vendor brokers, end to end."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.fixtures import World, _partner, _user, login
from trellis.core.exceptions import Conflict, InvalidInput, PermissionDenied
from trellis.core.models import Notification
from trellis.cosell import selectors, services
from trellis.cosell.models import Introduction
from trellis.partners.models import (
    Partner,
    PartnerTypeAssignment,
    ProgramEnrollment,
    Specialization,
)

pytestmark = pytest.mark.django_db


def _delta(world: World) -> Partner:
    """An ISV in Germany with the security specialization: what a reseller like Alpha lacks."""
    delta = _partner("Delta Data", "delta.test", "DE", world.cm, kind="isv")
    delta.specializations.add(Specialization.objects.create(slug="security", name="Security"))
    ProgramEnrollment.objects.create(partner=delta, program=world.program, tier=world.silver)
    _user("dora@delta.test", ["partner_admin"], delta, "Dora Delta")
    return delta


def _need() -> selectors.NeedInput:
    return selectors.NeedInput(
        country="DE", city="Berlin", specializations=("security",), types=("isv", "msp")
    )


def test_matchmaking_suggests_partners_that_add_what_the_requester_lacks_with_reasons(
    world: World,
) -> None:
    delta = _delta(world)
    with translation.override("en"):
        result = selectors.partner_matches(
            actor=world.actor(world.a_sales), need=_need(), requester_id=world.partner_a.pk
        )
    assert [m.name for m in result.ranked] == [
        "Delta Data"
    ]  # Bravo serves Japan; Alpha is the requester
    assert result.ranked[0].reasons[:2] == [
        "adds what you are not: ISV / technology",
        "brings Security",
    ]
    assert [(m.partner_id, m.team_role) for m in result.team] == [(delta.pk, "ISV / technology")]
    assert "Berlin, Germany" in result.summary


def test_a_need_must_name_a_country_and_something_wanted(world: World) -> None:
    actor = world.actor(world.a_sales)
    for need, field in [
        (selectors.NeedInput("XX", types=("isv",)), "country"),
        (selectors.NeedInput("DE"), "types"),
        (selectors.NeedInput("DE", specializations=("astrology",)), "specializations"),
        (selectors.NeedInput("DE", types=("wizard",)), "types"),
    ]:
        with pytest.raises(InvalidInput) as caught:
            selectors.partner_matches(actor=actor, need=need, requester_id=world.partner_a.pk)
        assert caught.value.field == field


def _request(world: World, delta: Partner) -> Introduction:
    return services.introduction_request(
        actor=world.actor(world.a_sales),
        requester=world.partner_a,
        target=delta,
        need="Security in Berlin",
        message="We resell; you build.",
        reasons=["brings Security"],
        score=0.7,
    )


def test_an_introduction_goes_through_the_vendor_and_contacts_appear_only_after_a_yes(
    world: World,
) -> None:
    delta = _delta(world)
    dora = delta.users.get()
    introduction = _request(world, delta)
    assert Notification.objects.filter(user=world.cm, verb="introduction.requested").exists()
    assert not selectors.introduction_list(actor=world.actor(dora)).exists()  # not passed on yet
    introduction = services.introduction_broker(
        actor=world.actor(world.cm), introduction=introduction, forward=True
    )
    assert Notification.objects.filter(user=dora, verb="introduction.proposed").exists()
    page = selectors.introduction_page(actor=world.actor(dora), introduction=introduction)
    assert page.may_answer and page.contact_email is None
    services.introduction_answer(actor=world.actor(dora), introduction=introduction, accept=True)
    introduction.refresh_from_db()
    alpha_view = selectors.introduction_page(
        actor=world.actor(world.a_sales), introduction=introduction
    )
    delta_view = selectors.introduction_page(actor=world.actor(dora), introduction=introduction)
    assert (
        alpha_view.contact_email == "dora@delta.test"
        and delta_view.contact_email == "sam@alpha.test"
    )
    services.introduction_rate(
        actor=world.actor(world.a_sales), introduction=introduction, stars=5, comment="Great"
    )
    with translation.override("en"):
        again = selectors.partner_matches(
            actor=world.actor(world.a_sales), need=_need(), requester_id=world.partner_a.pk
        )
    assert "rated 5.0/5 after 1 introductions" in again.ranked[0].reasons


def test_the_vendor_may_decline_to_pass_on_but_must_say_why(world: World) -> None:
    introduction = _request(world, _delta(world))
    with pytest.raises(InvalidInput):
        services.introduction_broker(
            actor=world.actor(world.cm), introduction=introduction, forward=False
        )
    services.introduction_broker(
        actor=world.actor(world.cm),
        introduction=introduction,
        forward=False,
        note="Delta is at capacity this quarter.",
    )
    introduction.refresh_from_db()
    assert introduction.status == "not_brokered"
    assert Notification.objects.filter(
        user=world.a_sales, verb="introduction.not_brokered"
    ).exists()


def test_only_the_right_people_act_at_each_step(world: World) -> None:
    delta = _delta(world)
    with pytest.raises(PermissionDenied):  # Bravo cannot ask on Alpha's behalf
        services.introduction_request(
            actor=world.actor(world.b_admin), requester=world.partner_a, target=delta, need="x"
        )
    introduction = _request(world, delta)
    with pytest.raises(PermissionDenied):  # the requester cannot broker its own request
        services.introduction_broker(
            actor=world.actor(world.a_admin), introduction=introduction, forward=True
        )
    with pytest.raises(PermissionDenied):  # the analyst reads only
        services.introduction_broker(
            actor=world.actor(world.analyst), introduction=introduction, forward=True
        )
    with pytest.raises(Conflict):  # one open request per pair
        _request(world, delta)
    with pytest.raises(InvalidInput):
        services.introduction_request(
            actor=world.actor(world.a_sales),
            requester=world.partner_a,
            target=world.partner_a,
            need="x",
        )
    with pytest.raises(Conflict):  # rating comes after meeting
        services.introduction_rate(
            actor=world.actor(world.a_sales), introduction=introduction, stars=4
        )


def test_partner_b_sees_none_of_it(world: World) -> None:
    introduction = _request(world, _delta(world))
    services.introduction_broker(
        actor=world.actor(world.cm), introduction=introduction, forward=True
    )
    assert not selectors.introduction_list(actor=world.actor(world.b_admin)).exists()


def test_the_portal_finds_partners_for_a_registration_and_asks_to_meet(world: World) -> None:
    from trellis.deals.services import deal_register
    from trellis.deals.tests.conftest import deal_input

    delta = _delta(world)
    PartnerTypeAssignment.objects.create(partner=delta, partner_type="msp")
    deal = deal_register(
        actor=world.actor(world.a_sales), partner=world.partner_a, data=deal_input(amount="90000")
    )
    portal = login(Client(), world.a_sales)
    page = portal.get(reverse("portal:partner_match"), {"deal": deal.pk}).content.decode()
    assert "Find complementary partners" in page and 'value="DE" selected' in page
    found = portal.get(
        reverse("portal:partner_match"),
        {"country": "DE", "types": ["isv", "msp"], "deal": str(deal.pk)},
    )
    body = found.content.decode()
    assert "Delta Data" in body and "Suggested team" in body and "Bravo Networks" not in body
    response = portal.post(
        reverse("portal:introduction_request"),
        {
            "country": "DE",
            "types": ["isv", "msp"],
            "target": delta.pk,
            "deal": deal.pk,
            "message": "Hello",
        },
    )
    introduction = Introduction.objects.get()
    assert response["Location"] == reverse("portal:introduction_detail", args=[introduction.pk])
    assert (
        introduction.deal_id == deal.pk and introduction.reasons
    )  # why, as computed on the server
    bad = portal.post(
        reverse("portal:introduction_request"),
        {"country": "DE", "types": ["isv"], "target": world.partner_b.pk},
        follow=True,
    )
    assert "does not match this need" in bad.content.decode()
    console = login(Client(), world.cm)
    detail = console.get(
        reverse("console:introduction_detail", args=[introduction.pk])
    ).content.decode()
    assert (
        "Delta Data" in detail
        and "Managed service provider" in detail
        and "Pass on to the partner" in detail
    )
    console.post(
        reverse("console:introduction_action", args=[introduction.pk, "forward"]),
        {"note": "Go ahead"},
    )
    introduction.refresh_from_db()
    assert introduction.status == "proposed"


def test_the_console_suggests_a_team_for_one_of_our_opportunities(world: World) -> None:
    from trellis.catalog.models import ProductFamily
    from trellis.deals.models import DirectOpportunity

    _delta(world)
    opportunity = DirectOpportunity.objects.create(
        customer=world.customer_a,
        name="Acme expansion",
        family=ProductFamily.objects.get(code="platform"),
    )
    body = login(Client(), world.cm).get(
        reverse("console:partner_match"), {"opportunity": opportunity.pk}
    )
    assert body.status_code == 200
    found = login(Client(), world.cm).get(
        reverse("console:partner_match"), {"country": "DE", "types": ["isv"]}
    )
    assert "Delta Data" in found.content.decode()


def test_the_api_matches_asks_brokers_answers_and_rates(world: World) -> None:
    from tests.fixtures import ApiClient

    delta = _delta(world)
    alpha, vendor, dora = (
        ApiClient(world.a_sales),
        ApiClient(world.cm),
        ApiClient(delta.users.get()),
    )
    need = {"country": "DE", "city": "Berlin", "specializations": ["security"], "types": ["isv"]}
    matched = alpha.post("/api/v1/partner-matches", need).json()
    assert [m["name"] for m in matched["ranked"]] == ["Delta Data"] and matched["team"][0][
        "partner"
    ] == delta.pk
    asked = alpha.post(
        "/api/v1/introductions", {"target": delta.pk, "need": need, "message": "Hello"}
    )
    assert asked.status_code == 201, asked.content
    intro = asked.json()
    assert intro["status"] == "requested" and intro["reasons"] and intro["contact_email"] is None
    assert dora.get(f"/api/v1/introductions/{intro['id']}").status_code == 404  # not passed on yet
    assert (
        vendor.post(f"/api/v1/introductions/{intro['id']}/broker", {"forward": True}).json()[
            "status"
        ]
        == "proposed"
    )
    answered = dora.post(f"/api/v1/introductions/{intro['id']}/answer", {"accept": True}).json()
    assert answered["status"] == "connected" and answered["contact_email"] == "sam@alpha.test"
    assert answered["reasons"] == []  # why Alpha picked Delta stays Alpha's
    rated = alpha.post(f"/api/v1/introductions/{intro['id']}/rate", {"stars": 4}).json()
    assert rated["my_rating"] == 4 and rated["contact_email"] == "dora@delta.test"
    bad = alpha.post("/api/v1/introductions", {"target": world.partner_b.pk, "need": need})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "target"
    assert (
        vendor.post("/api/v1/introductions", {"target": delta.pk, "need": need}).status_code == 422
    )


@pytest.mark.parametrize("count", [1, 4])
def test_introduction_lists_take_the_same_number_of_queries_however_many(
    world: World, count: int
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for i in range(count):
        other = _partner(f"Echo {i}", f"echo{i}.test", "DE", world.cm, kind="isv")
        services.introduction_request(
            actor=world.actor(world.a_sales),
            requester=world.partner_a,
            target=other,
            need="Security in Berlin",
        )
    portal, console = login(Client(), world.a_sales), login(Client(), world.cm)
    with CaptureQueriesContext(connection) as partner_side:
        assert portal.get(reverse("portal:introduction_list")).status_code == 200
    with CaptureQueriesContext(connection) as vendor_side:
        assert console.get(reverse("console:introduction_list")).status_code == 200
    assert (len(partner_side), len(vendor_side)) == (PORTAL_QUERIES, CONSOLE_QUERIES)


PORTAL_QUERIES, CONSOLE_QUERIES = 7, 7  # session, user, roles, (partner), waiting, count, page
