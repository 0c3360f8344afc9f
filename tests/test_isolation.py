"""Partner isolation on every surface: partner B never sees or changes partner A's data.

ROUTE_CHECKS names a check for every URL route and API operation; the
meta-tests below fail when a route is added without one, when a view skips
the surface decorators, or when a partner-owned model skips visible_to().
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from config.api import api
from tests.fixtures import ApiClient, World, _partner, _user, login
from tests.isolation_funds import FUNDS_CHECKS, FUNDS_NOT_BY_SCOPING
from tests.isolation_incentives import INCENTIVES_CHECKS, INCENTIVES_NOT_BY_SCOPING
from tests.isolation_learning import LEARNING_CHECKS, LEARNING_NOT_BY_SCOPING
from tests.isolation_lifecycle import LIFECYCLE_CHECKS, LIFECYCLE_NOT_BY_SCOPING
from trellis.accounts.models import Invitation
from trellis.accounts.services import invitation_create
from trellis.core.scoping import ScopedQuerySet
from trellis.partners.models import Partner

pytestmark = pytest.mark.django_db

Check = Callable[[World], None]


def _b_client(world: World) -> Client:
    return login(Client(), world.b_admin)


def _console_hidden(name: str, **kwargs: Any) -> Check:
    """A console page answers 404 to any partner user, even for their own partner."""

    def check(world: World) -> None:
        url = reverse(name, kwargs={k: v(world) for k, v in kwargs.items()})
        client = _b_client(world)
        assert client.get(url).status_code == 404
        assert client.post(url, {"status": "suspended", "name": "x"}).status_code == 404
        world.partner_a.refresh_from_db()
        assert world.partner_a.status == "active"

    return check


def _portal_foreign_object(
    name: str, arg: str, obj: Callable[[World], int], data: dict[str, Any]
) -> Check:
    def check(world: World) -> None:
        client = _b_client(world)
        response = client.post(reverse(name, kwargs={arg: obj(world)}), data)
        assert response.status_code == 404

    return check


def _portal_own_only(name: str) -> Check:
    """A portal page shows the signed-in partner's data and never another's."""

    def check(world: World) -> None:
        body = _b_client(world).get(reverse(name)).content.decode()
        assert "Bravo Networks" in body
        assert "Alpha Systems" not in body and "anna@alpha.test" not in body

    return check


def _a_invitation(world: World) -> int:
    return invitation_create(
        actor=world.actor(world.a_admin),
        partner=world.partner_a,
        email="new@alpha.test",
        roles=["partner_sales"],
    ).invitation.pk


def _tokens_own_only(world: World) -> None:
    a_token = ApiClient(world.a_admin)
    client = _b_client(world)
    body = client.get(reverse("tokens")).content.decode()
    assert a_token.raw[:12] not in body
    from trellis.accounts.models import ApiToken

    token_id = ApiToken.objects.get(user=world.a_admin).pk
    assert client.post(reverse("token_revoke", args=[token_id])).status_code == 404
    assert ApiToken.objects.get(pk=token_id).revoked_at is None


def _notifications_own_only(world: World) -> None:
    from trellis.core.models import Notification

    Notification.objects.create(
        user=world.a_admin, partner=world.partner_a, verb="x", title="Secret for Alpha"
    )
    assert "Secret for Alpha" not in _b_client(world).get(reverse("notifications")).content.decode()
    assert (
        "Secret for Alpha"
        in login(Client(), world.a_admin).get(reverse("notifications")).content.decode()
    )


def _invitation_page_is_token_scoped(world: World) -> None:
    # The public page only ever shows the invitation its unguessable token names.
    assert Client().get(reverse("invitation_accept", args=["not-a-real-token"])).status_code == 404


def _api_get_404(path: Callable[[World], str]) -> Check:
    def check(world: World) -> None:
        response = ApiClient(world.b_admin).get(path(world))
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"
        assert "Alpha" not in response.content.decode()

    return check


def _api_patch_404(world: World) -> None:
    response = ApiClient(world.b_admin).patch(
        f"/api/v1/partners/{world.partner_a.pk}", {"city": "Hacked"}
    )
    assert response.status_code == 404
    world.partner_a.refresh_from_db()
    assert world.partner_a.city != "Hacked"


def _api_account_parent_refused(world: World) -> None:
    """A partner cannot record another company's corporate family: 404 on an account it
    cannot see, 403 on one it brought in, and nothing changes either way."""
    from trellis.customers.models import CustomerAccount

    client = ApiClient(world.b_admin)
    theirs = client.patch(
        f"/api/v1/accounts/{world.customer_a.pk}", {"parent_id": world.customer_b.pk}
    )
    assert theirs.status_code == 404
    own = client.patch(f"/api/v1/accounts/{world.customer_b.pk}", {"parent_id": None})
    assert own.status_code == 403
    assert not CustomerAccount.objects.exclude(parent=None).exists()


def _api_invite_404(world: World) -> None:
    response = ApiClient(world.b_admin).post(
        f"/api/v1/partners/{world.partner_a.pk}/invitations",
        {"email": "spy@bravo.test", "roles": ["partner_admin"]},
    )
    assert response.status_code == 404
    assert not Invitation.objects.filter(email="spy@bravo.test").exists()


def _api_list_partners(world: World) -> None:
    items = ApiClient(world.b_admin).get("/api/v1/partners").json()["items"]
    assert [p["id"] for p in items] == [world.partner_b.pk]


def _api_list_accounts(world: World) -> None:
    names = {a["name"] for a in ApiClient(world.b_admin).get("/api/v1/accounts").json()["items"]}
    assert names == {"Globex K.K."}


def _api_me(world: World) -> None:
    me = ApiClient(world.b_admin).get("/api/v1/me").json()
    assert me["partner"] == {"id": world.partner_b.pk, "name": "Bravo Networks"}


def _api_products_are_catalogue(world: World) -> None:
    # The catalogue is vendor data shown to every partner: no partner-owned rows.
    assert [p["sku"] for p in ApiClient(world.b_admin).get("/api/v1/products").json()] == [
        "PLA-001"
    ]


def _api_rates_are_reference_data(world: World) -> None:
    body = ApiClient(world.b_admin).get("/api/v1/exchange-rates").json()
    assert body["rates"] and set(body["rates"][0]) == {"currency", "usd_per_unit", "effective_on"}


def _api_rates_import_is_vendor_finance(world: World) -> None:
    from trellis.core.models import ExchangeRate

    before = ExchangeRate.objects.count()
    rows = {"rates": [{"currency": "EUR", "usd_per_unit": "9", "effective_on": "2030-01-01"}]}
    assert ApiClient(world.b_admin).post("/api/v1/exchange-rates", rows).status_code == 403
    assert ExchangeRate.objects.count() == before


def _home_redirects_to_own_surface(world: World) -> None:
    assert _b_client(world).get("/")["Location"] == reverse("portal:home")


def _a_deal(world: World) -> int:
    """A registration of partner A's (waiting for a decision, so every action applies)."""
    from trellis.deals.services import deal_register
    from trellis.deals.tests.conftest import deal_input

    deal = deal_register(
        actor=world.actor(world.a_sales), partner=world.partner_a, data=deal_input(amount="900000")
    )
    return deal.pk


