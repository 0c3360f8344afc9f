"""Claims: proof checked by content, at most what was approved, never after the deadline, an
invoice claimed once (by number and by file), the reviewer's checklist, partial approval,
payment with its reference, the commitment released after the last claim, and payouts held
for a partner that left."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest

from tests.fixtures import World
from trellis.core.exceptions import (
    Conflict,
    InvalidFields,
    InvalidInput,
    InvalidTransition,
    PermissionDenied,
)
from trellis.core.models import Notification
from trellis.funds.models import MdfClaim, MdfRequest
from trellis.funds.selectors import fund_row
from trellis.funds.services import (
    Proof,
    claim_approve,
    claim_pay,
    claim_reject,
    claim_submit,
    request_approve,
    request_cancel,
    request_submit,
    requests_lapse,
)
from trellis.lifecycle.services import partner_offboard

from .conftest import ask, marketer

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def pdf(name: str = "invoice.pdf", extra: bytes = b"") -> Proof:
    raw = PDF + extra
    return Proof("invoice", io.BytesIO(raw), name, len(raw))


def photo(name: str = "booth.png") -> Proof:
    return Proof("photo", io.BytesIO(PNG), name, len(PNG))


def approved(world: World, amount: str = "2000") -> MdfRequest:
    made = request_submit(actor=world.actor(marketer(world)), partner=world.partner_a, data=ask())
    return request_approve(
        actor=world.actor(world.admin),
        request=made,
        amount=Decimal(amount),
        conditions="Our logo on the slides",
    )


def claim(
    world: World, request: MdfRequest, amount: str, number: str = "INV-1", **extra: object
) -> MdfClaim:
    data: dict[str, object] = {
        "amount": Decimal(amount),
        "currency": "EUR",
        "invoice_number": number,
        "proofs": [pdf(extra=number.encode()), photo()],
        "today": request.starts,
        **extra,
    }
    return claim_submit(actor=world.actor(marketer(world)), request=request, **data)  # type: ignore[arg-type]


def balances(world: World, request: MdfRequest) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    b = fund_row(actor=world.actor(world.admin), fund_id=request.fund_id).balances
    return b.committed, b.claimed, b.paid, b.available


CHECKS = ["invoice_matches", "proof_shown", "conditions_met"]


def test_from_claim_to_payment_the_money_moves_step_by_step(funds_world: World) -> None:
    request = approved(funds_world)
    made = claim(funds_world, request, "1200", final=True)
    assert made.status == "submitted" and made.proofs.count() == 2
    assert Notification.objects.filter(user=funds_world.cm, verb="mdf_claim.submitted").exists()
    reviewer = funds_world.actor(funds_world.marketing)  # type: ignore[attr-defined]
    with pytest.raises(InvalidInput, match="conditions are met"):
        claim_approve(actor=reviewer, claim=made, checklist=CHECKS[:2])
    claim_approve(actor=reviewer, claim=made, checklist=CHECKS, amount=Decimal("1000"))
    request.refresh_from_db()
    assert request.status == "closed"  # the last claim: the rest of the commitment is back
    assert balances(funds_world, request) == (0, Decimal("1000.00"), 0, Decimal("49000.00"))
    with pytest.raises(PermissionDenied):  # marketing decides, finance pays
        claim_pay(actor=reviewer, claim=made, reference="PAY-1")
    finance = funds_world.actor(funds_world.finance)  # type: ignore[attr-defined]
    with pytest.raises(InvalidInput):
        claim_pay(actor=finance, claim=made, reference=" ")
    paid = claim_pay(actor=finance, claim=made, reference="SEPA-2027-0042")
    assert paid.status == "paid" and paid.paid_at is not None
    assert balances(funds_world, request) == (0, 0, Decimal("1000.00"), Decimal("49000.00"))
    with pytest.raises(InvalidTransition):  # paid once
        claim_pay(actor=finance, claim=made, reference="again")


def test_partial_claims_add_up_to_at_most_what_was_approved(funds_world: World) -> None:
    request = approved(funds_world)
    first = claim(funds_world, request, "1500", number="A-1")
    with pytest.raises(InvalidFields, match=r"at most €500\.00 more"):
        claim(funds_world, request, "600", number="A-2")
    second = claim(funds_world, request, "500", number="A-2")
    reviewer = funds_world.actor(funds_world.admin)
    claim_approve(actor=reviewer, claim=first, checklist=CHECKS)
    claim_approve(actor=reviewer, claim=second, checklist=CHECKS)
    request.refresh_from_db()
    assert request.status == "closed"  # fully claimed
    with pytest.raises(Conflict):
        claim(funds_world, request, "1", number="A-3")


def test_bad_claims_are_refused_with_every_reason_and_nothing_is_booked(funds_world: World) -> None:
    request = approved(funds_world)
    claim(funds_world, request, "100", number="INV 2027/7")
    with pytest.raises(InvalidFields) as refused:
        claim_submit(
            actor=funds_world.actor(marketer(funds_world)),
            request=request,
            amount=Decimal("-5"),
            currency="USD",
            invoice_number="inv-2027-7",  # the same number, written differently
            proofs=[Proof("invoice", io.BytesIO(PNG), "invoice.pdf", len(PNG)), photo("x.pdf")],
            today=request.starts,
        )
    fields = {f for f, _m in refused.value.errors}
    assert fields == {"amount", "currency", "invoice_number", "invoice", "proofs"}
    with pytest.raises(InvalidFields, match="already sent with another claim"):
        claim_submit(
            actor=funds_world.actor(marketer(funds_world)),
            request=request,
            amount=Decimal("10"),
            currency="EUR",
            invoice_number="NEW-9",
            proofs=[pdf(extra=b"INV 2027/7")],  # the very file of the first claim
            today=request.starts,
        )
    with pytest.raises(InvalidInput, match="closed on"):
        claim(
            funds_world,
            request,
            "10",
            number="LATE",
            today=request.claim_deadline + dt.timedelta(days=1),
        )
    with pytest.raises(InvalidInput, match="has taken place"):
        claim(
            funds_world, request, "10", number="EARLY", today=request.starts - dt.timedelta(days=1)
        )
    assert MdfClaim.objects.count() == 1
    assert balances(funds_world, request)[1] == 0  # nothing claimed yet: only reviewed claims count


def test_a_rejected_claim_frees_its_invoice_for_a_corrected_one(funds_world: World) -> None:
    request = approved(funds_world)
    made = claim(funds_world, request, "800", number="R-1")
    reviewer = funds_world.actor(funds_world.admin)
    with pytest.raises(InvalidInput):
        claim_reject(actor=reviewer, claim=made, reason="other")
    claim_reject(actor=reviewer, claim=made, reason="conditions", note="No logo on the slides")
    again = claim(funds_world, request, "800", number="R-1")  # same number and file
    assert again.status == "submitted"
    told = Notification.objects.get(user=marketer(funds_world), verb="mdf_claim.rejected")
    assert "No logo on the slides" in told.body
    with pytest.raises(Conflict):
        request_cancel(actor=funds_world.actor(marketer(funds_world)), request=request, reason="x")


def test_unclaimed_commitments_lapse_after_the_deadline(funds_world: World) -> None:
    request = approved(funds_world, "1500")
    assert requests_lapse(today=request.claim_deadline) == 0
    assert requests_lapse(today=request.claim_deadline + dt.timedelta(days=1)) == 1
    assert requests_lapse(today=request.claim_deadline + dt.timedelta(days=2)) == 0
    request.refresh_from_db()
    assert request.status == "closed"
    committed, _claimed, _paid, available = balances(funds_world, request)
    assert committed == 0 and available == Decimal("50000.00")


def test_a_partner_that_left_is_paid_through_its_final_statement(funds_world: World) -> None:
    request = approved(funds_world)
    made = claim(funds_world, request, "500")
    claim_approve(actor=funds_world.actor(funds_world.admin), claim=made, checklist=CHECKS)
    partner_offboard(
        actor=funds_world.actor(funds_world.admin),
        partner=funds_world.partner_a,
        kind="termination",
        reason="Contract ended",
    )
    with pytest.raises(Conflict, match="final statement"):
        claim_pay(actor=funds_world.actor(funds_world.finance), claim=made, reference="X")  # type: ignore[attr-defined]


def test_the_api_from_claim_to_payment(funds_world: World) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from tests.fixtures import ApiClient

    request = approved(funds_world)
    MdfRequest.objects.filter(pk=request.pk).update(starts=timezone.localdate())
    partner = ApiClient(marketer(funds_world))
    answer = partner.client.post(
        f"/api/v1/mdf-requests/{request.pk}/claims",
        {
            "amount": "700.00",
            "currency": "EUR",
            "invoice_number": "API-7",
            "final": "true",
            "invoice": SimpleUploadedFile("invoice.pdf", PDF + b"api", "application/pdf"),
            "photos": [SimpleUploadedFile("room.png", PNG, "image/png")],
        },
        **partner._headers(None),
    )
    assert answer.status_code == 201, answer.content
    made = answer.json()
    assert made["status"] == "submitted" and {p["kind"] for p in made["proofs"]} == {
        "invoice",
        "photo",
    }
    wrong = partner.client.post(
        f"/api/v1/mdf-requests/{request.pk}/claims",
        {
            "amount": "10",
            "currency": "EUR",
            "invoice_number": "API-8",
            "invoice": SimpleUploadedFile("invoice.pdf", PNG, "application/pdf"),
        },
        **partner._headers(None),
    )
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "invoice"
    vendor = ApiClient(funds_world.admin)
    path = f"/api/v1/mdf-claims/{made['id']}"
    refused = vendor.post(f"{path}/approve", {"checklist": ["invoice_matches"]})
    assert refused.status_code == 422
    done = vendor.post(f"{path}/approve", {"checklist": CHECKS, "amount": "650.00"})
    assert done.status_code == 200 and done.json()["approved_amount"] == "650.00"
    paid = ApiClient(funds_world.finance).post(f"{path}/pay", {"reference": "SEPA-1"})  # type: ignore[attr-defined]
    assert paid.status_code == 200 and paid.json()["status"] == "paid"
    listed = ApiClient(marketer(funds_world)).get("/api/v1/mdf-claims").json()["items"]
    assert [c["payment_reference"] for c in listed] == ["SEPA-1"]


def test_the_pages_from_claim_to_payment(funds_world: World) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.utils import timezone

    from tests.fixtures import login

    request = approved(funds_world)
    MdfRequest.objects.filter(pk=request.pk).update(starts=timezone.localdate())
    partner = login(Client(), marketer(funds_world))
    url = f"/portal/funds/requests/{request.pk}/"
    assert "You can claim up to €2,000.00 more" in partner.get(url).content.decode()
    sent = partner.post(
        url,
        {
            "claim": "1",
            "amount": "900",
            "invoice_number": "P-1",
            "final": "on",
            "invoice": SimpleUploadedFile("invoice.pdf", PDF + b"page", "application/pdf"),
            "attendees": SimpleUploadedFile(
                "people.csv", b"name,email\nAda,ada@x.test\n", "text/csv"
            ),
        },
    )
    assert sent.status_code == 302, sent.content.decode()[:3000]
    made = MdfClaim.objects.get()
    assert {p.kind for p in made.proofs.all()} == {"invoice", "attendees"}
    vendor = login(Client(), funds_world.marketing)  # type: ignore[attr-defined]
    page = vendor.get(f"/console/mdf/{request.pk}/").content.decode()
    assert "people.csv" in page and "Approve for payment" in page
    proof = made.proofs.get(kind="attendees")
    assert vendor.get(f"/console/mdf/proofs/{proof.pk}/")["Content-Disposition"].startswith(
        "attachment"
    )
    vendor.post(
        f"/console/mdf/claims/{made.pk}/review/",
        {"approve": "1", "checklist": [*CHECKS, "consent"], "amount": "900", "note": ""},
    )
    made.refresh_from_db()
    assert made.status == "approved"
    finance = login(Client(), funds_world.finance)  # type: ignore[attr-defined]
    listing = finance.get("/console/mdf/claims/?status=approved").content.decode()
    assert "P-1" in listing
    export = finance.get("/console/mdf/claims/?status=approved&export=csv")
    assert b"P-1" in b"".join(export.streaming_content)  # type: ignore[attr-defined]
    finance.post(f"/console/mdf/claims/{made.pk}/pay/", {"reference": "BANK-77"})
    made.refresh_from_db()
    assert made.status == "paid" and made.payment_reference == "BANK-77"
    assert "BANK-77" in partner.get(url).content.decode()
