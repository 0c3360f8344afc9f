"""Onboarding: the journey starts when an application is accepted, steps tick themselves off
from what the partner did, the agreement is accepted (current version only) with who, when and
where, documents are checked by content, reminders and escalations go out once, and a partner
that finishes becomes active."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from tests.fixtures import ApiClient, World, login
from trellis.core.actor import SYSTEM
from trellis.core.exceptions import Conflict, InvalidInput
from trellis.core.models import DomainEvent, Notification
from trellis.lifecycle.models import (
    AgreementAcceptance,
    Journey,
    JourneyStep,
    Onboarding,
    OnboardingStep,
    PartnerDocument,
)
from trellis.lifecycle.services import (
    agreement_accept,
    agreement_publish,
    document_upload,
    onboarding_refresh,
    onboarding_start,
    step_close,
)
from trellis.lifecycle.services.onboarding_news import onboarding_sweep
from trellis.partners.models import Partner

from .test_tiering import won

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def journey(*kinds: tuple[str, int]) -> Journey:
    made = Journey.objects.create(name="First 90 days")
    for n, (kind, days) in enumerate(kinds, start=1):
        JourneyStep.objects.create(
            journey=made,
            position=n,
            kind=kind,
            title=kind.replace("_", " "),
            due_days=days,
            document_kind="tax_form" if kind == "upload_document" else "",
            min_people=2,
        )
    return made


def onboard(world: World, *kinds: tuple[str, int]) -> Onboarding:
    journey(*kinds)
    Partner.objects.filter(pk=world.partner_a.pk).update(status="onboarding")
    world.partner_a.refresh_from_db()
    started = onboarding_start(
        actor=SYSTEM, partner=world.partner_a, program_ids=[], partner_types={"reseller"}
    )
    assert started is not None
    return started


def test_steps_tick_off_from_what_the_partner_did_and_finishing_makes_it_active(
    world: World,
) -> None:
    agreement_publish(actor=SYSTEM, title="Agreement", body="# Terms\n\nBe fair.")
    onboarding = onboard(
        world,
        ("accept_agreement", 7),
        ("invite_team", 14),
        ("first_deal", 60),
        ("first_revenue", 90),
    )
    onboarding_refresh(partner_id=world.partner_a.pk)
    done = set(onboarding.steps.filter(status="done").values_list("step__kind", flat=True))
    assert done == {"invite_team"}  # A already has two people
    agreement_accept(
        actor=world.actor(world.a_admin),
        partner=world.partner_a,
        version_number=1,
        ip_address="203.0.113.7",
        user_agent="Firefox",
    )
    signed = AgreementAcceptance.objects.get()
    assert signed.accepted_by == world.a_admin and signed.ip_address == "203.0.113.7"
    won(world, world.partner_a.pk, "5000")  # registered and won
    onboarding_refresh(partner_id=world.partner_a.pk)
    onboarding.refresh_from_db()
    world.partner_a.refresh_from_db()
    assert onboarding.completed_at is not None and world.partner_a.status == "active"
    verbs = set(DomainEvent.objects.values_list("verb", flat=True))
    assert {"agreement.accepted", "onboarding.step_done", "onboarding.completed"} <= verbs


def test_only_the_current_agreement_can_be_accepted_and_only_by_the_partner_admin(
    world: World,
) -> None:
    agreement_publish(actor=SYSTEM, title="Agreement", body="Version one.")
    agreement_publish(actor=SYSTEM, title="Agreement", body="Version two.")
    with pytest.raises(Conflict, match="version 2 was published"):
        agreement_accept(
            actor=world.actor(world.a_admin), partner=world.partner_a, version_number=1
        )
    from trellis.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        agreement_accept(
            actor=world.actor(world.a_sales), partner=world.partner_a, version_number=2
        )
    twice = [
        agreement_accept(
            actor=world.actor(world.a_admin), partner=world.partner_a, version_number=2
        )
        for _ in range(2)
    ]
    assert twice[0].pk == twice[1].pk and AgreementAcceptance.objects.count() == 1


def test_documents_are_checked_by_content_and_size(world: World) -> None:
    onboard(world, ("upload_document", 21))
    actor = world.actor(world.a_admin)
    with pytest.raises(InvalidInput, match="PDF, PNG or JPEG"):
        document_upload(
            actor=actor,
            partner=world.partner_a,
            kind="tax_form",
            upload=io.BytesIO(b"MZ\x90\x00 not a pdf"),
            filename="w9.pdf",
            size=20,
        )
    with pytest.raises(InvalidInput, match="not what its name says"):
        document_upload(
            actor=actor,
            partner=world.partner_a,
            kind="tax_form",
            upload=io.BytesIO(PDF),
            filename="w9.png",
            size=len(PDF),
        )
    with pytest.raises(InvalidInput, match="10 MB"):
        document_upload(
            actor=actor,
            partner=world.partner_a,
            kind="tax_form",
            upload=io.BytesIO(PDF),
            filename="w9.pdf",
            size=11_000_000,
        )
    assert not PartnerDocument.objects.exists()
    document_upload(
        actor=actor,
        partner=world.partner_a,
        kind="tax_form",
        upload=io.BytesIO(PDF),
        filename="w9.pdf",
        size=len(PDF),
    )
    step = OnboardingStep.objects.get()
    assert step.status == "done"


def test_reminders_and_escalations_go_out_once(world: World) -> None:
    onboarding = onboard(world, ("vendor_verification", 2))
    now = timezone.now()
    first = onboarding_sweep(now=now)
    assert first["reminded"] == 1
    assert onboarding_sweep(now=now)["reminded"] == 0
    late = onboarding_sweep(now=now + dt.timedelta(days=6))
    assert late["escalated"] == 1
    assert onboarding_sweep(now=now + dt.timedelta(days=7))["escalated"] == 0
    told = Notification.objects.filter(verb="onboarding.escalated").get()
    assert told.user_id == world.cm.pk and "Alpha Systems" in told.title
    step = onboarding.steps.get()
    step_close(actor=world.actor(world.cm), step=step, waive=False, note="References checked")
    onboarding.refresh_from_db()
    assert onboarding.completed_at is not None


def test_waiving_needs_a_reason_and_partners_cannot_verify_themselves(world: World) -> None:
    onboarding = onboard(world, ("vendor_verification", 30))
    step = onboarding.steps.get()
    with pytest.raises(InvalidInput):
        step_close(actor=world.actor(world.cm), step=step, waive=True)
    from trellis.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        step_close(actor=world.actor(world.a_admin), step=step, waive=False)
    assert onboarding.steps.get().status == "open"


def test_the_portal_checklist_accepts_the_agreement_and_takes_documents(world: World) -> None:
    agreement_publish(actor=SYSTEM, title="Partner agreement", body="# Terms\n\nBe fair.")
    onboard(world, ("accept_agreement", 7), ("upload_document", 21))
    client = login(Client(), world.a_admin)
    page = client.get("/portal/onboarding/").content.decode()
    assert "0 of 2 steps done" in page and "Be fair." in page
    assert client.post("/portal/onboarding/agreement/", {"version": "1"}).status_code == 302
    assert not AgreementAcceptance.objects.exists()  # the box was not ticked
    client.post(
        "/portal/onboarding/agreement/",
        {"version": "1", "agree": "yes"},
        HTTP_USER_AGENT="Browser/1.0",
    )
    assert AgreementAcceptance.objects.get().user_agent == "Browser/1.0"
    bad = client.post(
        "/portal/onboarding/",
        {"kind": "tax_form", "file": SimpleUploadedFile("w9.pdf", b"hello", "application/pdf")},
    )
    assert bad.status_code == 400 and not PartnerDocument.objects.exists()
    client.post(
        "/portal/onboarding/",
        {"kind": "tax_form", "file": SimpleUploadedFile("w9.pdf", PDF, "application/pdf")},
    )
    page = client.get("/portal/onboarding/").content.decode()
    assert "Onboarding complete" in page


def test_the_console_funnel_and_the_api_checklist(world: World) -> None:
    onboard(world, ("vendor_verification", 1), ("first_deal", 60))
    OnboardingStep.objects.filter(step__kind="vendor_verification").update(
        due_at=timezone.now() - dt.timedelta(days=4)
    )
    page = login(Client(), world.admin).get("/console/onboarding/").content.decode()
    assert "1 partner is onboarding." in page and "Alpha Systems" in page
    out: Any = ApiClient(world.a_admin).get(f"/api/v1/partners/{world.partner_a.pk}/onboarding")
    assert out.status_code == 200
    assert [s["kind"] for s in out.json()["steps"]] == ["vendor_verification", "first_deal"]
    other = ApiClient(world.b_admin).get(f"/api/v1/partners/{world.partner_a.pk}/onboarding")
    assert other.status_code == 404


def test_the_vendor_builds_a_journey_in_the_console(world: World) -> None:
    admin = login(Client(), world.admin)
    created = admin.post(
        "/console/settings/journeys/",
        {"name": "Resellers", "is_active": "on", "partner_types": ["reseller"]},
    )
    journey = Journey.objects.get(name="Resellers")
    assert created.status_code == 302 and journey.partner_types == ["reseller"]
    url = f"/console/settings/journeys/{journey.pk}/"
    missing = admin.post(
        url, {"kind": "upload_document", "title": "Tax", "due_days": "10", "min_people": "3"}
    )
    assert missing.status_code == 400 and not journey.steps.exists()
    admin.post(
        url,
        {
            "kind": "upload_document",
            "title": "Tax form",
            "due_days": "10",
            "document_kind": "tax_form",
            "min_people": "3",
        },
    )
    admin.post(
        url, {"kind": "first_deal", "title": "First deal", "due_days": "60", "min_people": "3"}
    )
    assert list(journey.steps.values_list("position", "title")) == [
        (1, "Tax form"),
        (2, "First deal"),
    ]
    step = journey.steps.get(position=2)
    admin.post(f"{url}steps/{step.pk}/remove/")
    assert journey.steps.count() == 1
    cm = login(Client(), world.cm)
    cm.post("/console/settings/journeys/", {"name": "Mine", "is_active": "on"})
    assert not Journey.objects.filter(name="Mine").exists()