def _a_conflict(world: World) -> int:
    from trellis.deals.services import RegistrationConflict, deal_register
    from trellis.deals.tests.conftest import deal_input

    deal_register(
        actor=world.actor(world.b_admin), partner=world.partner_b, data=deal_input("Conflicted AG")
    )
    try:
        deal_register(
            actor=world.actor(world.a_sales),
            partner=world.partner_a,
            data=deal_input("Conflicted AG"),
        )
    except RegistrationConflict as exc:
        return exc.conflict_id
    raise AssertionError("expected a conflict")


def _a_appeal(world: World) -> int:
    from trellis.deals.models import ConflictLog
    from trellis.deals.services import conflict_appeal

    conflict = ConflictLog.objects.get(pk=_a_conflict(world))
    return conflict_appeal(
        actor=world.actor(world.a_sales), conflict=conflict, reason="We were first"
    ).pk


PORTAL_DEAL_ACTIONS = ("submit", "extend", "won", "lost", "answer")
PORTAL_LEAD_ACTIONS = ("accept", "decline", "update", "convert", "return")


def _portal_deal_pages(world: World) -> None:
    deal_id = _a_deal(world)
    client = _b_client(world)
    assert client.get(reverse("portal:deal_detail", args=[deal_id])).status_code == 404
    for action in PORTAL_DEAL_ACTIONS:
        url = reverse(f"portal:deal_{action}", args=[deal_id])
        for body in ({}, {"answer": "x" * 6000, "note": "n"}):  # 404 whatever is sent
            assert client.post(url, body).status_code == 404
    listing = (
        client.get(reverse("portal:deal_list")).content.decode()
        + client.get(reverse("portal:deal_list") + "?view=board").content.decode()
    )
    export = client.get(reverse("portal:deal_export")).getvalue().decode()
    assert "Initrode" not in listing and "Initrode" not in export


def _a_co_selling_request(world: World) -> tuple[int, int]:
    """Partner A names a third partner as co-seller: (deal, request) ids."""
    from trellis.deals.services import deal_register
    from trellis.deals.tests.conftest import deal_input

    echo = _partner("Echo Ops", "echo.test", "DE", world.cm, kind="msp")
    _user("eve@echo.test", ["partner_admin"], echo, "Eve Echo")
    deal = deal_register(
        actor=world.actor(world.a_sales),
        partner=world.partner_a,
        data=deal_input("Initrode GmbH", co_seller_ids=[echo.pk]),
    )
    return deal.pk, deal.co_seller_links.get().pk


def _co_selling_requests_404(world: World) -> None:
    from trellis.deals.models import DealCoSeller

    deal_id, request_id = _a_co_selling_request(world)
    api, client = ApiClient(world.b_admin), _b_client(world)
    assert api.get("/api/v1/co-selling-requests").json()["items"] == []
    assert api.get(f"/api/v1/deals/{deal_id}/co-sellers").status_code == 404
    assert "Initrode" not in client.get(reverse("portal:co_seller_requests")).content.decode()
    for answer in ("accept", "decline"):
        path = f"/api/v1/co-selling-requests/{request_id}/{answer}"
        assert api.post(path, {}).status_code == 404
        url = reverse(f"portal:co_seller_{answer}", args=[request_id])
        assert client.post(url).status_code == 404
    assert DealCoSeller.objects.get(pk=request_id).status == "proposed"


def _portal_conflict_page(world: World) -> None:
    conflict_id = _a_conflict(world)
    client = _b_client(world)  # partner B holds the customer; A's attempt stays A's
    assert client.get(reverse("portal:conflict_detail", args=[conflict_id])).status_code == 404
    assert (
        client.post(
            reverse("portal:conflict_detail", args=[conflict_id]), {"reason": "x"}
        ).status_code
        == 404
    )
    a_page = (
        login(Client(), world.a_sales)
        .get(reverse("portal:conflict_detail", args=[conflict_id]))
        .content.decode()
    )
    assert "Bravo" not in a_page  # the loser never learns who holds the customer


def _portal_hint_reveals_no_partner(world: World) -> None:
    _a_deal(world)
    body = (
        _b_client(world)
        .get(
            reverse("portal:deal_hint"),
            {"customer_name": "Initrode GmbH", "customer_country": "DE"},
        )
        .content.decode()
    )
    assert "Possible conflict" in body and "Alpha" not in body and "anna" not in body


def _portal_upload_registers_for_own_partner(world: World) -> None:
    import base64
    import datetime as dt

    from trellis.deals.models import DealRegistration

    close = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    raw = (
        f"customer_name,customer_country,products,amount,currency,expected_close\nUploaded "
        f"Co,DE,PLA-001,5,EUR,{close}\n"
    ).encode()
    _b_client(world).post(
        reverse("portal:deal_upload"), {"payload": base64.b64encode(raw).decode(), "confirm": "1"}
    )
    assert not DealRegistration.objects.filter(partner=world.partner_a).exists()
    assert DealRegistration.objects.filter(
        partner=world.partner_b, customer_name="Uploaded Co"
    ).exists()


def _portal_deal_new(world: World) -> None:
    body = _b_client(world).get(reverse("portal:deal_new")).content.decode()
    assert "Alpha Systems" not in body


def _api_deal_404(world: World) -> None:
    deal_id = _a_deal(world)
    api = ApiClient(world.b_admin)
    assert api.get(f"/api/v1/deals/{deal_id}").status_code == 404
    assert api.patch(f"/api/v1/deals/{deal_id}", {"description": "x"}).status_code == 404
    for action in ("submit", "approve", "reject", "request-info", "extend", "close", "reverse"):
        assert (
            api.post(
                f"/api/v1/deals/{deal_id}/{action}",
                {"reason": "other", "question": "q", "outcome": "lost"},
            ).status_code
            == 404
        )
    assert api.get("/api/v1/deals").json()["items"] == []


