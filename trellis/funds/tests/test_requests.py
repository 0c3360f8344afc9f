"""Fund requests: checked at submission (refusals name every field, red flags go to review
with their reasons), drawn on the right fund, approved in full or in part without ever
committing more than the fund holds, asked about, rejected and cancelled, all audited."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from tests.fixtures import ApiClient, World, login
from trellis.core.exceptions import (
    Conflict,
    InvalidFields,
    InvalidInput,
    InvalidTransition,
    PermissionDenied,
)
from trellis.core.models import DomainEvent, Notification
from trellis.funds.models import AllowedActivity, MdfRequest
from trellis.funds.selectors import fund_row
from trellis.funds.services import (
    fund_allocate,
    request_answer,
    request_approve,
    request_ask,
    request_cancel,
    request_reject,
    request_submit,
)

from .conftest import ask, marketer, soon

pytestmark = pytest.mark.django_db


def submit(world: World, **extra: object) -> MdfRequest:
    return request_submit(
        actor=world.actor(marketer(world)), partner=world.partner_a, data=ask(**extra)
    )


def test_a_clean_request_draws_on_the_budget_and_tells_the_deciders(funds_world: World) -> None:
    made = submit(funds_world)
    assert made.fund_id == funds_world.budget.pk and made.flags == []  # type: ignore[attr-defined]
    assert made.campaign_code.startswith("MDF-") and made.status == "submitted"
    assert made.decision_due_at > made.submitted_at
    told = Notification.objects.filter(verb="mdf_request.submitted")
    assert {n.user_id for n in told} >= {funds_world.cm.pk, funds_world.marketing.pk}  # type: ignore[attr-defined]


def test_the_partners_own_fund_comes_before_the_budget(funds_world: World) -> None:
    own = fund_allocate(
        actor=funds_world.actor(funds_world.admin),
        fund=funds_world.budget,  # type: ignore[attr-defined]
        amount=Decimal("5000"),
        partner_id=funds_world.partner_a.pk,
    )
    assert submit(funds_world).fund_id == own.pk


def test_every_reason_to_refuse_is_named_and_nothing_is_stored(funds_world: World) -> None:
    AllowedActivity.objects.create(tier=funds_world.silver, activity_type="event")
    with pytest.raises(InvalidFields) as refused:
        submit(
            funds_world,
            requested_amount=Decimal("3000"),  # more than half the cost
            collects_personal_data=True,  # without consent
        )
    fields = {field for field, _message in refused.value.errors}
    assert fields == {"requested_amount", "activity_type", "consent_attested"}
    words = " ".join(message for _field, message in refused.value.errors)
    assert "at most 50% of an activity's cost" in words and "€2,000.00" in words
    assert "Event" in words  # what the tier may ask for
    with pytest.raises(InvalidFields, match="kept in EUR"):
        submit(funds_world, currency="USD")
    with pytest.raises(InvalidFields):
        submit(funds_world, cost=Decimal("-5"))
    with pytest.raises(InvalidFields):
        submit(funds_world, starts=soon(-10), ends=soon(-9))
    assert not MdfRequest.objects.exists()


def test_red_flags_go_to_review_and_approval_asks_why(funds_world: World) -> None:
    flagged = submit(
        funds_world,
        description="Each attendee receives a 50 EUR gift card",
        payee_name="Smith Events Ltd",
        involves_public_officials=True,
    )
    assert {f["code"] for f in flagged.flags} == {"cash_equivalents", "payee", "public_officials"}
    deciding = funds_world.actor(funds_world.marketing)  # type: ignore[attr-defined]
    with pytest.raises(InvalidInput, match="red flags"):
        request_approve(actor=deciding, request=flagged)
    done = request_approve(
        actor=deciding, request=flagged, note="Gift cards removed; agency invoices the partner."
    )
    assert done.status == "approved"


def test_partial_approval_commits_only_what_is_approved(funds_world: World) -> None:
    made = submit(funds_world)
    done = request_approve(
        actor=funds_world.actor(funds_world.cm),
        request=made,
        amount=Decimal("1500"),
        conditions="Our logo on the landing page",
    )
    assert done.approved_amount == Decimal("1500.00")
    balances = fund_row(actor=funds_world.actor(funds_world.admin), fund_id=made.fund_id).balances
    assert (balances.committed, balances.available) == (Decimal("1500.00"), Decimal("48500.00"))
    with pytest.raises(InvalidTransition):  # decided once
        request_approve(actor=funds_world.actor(funds_world.cm), request=made)
    assert Notification.objects.filter(
        user=marketer(funds_world), verb="mdf_request.approved"
    ).exists()


def test_a_fund_never_commits_more_than_it_holds(funds_world: World) -> None:
    own = fund_allocate(
        actor=funds_world.actor(funds_world.admin),
        fund=funds_world.budget,  # type: ignore[attr-defined]
        amount=Decimal("2500"),
        partner_id=funds_world.partner_a.pk,
    )
    first, second = submit(funds_world), submit(funds_world)
    deciding = funds_world.actor(funds_world.admin)
    request_approve(actor=deciding, request=first)
    with pytest.raises(Conflict, match=r"€500\.00 available"):
        request_approve(actor=deciding, request=second)
    second.refresh_from_db()
    assert second.status == "submitted"
    request_approve(actor=deciding, request=second, amount=Decimal("500"))
    assert fund_row(actor=deciding, fund_id=own.pk).balances.available == 0


def test_asking_answering_rejecting_and_cancelling(funds_world: World) -> None:
    deciding = funds_world.actor(funds_world.marketing)  # type: ignore[attr-defined]
    partner = funds_world.actor(marketer(funds_world))
    made = submit(funds_world)
    request_ask(actor=deciding, request=made, question="Which city?")
    with pytest.raises(PermissionDenied):
        request_answer(actor=funds_world.actor(funds_world.a_sales), request=made, answer="Berlin")
    request_answer(actor=partner, request=made, answer="Berlin")
    made.refresh_from_db()
    assert made.status == "submitted" and "Berlin" in made.description
    request_approve(actor=deciding, request=made)
    request_cancel(actor=partner, request=made, reason="Venue cancelled")
    balances = fund_row(actor=deciding, fund_id=made.fund_id).balances
    assert (balances.committed, balances.returned) == (0, Decimal("2000.00"))
    other = submit(funds_world)
    with pytest.raises(InvalidInput):
        request_reject(actor=deciding, request=other, reason=" ")
    request_reject(actor=deciding, request=other, reason="Outside the campaign themes")
    verbs = list(DomainEvent.objects.filter(object_id=str(made.pk)).values_list("verb", flat=True))
    assert {"mdf_request.submitted", "mdf_request.more_info", "mdf_request.approved"} <= set(verbs)


def test_the_api_from_request_to_approval(funds_world: World) -> None:
    partner_api = ApiClient(marketer(funds_world))
    body = {
        "program": funds_world.program.pk,
        "activity_type": "event",
        "title": "Partner day Munich",
        "starts": soon(40).isoformat(),
        "ends": soon(41).isoformat(),
        "cost": "10000.00",
        "requested_amount": "5000.00",
        "currency": "EUR",
        "expected_leads": 60,
    }
    made = partner_api.post("/api/v1/mdf-requests", body)
    assert made.status_code == 201, made.content
    request_id = made.json()["id"]
    over = partner_api.post("/api/v1/mdf-requests", {**body, "requested_amount": "5000.01"})
    assert over.status_code == 422 and over.json()["errors"][0]["field"] == "requested_amount"
    assert (
        ApiClient(funds_world.b_admin).get(f"/api/v1/mdf-requests/{request_id}").status_code == 404
    )
    vendor = ApiClient(funds_world.admin)
    too_much = vendor.post(f"/api/v1/mdf-requests/{request_id}/approve", {"amount": "60000"})
    assert too_much.status_code == 422
    approved = vendor.post(f"/api/v1/mdf-requests/{request_id}/approve", {"amount": "4000.00"})
    assert approved.status_code == 200 and approved.json()["approved_amount"] == "4000.00"
    assert ApiClient(funds_world.admin).post("/api/v1/mdf-requests", body).status_code == 403


def test_over_commitment_through_the_api_is_a_409_problem(funds_world: World) -> None:
    fund_allocate(
        actor=funds_world.actor(funds_world.admin),
        fund=funds_world.budget,  # type: ignore[attr-defined]
        amount=Decimal("1000"),
        partner_id=funds_world.partner_a.pk,
    )
    made = submit(funds_world)
    refused = ApiClient(funds_world.admin).post(f"/api/v1/mdf-requests/{made.pk}/approve", {})
    assert refused.status_code == 409
    assert refused["Content-Type"].startswith("application/problem+json")
    assert "€1,000.00 available" in refused.json()["detail"]


def test_the_pages_from_request_to_decision(funds_world: World) -> None:
    partner = login(Client(), marketer(funds_world))
    assert partner.get("/portal/funds/").status_code == 200
    sent = partner.post(
        "/portal/funds/new/",
        {
            "activity_type": "webinar",
            "title": "Security webinar",
            "starts": soon(30).isoformat(),
            "ends": soon(30).isoformat(),
            "cost": "3000",
            "requested_amount": "1500",
            "currency": "EUR",
            "expected_leads": "25",
            "description": "Golf day for the best customers",
        },
    )
    assert sent.status_code == 302, sent.content.decode()[:2000]
    made = MdfRequest.objects.get()
    assert partner.get(f"/portal/funds/requests/{made.pk}/").status_code == 200
    other = login(Client(), funds_world.b_admin)
    assert other.get(f"/portal/funds/requests/{made.pk}/").status_code == 404
    vendor = login(Client(), funds_world.marketing)  # type: ignore[attr-defined]
    page = vendor.get(f"/console/mdf/{made.pk}/").content.decode()
    assert "Gifts or hospitality are part of the activity" in page
    refused = vendor.post(f"/console/mdf/{made.pk}/", {"approve": "1", "amount": "1500"})
    assert refused.status_code == 400 and "red flags" in refused.content.decode()
    done = vendor.post(
        f"/console/mdf/{made.pk}/", {"approve": "1", "amount": "1500", "note": "Golf removed"}
    )
    assert done.status_code == 302
    assert vendor.get("/console/funds/").status_code == 200
    assert vendor.get(f"/console/funds/{made.fund_id}/").status_code == 200
    assert vendor.get("/console/mdf/?status=all").status_code == 200


def test_a_request_past_its_sla_is_escalated_once(funds_world: World) -> None:
    from trellis.funds.tasks import requests_overdue_sweep

    made = submit(funds_world)
    assert requests_overdue_sweep() == {"escalated": 0}
    MdfRequest.objects.filter(pk=made.pk).update(decision_due_at=made.submitted_at)
    assert requests_overdue_sweep() == {"escalated": 1}
    assert requests_overdue_sweep() == {"escalated": 0}
    assert Notification.objects.filter(user=funds_world.cm, verb="mdf_request.late").exists()
