"""Offboarding: access revoked on the very next request, open registrations and leads handed
over or closed, payouts held, an export link that works without signing in, anonymisation
after the retention period, a suspended partner that may only read, and reactivation."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from tests.fixtures import ApiClient, World, login
from trellis.accounts.models import User
from trellis.core.models import DomainEvent, Notification
from trellis.deals.models import DealRegistration
from trellis.lifecycle.models import PartnerExit
from trellis.lifecycle.services import exits_anonymise, partner_offboard
from trellis.partners.models import Partner

pytestmark = pytest.mark.django_db


def registration(world: World, status: str, partner_id: int | None = None) -> DealRegistration:
    return DealRegistration.objects.create(
        partner_id=partner_id or world.partner_a.pk,
        program=world.program,
        customer=world.customer_vendor,
        customer_name="Initech Inc.",
        customer_country="US",
        amount=Decimal(1000),
        currency="USD",
        expected_close=timezone.localdate(),
        deal_type="new",
        status=status,
        protected_until=timezone.now() + dt.timedelta(days=30) if status == "approved" else None,
    )


def test_offboarding_revokes_access_at_once_and_hands_over_the_open_work(world: World) -> None:
    approved = registration(world, "approved")
    waiting = registration(world, "submitted")
    api = ApiClient(world.a_sales)
    assert api.get("/api/v1/deals").status_code == 200
    portal = login(Client(), world.a_admin)
    assert portal.get("/portal/").status_code == 200
    out = ApiClient(world.cm).post(
        f"/api/v1/partners/{world.partner_a.pk}/offboard",
        {"kind": "termination", "reason": "Contract ended", "deals_to": world.partner_b.pk},
    )
    assert out.status_code == 200, out.content
    assert out.json()["deals_moved"] == 2 and out.json()["payouts_held"] is True
    assert api.get("/api/v1/deals").status_code == 401  # the token, on its very next request
    assert portal.get("/portal/").status_code == 302  # signed out: off to sign in
    approved.refresh_from_db()
    waiting.refresh_from_db()
    assert approved.partner_id == waiting.partner_id == world.partner_b.pk
    world.partner_a.refresh_from_db()
    assert world.partner_a.status == "offboarded"
    verbs = set(DomainEvent.objects.values_list("verb", flat=True))
    assert {"partner.offboarding", "partner.offboarded", "deal.transferred"} <= verbs


def test_closing_the_open_work_and_the_export_link(world: World) -> None:
    approved = registration(world, "approved")
    waiting = registration(world, "submitted")
    record = partner_offboard(
        actor=world.actor(world.cm), partner=world.partner_a, kind="voluntary", reason="Retiring"
    )
    approved.refresh_from_db()
    waiting.refresh_from_db()
    assert (approved.status, waiting.status) == ("expired", "rejected")
    assert waiting.reject_reason == "partner_standing"
    assert record.deals_closed == 2
    told = Notification.objects.get(user=world.a_admin, verb="partner_exit.export_sent")
    link = re.search(r"/partner-data/\S+/", told.body)
    assert link is not None
    export = Client().get(link.group(0))
    assert export.status_code == 200
    data = export.json()
    assert data["company"]["name"] == "Alpha Systems"
    assert {p["email"] for p in data["people"]} >= {"anna@alpha.test", "sam@alpha.test"}
    assert Client().get(link.group(0)[:-3] + "xx/").status_code == 404


def test_people_are_anonymised_after_the_retention_period_and_only_then(world: World) -> None:
    record = partner_offboard(
        actor=world.actor(world.cm), partner=world.partner_a, kind="voluntary", reason="Retiring"
    )
    assert exits_anonymise(today=record.anonymise_on - dt.timedelta(days=1)) == 0
    assert exits_anonymise(today=record.anonymise_on) == 1
    assert exits_anonymise(today=record.anonymise_on) == 0
    anna = User.objects.get(pk=world.a_admin.pk)
    assert anna.email.startswith("removed-") and anna.full_name == "" and not anna.is_active
    assert User.objects.filter(partner=world.partner_b, is_active=True).exists()


def test_a_suspended_partner_reads_but_cannot_change(world: World) -> None:
    Partner.objects.filter(pk=world.partner_a.pk).update(status="suspended")
    api = ApiClient(world.a_sales)
    assert api.get("/api/v1/deals").status_code == 200
    refused = api.post("/api/v1/deals", {"customer": {"name": "X"}})
    assert refused.status_code == 403 and "suspended" in refused.json()["detail"]
    portal = login(Client(), world.a_admin)
    page = portal.get("/portal/")
    assert page.status_code == 200 and "partnership is suspended" in page.content.decode()
    assert portal.post("/portal/deals/new/", {}).status_code == 403


def test_reactivation_brings_the_people_back_until_they_are_anonymised(world: World) -> None:
    record = partner_offboard(
        actor=world.actor(world.cm), partner=world.partner_a, kind="voluntary", reason="Pause"
    )
    api = ApiClient(world.cm)
    back = api.post(f"/api/v1/partners/{world.partner_a.pk}/reactivate", {"reason": "Returning"})
    assert back.status_code == 200
    assert login(Client(), world.a_admin).get("/portal/").status_code == 200
    record.refresh_from_db()
    assert record.reactivated_at is not None
    assert exits_anonymise(today=record.anonymise_on) == 0  # back: nothing to anonymise


def test_offboarding_needs_a_reason_and_the_steward(world: World) -> None:
    path = f"/api/v1/partners/{world.partner_a.pk}/offboard"
    assert ApiClient(world.cm).post(path, {"kind": "voluntary", "reason": ""}).status_code == 422
    assert (
        ApiClient(world.analyst).post(path, {"kind": "voluntary", "reason": "x"}).status_code == 403
    )
    same = ApiClient(world.cm).post(
        path, {"kind": "voluntary", "reason": "x", "deals_to": world.partner_a.pk}
    )
    assert same.status_code == 422
    assert not PartnerExit.objects.exists()
    world.partner_a.refresh_from_db()
    assert world.partner_a.status == "active"


def test_the_console_page_shows_what_will_happen_and_offboards(world: World) -> None:
    registration(world, "submitted")
    admin = login(Client(), world.admin)
    url = f"/console/partners/{world.partner_a.pk}/offboarding/"
    page = admin.get(url).content.decode()
    assert "1 open registration goes to the partner you choose, or is closed." in page
    refused = admin.post(url, {"offboard": "1", "kind": "voluntary", "reason": ""})
    assert refused.status_code == 400 and not PartnerExit.objects.exists()
    done = admin.post(url, {"offboard": "1", "kind": "voluntary", "reason": "Retiring"})
    assert done.status_code == 302
    assert "Bring the partner back" in admin.get(url).content.decode()
    admin.post(url, {"reactivate": "1", "reason": "Changed their mind"})
    world.partner_a.refresh_from_db()
    assert world.partner_a.status == "active"