def _api_register_for_other_partner(world: World) -> None:
    from trellis.deals.models import DealRegistration

    payload = {
        "customer": {"name": "Sneaky", "country": "DE"},
        "products": ["PLA-001"],
        "amount": "10",
        "currency": "EUR",
        "expected_close": "2027-06-01",
        "partner": world.partner_a.pk,
    }
    assert ApiClient(world.b_admin).post("/api/v1/deals", payload).status_code == 422
    assert not DealRegistration.objects.filter(partner=world.partner_a).exists()


def _api_appeal_404(world: World) -> None:
    conflict_id = _a_conflict(world)
    assert (
        ApiClient(world.b_admin)
        .post(f"/api/v1/conflicts/{conflict_id}/appeal", {"reason": "x"})
        .status_code
        == 404
    )


def _a_lead(world: World, mode: str = "auto") -> int:
    """A lead routed straight to partner A (the only partner serving Germany in this world):
    assigned, or offered to accept or decline with ``mode="offer_one"``."""
    from trellis.leads.models import RoutingRules
    from trellis.leads.services import LeadInput, lead_receive

    RoutingRules.objects.update_or_create(program=world.program, defaults={"mode": mode})
    lead = lead_receive(
        actor=world.actor(world.cm),
        data=LeadInput(
            customer_name="Umbrella Logistics",
            country="DE",
            contact_name="Ursula Buyer",
            contact_email="ursula@umbrella.example",
            products=["PLA-001"],
        ),
    )
    if mode == "auto":
        assert lead.partner_id == world.partner_a.pk
    else:
        assert lead.status == "offered" and lead.offers.get().partner_id == world.partner_a.pk
    return lead.pk


def _an_opportunity(world: World) -> int:
    from trellis.catalog.models import ProductFamily
    from trellis.deals.models import DirectOpportunity

    return DirectOpportunity.objects.create(
        customer=world.customer_a,
        family=ProductFamily.objects.get(code="platform"),
        name="Acme expansion",
    ).pk


def _alpha_mapping(world: World) -> None:
    from trellis.cosell.services import (
        AccountRow,
        account_list_replace,
        sharing_consent,
        sharing_offer,
    )

    rows = [
        AccountRow("ACME GMBH", "DE", "prospect"),
        AccountRow("Secret Prospect Alpha", "DE", "prospect"),
    ]
    account_list_replace(actor=world.actor(world.a_admin), partner=world.partner_a, rows=rows)
    sharing_offer(actor=world.actor(world.cm), partner=world.partner_a, level=2)
    sharing_consent(actor=world.actor(world.a_admin), partner=world.partner_a, level=2)


def _portal_mapping_own_only(world: World) -> None:
    _alpha_mapping(world)
    body = _b_client(world).get(reverse("portal:account_mapping")).content.decode()
    assert "ACME GMBH" not in body and "No account list uploaded yet." in body
    assert "Secret Prospect Alpha" not in body


def _api_account_list_own_only(world: World) -> None:
    from trellis.cosell.models import PartnerAccount

    _alpha_mapping(world)
    api = ApiClient(world.b_admin)
    overlap = api.get(
        "/api/v1/overlap", partner=world.partner_a.pk
    ).json()  # the parameter is for staff only
    assert overlap["total"] == 0 and overlap["shared"] == [] and overlap["promising"] == []
    api.client.put(
        "/api/v1/account-list",
        {"accounts": [{"name": "Bravo Co", "country": "JP", "status": "customer"}]},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {api.raw}",
    )
    assert PartnerAccount.objects.filter(partner=world.partner_a).count() == 2  # A's list untouched


def _a_cosell(world: World) -> tuple[int, int, int]:
    """Partner A co-selling one of the vendor's opportunities, fully shared, with a thread and a
    step.

    Returns (co-sell, step, A's registration) ids.
    """
    import datetime as dt

    from django.utils import timezone

    from trellis.cosell import services

    cosell = services.cosell_invite_partner(
        actor=world.actor(world.cm),
        opportunity=_the_opportunity(world),
        partner=world.partner_a,
        message="Alpha invitation",
        shared_fields=["amount", "stage", "contacts", "notes"],
    )
    services.cosell_accept(actor=world.actor(world.a_admin), cosell=cosell)
    services.cosell_post(actor=world.actor(world.a_admin), cosell=cosell, body="Alpha secret note")
    step = services.cosell_step_add(
        actor=world.actor(world.a_admin),
        cosell=cosell,
        title="Alpha step",
        owner_id=world.a_admin.pk,
        due_on=timezone.localdate() + dt.timedelta(days=3),
    )
    return cosell.pk, step.pk, _a_deal(world)


def _the_opportunity(world: World) -> Any:
    from trellis.deals.models import DirectOpportunity

    return DirectOpportunity.objects.get(pk=_an_opportunity(world))


def _unchanged_cosell(cosell_id: int) -> None:
    from trellis.cosell.models import CoSell, CoSellMessage, CoSellStep

    cosell = CoSell.objects.get(pk=cosell_id)
    assert cosell.status == "active" and len(cosell.shared_fields) == 4
    assert (
        CoSellMessage.objects.count() == 1
        and not CoSellStep.objects.filter(done_at__isnull=False).exists()
    )
    assert CoSell.objects.count() == 1


def _portal_cosell_pages(world: World) -> None:
    cosell_id, step_id, deal_id = _a_cosell(world)
    client = _b_client(world)
    listing = client.get(reverse("portal:cosell_list")).content.decode()
    assert "Acme expansion" not in listing and "Alpha" not in listing
    assert client.get(reverse("portal:cosell_detail", args=[cosell_id])).status_code == 404
    for action, data in [
        ("post", {"body": "x"}),
        ("done", {"step": step_id}),
        ("withdraw", {}),
        ("share", {"shared_fields": ["amount"]}),
        ("won", {}),
    ]:
        assert (
            client.post(reverse("portal:cosell_action", args=[cosell_id, action]), data).status_code
            == 404
        )
    invite = reverse("portal:cosell_invite_vendor", args=[deal_id])
    assert client.get(invite).status_code == 404 and client.post(invite, {}).status_code == 404
    _unchanged_cosell(cosell_id)


