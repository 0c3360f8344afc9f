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
from trellis.leads.models import Lead, LeadOffer
from trellis.leads.reasons import words
from trellis.lifecycle.models import Handover, PartnerExit
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
    assert "1 open registration goes to the partner or channel manager you choose" in page
    refused = admin.post(url, {"offboard": "1", "kind": "voluntary", "reason": ""})
    assert refused.status_code == 400 and not PartnerExit.objects.exists()
    done = admin.post(url, {"offboard": "1", "kind": "voluntary", "reason": "Retiring"})
    assert done.status_code == 302
    assert "Bring the partner back" in admin.get(url).content.decode()
    admin.post(url, {"reactivate": "1", "reason": "Changed their mind"})
    world.partner_a.refresh_from_db()
    assert world.partner_a.status == "active"


def lead_of(world: World, name: str, *, offered: bool = False) -> Lead:
    """A lead the partner works (or, with ``offered``, was offered and has not answered)."""
    lead = Lead.objects.create(
        program=world.program,
        customer_name=name,
        country="DE",
        contact_name="Ida Buyer",
        status="offered" if offered else "accepted",
        partner=None if offered else world.partner_a,
    )
    LeadOffer.objects.create(
        lead=lead,
        partner=world.partner_a,
        status="open" if offered else "accepted",
        expires_at=timezone.now() + dt.timedelta(days=2),
    )
    return lead


def test_the_vendor_chooses_item_by_item_and_the_channel_manager_takes_some(
    world: World,
) -> None:
    first, second, third = (registration(world, "submitted") for _ in range(3))
    worked, offered = lead_of(world, "Umbrella GmbH"), lead_of(world, "Wayne AG", offered=True)
    out = ApiClient(world.cm).post(
        f"/api/v1/partners/{world.partner_a.pk}/offboard",
        {
            "kind": "voluntary",
            "reason": "Merged into a competitor",
            "deals_to": world.partner_b.pk,
            "items": [
                {"item": "deal", "id": second.pk, "to": "channel_manager"},
                {"item": "deal", "id": third.pk, "to": "release"},
                {"item": "lead", "id": worked.pk, "to": "partner", "partner": world.partner_b.pk},
                {"item": "lead", "id": offered.pk, "to": "channel_manager"},
            ],
        },
    )
    assert out.status_code == 200, out.content
    body = out.json()
    assert (body["deals_moved"], body["deals_closed"], body["to_channel_manager"]) == (1, 1, 2)
    outcomes = {(h["item"], h["id"]): (h["outcome"], h["partner"]) for h in body["handovers"]}
    assert outcomes == {
        ("deal", first.pk): ("moved", world.partner_b.pk),
        ("deal", second.pk): ("manager", None),
        ("deal", third.pk): ("closed", None),
        ("lead", worked.pk): ("moved", world.partner_b.pk),
        ("lead", offered.pk): ("manager", None),
    }
    for deal in (first, second, third):
        deal.refresh_from_db()
    assert first.partner_id == world.partner_b.pk
    assert second.status == "rejected" and "channel manager (Carl Manager)" in second.decision_note
    assert third.status == "rejected" and "channel manager" not in third.decision_note
    worked.refresh_from_db()
    offered.refresh_from_db()
    assert worked.status == "offered"
    assert LeadOffer.objects.get(lead=worked, partner=world.partner_b).status == "open"
    assert offered.status == "unroutable"
    assert words(offered.unroutable_reason).startswith(
        "Held for the channel manager (Carl Manager)"
    )
    told = Notification.objects.get(user=world.cm, verb="partner_exit.handed_over")
    assert "1 registrations and 1 leads" in told.body
    page = login(Client(), world.cm).get(f"/console/partners/{world.partner_a.pk}/offboarding/")
    text = page.content.decode()
    assert "Where each item went" in text and "Handed to the channel manager" in text


def test_bulk_to_the_channel_manager_and_choices_that_cannot_be_honoured(world: World) -> None:
    deal = registration(world, "approved")
    lead = lead_of(world, "Umbrella GmbH")
    path = f"/api/v1/partners/{world.partner_a.pk}/offboard"
    api = ApiClient(world.cm)
    base = {"kind": "voluntary", "reason": "Retiring"}
    for wrong in (
        {"deals_to": world.partner_b.pk, "deals_to_channel_manager": True},
        {"items": [{"item": "deal", "id": deal.pk + 100, "to": "release"}]},
        {"items": [{"item": "lead", "id": lead.pk, "to": "partner"}]},
        {"items": [{"item": "deal", "id": deal.pk, "to": "release", "partner": 1}]},
        {"items": [{"item": "deal", "id": deal.pk, "to": "partner", "partner": 999999}]},
    ):
        refused = api.post(path, {**base, **wrong})
        assert refused.status_code == 422, (wrong, refused.content)
    assert not PartnerExit.objects.exists()
    world.partner_a.refresh_from_db()
    assert world.partner_a.status == "active"
    done = api.post(
        path, {**base, "deals_to_channel_manager": True, "leads_to_channel_manager": True}
    )
    assert done.status_code == 200 and done.json()["to_channel_manager"] == 2
    deal.refresh_from_db()
    lead.refresh_from_db()
    assert deal.status == "expired" and lead.status == "unroutable" and lead.partner_id is None


def test_the_console_chooses_per_item(world: World) -> None:
    kept, closed = registration(world, "submitted"), registration(world, "submitted")
    admin = login(Client(), world.admin)
    url = f"/console/partners/{world.partner_a.pk}/offboarding/"
    page = admin.get(url).content.decode()
    assert "Choose item by item" in page and f'name="deal-{kept.pk}"' in page
    done = admin.post(
        url,
        {
            "offboard": "1",
            "kind": "voluntary",
            "reason": "Retiring",
            "deals_to": "manager",
            f"deal-{closed.pk}": "release",
        },
    )
    assert done.status_code == 302
    outcomes = dict(Handover.objects.values_list("item_id", "outcome"))
    assert outcomes == {kept.pk: "manager", closed.pk: "closed"}