def _api_cosell_404(world: World) -> None:
    cosell_id, step_id, deal_id = _a_cosell(world)
    api = ApiClient(world.b_admin)
    assert api.get("/api/v1/cosells").json()["items"] == []
    assert api.get("/api/v1/cosells", partner=world.partner_a.pk).json()["items"] == []
    assert api.get(f"/api/v1/cosells/{cosell_id}").status_code == 404
    base = f"/api/v1/cosells/{cosell_id}"
    for path, body in [
        ("/accept", {}),
        ("/decline", {"reason": "no_fit"}),
        ("/withdraw", {}),
        ("/close", {"outcome": "won"}),
        ("/messages", {"body": "x"}),
        ("/steps", {"title": "x", "owner": world.b_admin.pk, "due_on": "2099-01-01"}),
        (f"/steps/{step_id}/done", {"done": True}),
    ]:
        assert api.post(base + path, body).status_code == 404, path
    put = api.client.put(
        base + "/sharing",
        {"shared_fields": []},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {api.raw}",
    )
    assert put.status_code == 404
    assert api.post("/api/v1/cosells", {"deal": deal_id}).status_code == 404
    _unchanged_cosell(cosell_id)


def _a_introduction(world: World) -> tuple[int, int]:
    """Alpha met Delta (an ISV in Germany) through the vendor; returns (introduction, Alpha's
    registration)."""
    from tests.fixtures import _partner, _user
    from trellis.cosell import services
    from trellis.partners.models import ProgramEnrollment

    delta = _partner("Delta Data", "delta.test", "DE", world.cm, kind="isv")
    ProgramEnrollment.objects.create(partner=delta, program=world.program, tier=world.silver)
    dora = _user("dora@delta.test", ["partner_admin"], delta, "Dora Delta")
    introduction = services.introduction_request(
        actor=world.actor(world.a_sales),
        requester=world.partner_a,
        target=delta,
        need="Alpha secret need",
        message="Alpha note",
    )
    services.introduction_broker(
        actor=world.actor(world.cm), introduction=introduction, forward=True
    )
    services.introduction_answer(actor=world.actor(dora), introduction=introduction, accept=True)
    return introduction.pk, _a_deal(world)


def _unchanged_introduction(introduction_id: int) -> None:
    from trellis.cosell.models import Introduction

    introduction = Introduction.objects.get(pk=introduction_id)
    assert introduction.status == "connected" and introduction.requester_rating is None
    assert Introduction.objects.count() == 1


def _portal_introduction_pages(world: World) -> None:
    introduction_id, deal_id = _a_introduction(world)
    client = _b_client(world)
    listing = client.get(reverse("portal:introduction_list")).content.decode()
    assert "Alpha secret need" not in listing and "Delta Data" not in listing
    assert (
        client.get(reverse("portal:introduction_detail", args=[introduction_id])).status_code == 404
    )
    for action in ("rate", "withdraw", "accept", "decline"):
        url = reverse("portal:introduction_action", args=[introduction_id, action])
        assert client.post(url, {"stars": "1"}).status_code == 404
    assert client.get(reverse("portal:partner_match"), {"deal": deal_id}).status_code == 404
    asked = client.post(
        reverse("portal:introduction_request"),
        {"country": "DE", "types": ["isv"], "target": "1", "deal": deal_id},
    )
    assert asked.status_code == 404
    _unchanged_introduction(introduction_id)


def _api_introduction_404(world: World) -> None:
    introduction_id, deal_id = _a_introduction(world)
    api = ApiClient(world.b_admin)
    assert api.get("/api/v1/introductions").json()["items"] == []
    assert api.get(f"/api/v1/introductions/{introduction_id}").status_code == 404
    base = f"/api/v1/introductions/{introduction_id}"
    for path, body in [
        ("/broker", {"forward": True}),
        ("/answer", {"accept": True}),
        ("/rate", {"stars": 1}),
        ("/withdraw", {}),
    ]:
        assert api.post(base + path, body).status_code == 404, path
    assert (
        api.post("/api/v1/partner-matches", {"country": "DE", "deal": deal_id}).status_code == 404
    )
    asked = api.post(
        "/api/v1/introductions",
        {"target": 1, "deal": deal_id, "need": {"country": "DE", "types": ["isv"]}},
    )
    assert asked.status_code == 404
    _unchanged_introduction(introduction_id)


def _a_draft_bundle(world: World) -> tuple[int, int]:
    """Alpha's draft bundle with Delta invited; returns (bundle, Delta's membership)."""
    from tests.fixtures import _partner
    from trellis.cosell import services

    bundle = services.bundle_create(
        actor=world.actor(world.a_sales),
        data=services.BundleInput(
            name="Alpha secret bundle",
            summary="Alpha only",
            products=["PLA-001"],
            countries=["DE"],
            service="Roll-out",
        ),
    )
    delta = _partner("Delta Data", "delta.test", "DE", world.cm, kind="msp")
    member = services.bundle_invite(
        actor=world.actor(world.a_sales), bundle=bundle, partner=delta, service="Ops"
    )
    return bundle.pk, member.pk


def _unchanged_bundle(bundle_id: int) -> None:
    from trellis.cosell.models import Bundle

    bundle = Bundle.objects.get(pk=bundle_id)
    assert (
        bundle.status == "draft"
        and bundle.name == "Alpha secret bundle"
        and bundle.members.count() == 2
    )
    assert bundle.members.filter(consent="invited").count() == 1


def _portal_bundle_pages(world: World) -> None:
    bundle_id, member_id = _a_draft_bundle(world)
    client = _b_client(world)
    assert (
        "Alpha secret bundle" not in client.get(reverse("portal:bundle_catalogue")).content.decode()
    )
    assert client.get(reverse("portal:bundle_detail", args=[bundle_id])).status_code == 404
    assert client.get(reverse("portal:bundle_edit", args=[bundle_id])).status_code == 404
    assert (
        client.post(reverse("portal:bundle_edit", args=[bundle_id]), {"name": "x"}).status_code
        == 404
    )
    for action in ("invite", "remove", "agree", "withdraw", "publish", "retire"):
        url = reverse("portal:bundle_action", args=[bundle_id, action])
        assert (
            client.post(
                url, {"member": member_id, "partner": world.partner_b.pk, "service": "x"}
            ).status_code
            == 404
        )
    new = client.get(reverse("portal:bundle_new")).content.decode()
    assert "Alpha secret bundle" not in new
    _unchanged_bundle(bundle_id)


def _api_bundle_404(world: World) -> None:
    bundle_id, member_id = _a_draft_bundle(world)
    api = ApiClient(world.b_admin)
    assert api.get("/api/v1/bundles").json()["items"] == []
    assert api.get(f"/api/v1/bundles/{bundle_id}").status_code == 404
    base = f"/api/v1/bundles/{bundle_id}"
    for path, body in [
        ("/members", {"partner": world.partner_b.pk, "service": "x"}),
        (f"/members/{member_id}/consent", {"agree": True}),
        ("/publish", {}),
        ("/retire", {}),
    ]:
        assert api.post(base + path, body).status_code == 404, path
    mine = api.post(
        "/api/v1/bundles",
        {
            "name": "Bravo bundle",
            "summary": "B",
            "products": ["PLA-001"],
            "countries": ["JP"],
            "service": "Resale",
        },
    ).json()
    assert [m["partner"] for m in mine["members"]] == [
        world.partner_b.pk
    ]  # B composes only as itself
    _unchanged_bundle(bundle_id)


def _api_upload_404(world: World) -> None:
    from trellis.cosell.services import AccountRow, account_list_upload

    upload = account_list_upload(
        actor=world.actor(world.a_admin),
        partner=world.partner_a,
        rows=[AccountRow("Secret Prospect Alpha", "DE", "prospect")],
    )
    assert (
        ApiClient(world.b_admin).get(f"/api/v1/account-list/uploads/{upload.pk}").status_code == 404
    )


def _a_web_form(world: World) -> int:
    from trellis.leads.services.intake import web_form_save

    return web_form_save(
        actor=world.actor(world.cm),
        form=None,
        name="Contact us",
        program_id=None,
        thank_you="",
        embed_origins="",
        is_active=True,
    ).pk


def _web_form_shows_no_partner_data(world: World) -> None:
    from trellis.leads.models import WebForm

    _a_lead(world)
    key = WebForm.objects.get(pk=_a_web_form(world)).key
    body = Client().get(reverse("lead_web_form", args=[key])).content.decode()
    assert "Contact us" in body and "Alpha" not in body and "Umbrella" not in body


def _portal_lead_pages(world: World) -> None:
    lead_id = _a_lead(world)
    client = _b_client(world)
    assert client.get(reverse("portal:lead_detail", args=[lead_id])).status_code == 404
    for action in PORTAL_LEAD_ACTIONS:
        url = reverse(f"portal:lead_{action}", args=[lead_id])
        for body in ({"reason": "other"}, {}, {"reason": "nonsense", "note": "x" * 5000}):
            assert client.post(url, body).status_code == 404
    assert "Umbrella" not in client.get(reverse("portal:lead_list")).content.decode()
    assert (
        "Umbrella"
        in login(Client(), world.a_sales).get(reverse("portal:lead_list")).content.decode()
    )


def _api_lead_404(world: World) -> None:
    lead_id = _a_lead(world)
    api = ApiClient(world.b_admin)
    assert api.get(f"/api/v1/leads/{lead_id}").status_code == 404
    assert api.get(f"/api/v1/leads/{lead_id}/routing").status_code == 404
    for action in ("accept", "decline", "return", "update", "convert", "assign"):
        body = {"reason": "other", "status": "won", "note": "x", "partner": world.partner_b.pk}
        assert api.post(f"/api/v1/leads/{lead_id}/{action}", body).status_code == 404
    assert api.get("/api/v1/leads").json()["items"] == []
    from trellis.leads.models import Lead

    assert Lead.objects.get(pk=lead_id).partner_id == world.partner_a.pk


def _a_routing_run(world: World) -> int:
    from trellis.leads.models import RoutingRun

    _a_lead(world)
    return RoutingRun.objects.create(status="done", routed=1, assigned=1).pk


def _api_routing_runs_are_staff_only(world: World) -> None:
    from trellis.leads.models import RoutingRun

    run_id = _a_routing_run(world)
    api = ApiClient(world.b_admin)
    assert api.get(f"/api/v1/routing-runs/{run_id}").status_code == 404
    assert api.post("/api/v1/routing-runs", {}).status_code == 403
    assert RoutingRun.objects.count() == 1


def _api_lead_intake_is_staff_only(world: World) -> None:
    from trellis.leads.models import Lead

    payload = {
        "customer": {"name": "Sneaky", "country": "DE"},
        "contact": {"name": "X", "email": "x@x.example"},
    }
    assert ApiClient(world.b_admin).post("/api/v1/leads", payload).status_code == 403
    assert not Lead.objects.exists()


def _settings_hidden(name: str, **kwargs: Callable[[World], Any]) -> Check:
    """A console settings page answers 404 to a partner user, and a POST of plausible
    settings from one changes nothing (no event is recorded)."""

    def check(world: World) -> None:
        from trellis.core.models import DomainEvent

        url = reverse(name, kwargs={k: v(world) for k, v in kwargs.items()})
        client = _b_client(world)
        before = DomainEvent.objects.count()
        assert client.get(url).status_code == 404
        data = {
            "name": "Taken over",
            "slug": "taken",
            "rank": "9",
            "protection_days": "1",
            "email": "spy@bravo.test",
            "roles": ["admin"],
            "active": "0",
            "time_zone": "UTC",
            "opens_at": "00:00",
            "closes_at": "23:00",
            "workdays": ["5"],
            "sku": "SPY-1",
        }
        assert client.post(url, data).status_code == 404
        assert DomainEvent.objects.count() == before

    return check


def _an_open_staff_invitation(world: World) -> int:
    from trellis.accounts.services.staff import staff_invite

    return staff_invite(
        actor=world.actor(world.admin), email="new@vendor.test", roles=["analyst"]
    ).invitation.pk


def _catalogue_product(world: World) -> int:
    from trellis.catalog.models import Product

    return Product.objects.get(sku="PLA-001").pk


def _a_specialization(world: World) -> int:
    from trellis.partners.models import Specialization

    return Specialization.objects.get_or_create(slug="security", defaults={"name": "Security"})[
        0
    ].pk


def _catalogue_family(world: World) -> int:
    from trellis.catalog.models import ProductFamily

    return ProductFamily.objects.get(code="platform").pk


SETTINGS_CHECKS: dict[str, Check] = {
    "console:settings": _settings_hidden("console:settings"),
    "console:program_list": _settings_hidden("console:program_list"),
    "console:program_new": _settings_hidden("console:program_new"),
    "console:program_detail": _settings_hidden(
        "console:program_detail", program_id=lambda w: w.program.pk
    ),
    "console:program_rules": _settings_hidden(
        "console:program_rules", program_id=lambda w: w.program.pk
    ),
    "console:program_routing": _settings_hidden(
        "console:program_routing", program_id=lambda w: w.program.pk
    ),
    "console:tier_new": _settings_hidden("console:tier_new", program_id=lambda w: w.program.pk),
    "console:tier_edit": _settings_hidden(
        "console:tier_edit", program_id=lambda w: w.program.pk, tier_id=lambda w: w.gold.pk
    ),
    "console:tier_delete": _settings_hidden(
        "console:tier_delete", program_id=lambda w: w.program.pk, tier_id=lambda w: w.gold.pk
    ),
    "console:product_list": _settings_hidden("console:product_list"),
    "console:product_new": _settings_hidden("console:product_new"),
    "console:product_edit": _settings_hidden("console:product_edit", product_id=_catalogue_product),
    "console:family_new": _settings_hidden("console:family_new"),
    "console:family_edit": _settings_hidden("console:family_edit", family_id=_catalogue_family),
    "console:staff_list": _settings_hidden("console:staff_list"),
    "console:staff_detail": _settings_hidden(
        "console:staff_detail", user_id=lambda w: w.analyst.pk
    ),
    "console:staff_access": _settings_hidden(
        "console:staff_access", user_id=lambda w: w.analyst.pk
    ),
    "console:staff_invitation_revoke": _settings_hidden(
        "console:staff_invitation_revoke", invitation_id=_an_open_staff_invitation
    ),
    "console:specialization_list": _settings_hidden("console:specialization_list"),
    "console:specialization_new": _settings_hidden("console:specialization_new"),
    "console:specialization_edit": _settings_hidden(
        "console:specialization_edit", specialization_id=_a_specialization
    ),
    "console:business_hours": _settings_hidden("console:business_hours"),
    "console:business_hours_edit": _settings_hidden(
        "console:business_hours_edit", region=lambda w: "emea"
    ),
}


ROUTE_CHECKS: dict[str, Check] = {
    **SETTINGS_CHECKS,
    **LEARNING_CHECKS,
    **LIFECYCLE_CHECKS,
    **FUNDS_CHECKS,
    **INCENTIVES_CHECKS,
    "home": _home_redirects_to_own_surface,
    "console:partner_directory": _console_hidden("console:partner_directory"),
    "console:partner_detail": _console_hidden(
        "console:partner_detail", partner_id=lambda w: w.partner_a.pk
    ),
    "console:partner_edit": _console_hidden(
        "console:partner_edit", partner_id=lambda w: w.partner_a.pk
    ),
    "console:partner_status": _console_hidden(
        "console:partner_status", partner_id=lambda w: w.partner_a.pk
    ),
    "console:partner_tier": _console_hidden(
        "console:partner_tier", partner_id=lambda w: w.partner_a.pk
    ),
    "console:home": _console_hidden("console:home"),
    "console:audit_log": _console_hidden("console:audit_log"),
    "console:exchange_rates": _console_hidden("console:exchange_rates"),
    "GET /api/v1/exchange-rates": _api_rates_are_reference_data,
    "POST /api/v1/exchange-rates": _api_rates_import_is_vendor_finance,
    "portal:home": _portal_own_only("portal:home"),
    "portal:company": _portal_own_only("portal:company"),
    "portal:team": _portal_own_only("portal:team"),
    "portal:member_roles": _portal_foreign_object(
        "portal:member_roles", "user_id", lambda w: w.a_sales.pk, {"roles": ["partner_admin"]}
    ),
    "portal:member_active": _portal_foreign_object(
        "portal:member_active", "user_id", lambda w: w.a_sales.pk, {"active": "0"}
    ),
    "portal:invitation_revoke": _portal_foreign_object(
        "portal:invitation_revoke", "invitation_id", _a_invitation, {}
    ),
    "tokens": _tokens_own_only,
    "notifications": _notifications_own_only,
    "token_revoke": _tokens_own_only,
    "invitation_accept": _invitation_page_is_token_scoped,
    "portal:deal_list": _portal_deal_pages,
    "portal:deal_export": _portal_deal_pages,
    "portal:deal_detail": _portal_deal_pages,
    **{f"portal:deal_{action}": _portal_deal_pages for action in PORTAL_DEAL_ACTIONS},
    "portal:deal_new": _portal_deal_new,
    "portal:deal_upload": _portal_upload_registers_for_own_partner,
    "portal:deal_hint": _portal_hint_reveals_no_partner,
    "portal:conflict_detail": _portal_conflict_page,
    "console:deal_queue": _console_hidden("console:deal_queue"),
    "console:deal_bulk_approve": _console_hidden("console:deal_bulk_approve"),
    "console:deal_list": _console_hidden("console:deal_list"),
    "console:deal_export": _console_hidden("console:deal_export"),
    "console:deal_detail": _console_hidden("console:deal_detail", deal_id=_a_deal),
    **{
        f"console:deal_{action}": _console_hidden(f"console:deal_{action}", deal_id=_a_deal)
        for action in ("approve", "reject", "request_info", "reopen", "extend", "reverse")
    },
    "console:conflict_log": _console_hidden("console:conflict_log"),
    "console:appeal_detail": _console_hidden("console:appeal_detail", appeal_id=_a_appeal),
    "POST /api/v1/deals": _api_register_for_other_partner,
    "GET /api/v1/deals": _api_deal_404,
    "GET /api/v1/deals/{deal_id}": _api_deal_404,
    "PATCH /api/v1/deals/{deal_id}": _api_deal_404,
    "POST /api/v1/deals/{deal_id}/submit": _api_deal_404,
    "POST /api/v1/deals/{deal_id}/approve": _api_deal_404,
    "POST /api/v1/deals/{deal_id}/reject": _api_deal_404,
    "POST /api/v1/deals/{deal_id}/request-info": _api_deal_404,
    "POST /api/v1/deals/{deal_id}/extend": _api_deal_404,
    "POST /api/v1/deals/{deal_id}/close": _api_deal_404,
    "POST /api/v1/deals/{deal_id}/reverse": _api_deal_404,
    "POST /api/v1/conflicts/{conflict_id}/appeal": _api_appeal_404,
    "GET /api/v1/deals/{deal_id}/co-sellers": _co_selling_requests_404,
    "GET /api/v1/co-selling-requests": _co_selling_requests_404,
    "POST /api/v1/co-selling-requests/{request_id}/accept": _co_selling_requests_404,
    "POST /api/v1/co-selling-requests/{request_id}/decline": _co_selling_requests_404,
    "portal:co_seller_requests": _co_selling_requests_404,
    "portal:co_seller_accept": _co_selling_requests_404,
    "portal:co_seller_decline": _co_selling_requests_404,
    "GET /api/v1/me": _api_me,
    "GET /api/v1/partners": _api_list_partners,
    "GET /api/v1/partners/{partner_id}": _api_get_404(
        lambda w: f"/api/v1/partners/{w.partner_a.pk}"
    ),
    "PATCH /api/v1/partners/{partner_id}": _api_patch_404,
    "GET /api/v1/partners/{partner_id}/users": _api_get_404(
        lambda w: f"/api/v1/partners/{w.partner_a.pk}/users"
    ),
    "POST /api/v1/partners/{partner_id}/invitations": _api_invite_404,
    "GET /api/v1/accounts": _api_list_accounts,
    "PATCH /api/v1/accounts/{account_id}": _api_account_parent_refused,
    "console:deal_family": _console_hidden("console:deal_family", deal_id=_a_deal),
    "GET /api/v1/products": _api_products_are_catalogue,
    "portal:lead_list": _portal_lead_pages,
    "portal:lead_detail": _portal_lead_pages,
    **{f"portal:lead_{action}": _portal_lead_pages for action in PORTAL_LEAD_ACTIONS},
    "console:lead_queue": _console_hidden("console:lead_queue"),
    "console:lead_new": _console_hidden("console:lead_new"),
    "console:lead_funnel": _console_hidden("console:lead_funnel"),
    "console:lead_import": _console_hidden("console:lead_import"),
    "console:web_forms": _console_hidden("console:web_forms"),
    "console:web_form_new": _console_hidden("console:web_form_new"),
    "console:web_form_edit": _console_hidden("console:web_form_edit", form_id=_a_web_form),
    "lead_web_form": _web_form_shows_no_partner_data,
    "portal:account_mapping": _portal_mapping_own_only,
    "console:partner_mapping": _console_hidden(
        "console:partner_mapping", partner_id=lambda w: w.partner_a.pk
    ),
    "console:opportunities": _console_hidden("console:opportunities"),
    "console:opportunity_detail": _console_hidden(
        "console:opportunity_detail", opportunity_id=_an_opportunity
    ),
    "console:cosell_list": _console_hidden("console:cosell_list"),
    "console:cosell_detail": _console_hidden(
        "console:cosell_detail", cosell_id=lambda w: _a_cosell(w)[0]
    ),
    "console:cosell_action": _console_hidden(
        "console:cosell_action", cosell_id=lambda w: _a_cosell(w)[0], action=lambda w: "withdraw"
    ),
    "console:cosell_invite_partner": _console_hidden(
        "console:cosell_invite_partner", opportunity_id=_an_opportunity
    ),
    "portal:cosell_list": _portal_cosell_pages,
    "portal:cosell_detail": _portal_cosell_pages,
    "portal:cosell_action": _portal_cosell_pages,
    "portal:cosell_invite_vendor": _portal_cosell_pages,
    "GET /api/v1/cosells": _api_cosell_404,
    "POST /api/v1/cosells": _api_cosell_404,
    "GET /api/v1/cosells/{cosell_id}": _api_cosell_404,
    "POST /api/v1/cosells/{cosell_id}/accept": _api_cosell_404,
    "POST /api/v1/cosells/{cosell_id}/decline": _api_cosell_404,
    "POST /api/v1/cosells/{cosell_id}/withdraw": _api_cosell_404,
    "POST /api/v1/cosells/{cosell_id}/close": _api_cosell_404,
    "PUT /api/v1/cosells/{cosell_id}/sharing": _api_cosell_404,
    "POST /api/v1/cosells/{cosell_id}/messages": _api_cosell_404,
    "POST /api/v1/cosells/{cosell_id}/steps": _api_cosell_404,
    "POST /api/v1/cosells/{cosell_id}/steps/{step_id}/done": _api_cosell_404,
    "console:partner_match": _console_hidden("console:partner_match"),
    "console:introduction_list": _console_hidden("console:introduction_list"),
    "console:introduction_detail": _console_hidden(
        "console:introduction_detail", introduction_id=lambda w: _a_introduction(w)[0]
    ),
    "console:introduction_action": _console_hidden(
        "console:introduction_action",
        introduction_id=lambda w: _a_introduction(w)[0],
        action=lambda w: "rate",
    ),
    "portal:partner_match": _portal_introduction_pages,
    "portal:introduction_request": _portal_introduction_pages,
    "portal:introduction_list": _portal_introduction_pages,
    "portal:introduction_detail": _portal_introduction_pages,
    "portal:introduction_action": _portal_introduction_pages,
    "POST /api/v1/partner-matches": _api_introduction_404,
    "GET /api/v1/introductions": _api_introduction_404,
    "POST /api/v1/introductions": _api_introduction_404,
    "GET /api/v1/introductions/{introduction_id}": _api_introduction_404,
    "POST /api/v1/introductions/{introduction_id}/broker": _api_introduction_404,
    "POST /api/v1/introductions/{introduction_id}/answer": _api_introduction_404,
    "POST /api/v1/introductions/{introduction_id}/rate": _api_introduction_404,
    "POST /api/v1/introductions/{introduction_id}/withdraw": _api_introduction_404,
    "console:bundle_catalogue": _console_hidden("console:bundle_catalogue"),
    "console:bundle_new": _console_hidden("console:bundle_new"),
    "console:bundle_detail": _console_hidden(
        "console:bundle_detail", bundle_id=lambda w: _a_draft_bundle(w)[0]
    ),
    "console:bundle_edit": _console_hidden(
        "console:bundle_edit", bundle_id=lambda w: _a_draft_bundle(w)[0]
    ),
    "console:bundle_action": _console_hidden(
        "console:bundle_action",
        bundle_id=lambda w: _a_draft_bundle(w)[0],
        action=lambda w: "publish",
    ),
    "portal:bundle_catalogue": _portal_bundle_pages,
    "portal:bundle_new": _portal_bundle_pages,
    "portal:bundle_detail": _portal_bundle_pages,
    "portal:bundle_edit": _portal_bundle_pages,
    "portal:bundle_action": _portal_bundle_pages,
    "GET /api/v1/bundles": _api_bundle_404,
    "POST /api/v1/bundles": _api_bundle_404,
    "GET /api/v1/bundles/{bundle_id}": _api_bundle_404,
    "POST /api/v1/bundles/{bundle_id}/members": _api_bundle_404,
    "POST /api/v1/bundles/{bundle_id}/members/{member_id}/consent": _api_bundle_404,
    "POST /api/v1/bundles/{bundle_id}/publish": _api_bundle_404,
    "POST /api/v1/bundles/{bundle_id}/retire": _api_bundle_404,
    "PUT /api/v1/account-list": _api_account_list_own_only,
    "GET /api/v1/overlap": _api_account_list_own_only,
    "GET /api/v1/account-list/uploads/{upload_id}": _api_upload_404,
    "console:lead_detail": _console_hidden("console:lead_detail", lead_id=_a_lead),
    **{
        f"console:lead_{action}": _console_hidden(f"console:lead_{action}", lead_id=_a_lead)
        for action in ("assign", "reroute")
    },
    "POST /api/v1/leads": _api_lead_intake_is_staff_only,
    "POST /api/v1/routing-runs": _api_routing_runs_are_staff_only,
    "GET /api/v1/routing-runs/{run_id}": _api_routing_runs_are_staff_only,
    "console:routing_runs": _console_hidden("console:routing_runs"),
    "console:routing_run": _console_hidden("console:routing_run", run_id=_a_routing_run),
    "GET /api/v1/leads": _api_lead_404,
    "GET /api/v1/leads/{lead_id}": _api_lead_404,
    "GET /api/v1/leads/{lead_id}/routing": _api_lead_404,
    "POST /api/v1/leads/{lead_id}/accept": _api_lead_404,
    "POST /api/v1/leads/{lead_id}/decline": _api_lead_404,
    "POST /api/v1/leads/{lead_id}/return": _api_lead_404,
    "POST /api/v1/leads/{lead_id}/update": _api_lead_404,
    "POST /api/v1/leads/{lead_id}/convert": _api_lead_404,
    "POST /api/v1/leads/{lead_id}/assign": _api_lead_404,
}

# Routes that carry no partner data at all, and why.
NO_PARTNER_DATA = {
    "set_language": "switches the interface language",
    "api:openapi-json": "the API schema",
    "api:openapi-view": "the API docs page",
}


def _route_names(resolver: URLResolver, prefix: str = "") -> list[str]:
    names = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            names += _route_names(entry, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            module = getattr(entry.callback, "__module__", "")
            if module.startswith(("trellis", "config", "django.views.i18n")) or prefix.startswith(
                "api:"
            ):
                names.append(prefix + entry.name)
    return names


def _api_operations() -> list[str]:
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    return [f"{m.upper()} {p.rstrip('/')}" for p, ops in schema["paths"].items() for m in ops]


def test_every_route_and_api_operation_has_an_isolation_check() -> None:
    own_routes = {
        n for n in _route_names(get_resolver()) if not n.startswith("api:") or n in NO_PARTNER_DATA
    }
    own_routes -= set(NO_PARTNER_DATA)
    api_ops = set(_api_operations())
    missing = sorted((own_routes | api_ops) - set(ROUTE_CHECKS))
    assert not missing, f"Routes without an isolation check: {missing}"


@pytest.mark.parametrize("route", sorted(ROUTE_CHECKS))
def test_partner_b_cannot_reach_partner_a(route: str, world: World) -> None:
    ROUTE_CHECKS[route](world)


def test_every_console_and_portal_view_declares_its_surface() -> None:
    unguarded = []
    for entry in _walk(get_resolver()):
        module = getattr(entry.callback, "__module__", "")
        is_page = ".console." in module or ".portal." in module or module.endswith("accounts.views")
        guarded = (
            getattr(entry.callback, "trellis_surface", False) or entry.name == "invitation_accept"
        )
        if is_page and not guarded:
            unguarded.append(entry.name)
    assert not unguarded


def _walk(resolver: URLResolver) -> list[URLPattern]:
    out: list[URLPattern] = []
    for entry in resolver.url_patterns:
        out += _walk(entry) if isinstance(entry, URLResolver) else [entry]
    return out


def test_every_partner_owned_model_is_scoped() -> None:
    """A model with a foreign key to Partner must filter through visible_to()."""
    unscoped = []
    for model in apps.get_models():
        if model is Partner or not model.__module__.startswith("trellis."):
            continue
        points_at_partner = any(
            getattr(f, "related_model", None) is Partner
            for f in model._meta.get_fields()
            if f.concrete
        )
        through_m2m = model._meta.auto_created
        exempt = through_m2m or model._meta.label in UNSCOPED_BY_DESIGN
        if (
            points_at_partner
            and not exempt
            and not isinstance(model._default_manager.all(), ScopedQuerySet)
        ):
            unscoped.append(model._meta.label)
    assert not unscoped, f"Partner-owned models without visible_to(): {unscoped}"


# Children read only through their scoped parent (the partner's own page), never listed alone.
UNSCOPED_BY_DESIGN = {
    "partners.PartnerTypeAssignment",
    "partners.PartnerRegion",
    "partners.PartnerCountry",
    "partners.PartnerPostalArea",
}


# Routes whose check does not hinge on visible_to(): partners never enter the console (the
# surface guard answers first), and these read only the caller's own partner or nothing
# partner-owned at all, so removing the scoping leaves them as they were.
NOT_DECIDED_BY_SCOPING = {
    "GET /api/v1/exchange-rates",
    "POST /api/v1/exchange-rates",
    "GET /api/v1/me",
    "GET /api/v1/overlap",
    "GET /api/v1/products",
    "POST /api/v1/deals",
    "POST /api/v1/leads",
    "PUT /api/v1/account-list",
    "home",
    "invitation_accept",
    "lead_web_form",
    "notifications",
    "portal:account_mapping",
    "portal:company",
    "portal:deal_hint",
    "portal:deal_new",
    "portal:deal_upload",
    "portal:home",
    "portal:team",
    "token_revoke",
    "tokens",
    *LEARNING_NOT_BY_SCOPING,
    *LIFECYCLE_NOT_BY_SCOPING,
    *FUNDS_NOT_BY_SCOPING,
    *INCENTIVES_NOT_BY_SCOPING,
}
SCOPED_ROUTES = sorted(
    r for r in ROUTE_CHECKS if not r.startswith("console:") and r not in NOT_DECIDED_BY_SCOPING
)


@pytest.mark.parametrize("route", SCOPED_ROUTES)
def test_isolation_checks_fail_when_scoping_is_removed(
    route: str, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The checks have teeth on every read: without visible_to(), partner B would see partner A."""
    monkeypatch.setattr(ScopedQuerySet, "visible_to", lambda self, actor: self.all())
    with pytest.raises(AssertionError):
        ROUTE_CHECKS[route](world)


def test_routes_exempt_from_the_scoping_mutation_exist() -> None:
    assert set(ROUTE_CHECKS) >= NOT_DECIDED_BY_SCOPING and len(SCOPED_ROUTES) > 60


def test_problem_bodies_are_json(world: World) -> None:
    body = ApiClient(world.b_admin).get(f"/api/v1/partners/{world.partner_a.pk}").content
    assert json.loads(body)["status"] == 404
