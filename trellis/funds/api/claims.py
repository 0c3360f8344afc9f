"""API: claims on approved fund requests. The partner claims with its invoice and proof (a
multipart form); the vendor approves with its checklist or rejects; finance records the
payment. A partner sees its own claims only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from trellis.core.actor import Actor
from trellis.core.amounts import AMOUNT, decimal_of
from trellis.core.api import (
    Input,
    ObjectId,
    PageQuery,
    Problem,
    Ref,
    actor_of,
    body_of,
    documented_body,
    documented_form,
    form_of,
)
from trellis.core.pagination import page_of

from .. import selectors, services
from ..choices import ClaimCheckValue, ClaimRejectionValue, ClaimStatusValue
from ..forms import claim_proofs
from ..models import MdfClaim

router = Router(tags=["funds"])


class ClaimIn(Input):
    amount: str = Field(max_length=32, description=AMOUNT)
    currency: str = Field(min_length=3, max_length=3, description="The request's currency")
    invoice_number: str = Field(min_length=1, max_length=60)
    final: bool = Field(False, description="The last claim: what is left goes back to the fund")
    note: str = Field(default="", max_length=4000)


FILES = {
    "invoice": "The invoice (PDF, PNG or JPEG, at most 10 MB)",
    "photos[]": "Photos or screenshots of the activity (PNG, JPEG or PDF)",
    "attendees[]": "Attendee lists (CSV, XLSX or PDF)",
    "other[]": "Other proof (PDF, PNG, JPEG, DOCX, PPTX or XLSX)",
}


class ProofOut(Schema):
    id: int
    kind: str
    name: str
    content_type: str
    size: int


class ClaimOut(Schema):
    id: int
    request: int
    partner: int
    amount: Decimal
    approved_amount: Decimal | None
    currency: str
    invoice_number: str
    final: bool
    status: ClaimStatusValue
    checklist: list[str]
    rejection: str
    review_note: str
    payment_reference: str
    submitted_at: dt.datetime
    reviewed_at: dt.datetime | None
    paid_at: dt.datetime | None
    proofs: list[ProofOut]


def _claim_out(c: MdfClaim) -> dict[str, Any]:
    return {
        "id": c.pk,
        "request": c.request_id,
        "partner": c.partner_id,
        "amount": c.amount,
        "approved_amount": c.approved_amount,
        "currency": c.currency,
        "invoice_number": c.invoice_number,
        "final": c.final,
        "status": c.status,
        "checklist": c.checklist,
        "rejection": c.rejection,
        "review_note": c.review_note,
        "payment_reference": c.payment_reference,
        "submitted_at": c.submitted_at,
        "reviewed_at": c.reviewed_at,
        "paid_at": c.paid_at,
        "proofs": [
            {
                "id": p.pk,
                "kind": p.kind,
                "name": p.original_name,
                "content_type": p.content_type,
                "size": p.size,
            }
            for p in c.proofs.all()
        ],
    }


@router.post(
    "/mdf-requests/{mdf_request_id}/claims",
    response={201: ClaimOut, 403: Problem, 404: Problem, 409: Problem, 422: Problem},
    summary="Claim on an approved request, with the invoice and proof (partner)",
    openapi_extra=documented_form(ClaimIn, FILES),
)
def create_claim(request: HttpRequest, mdf_request_id: ObjectId) -> Any:
    actor = actor_of(request)
    found = selectors.mdf_request_get(actor=actor, request_id=mdf_request_id)
    form = form_of(request, ClaimIn)
    made = services.claim_submit(
        actor=actor,
        request=found,
        amount=decimal_of(form.amount),
        currency=form.currency.upper(),
        invoice_number=form.invoice_number,
        proofs=claim_proofs(request.FILES),
        final=form.final,
        note=form.note,
    )
    return Status(201, _claim_out(made))


class ClaimFilters(PageQuery):
    status: Literal["submitted", "approved", "rejected", "paid", "all"] = "all"
    partner: Ref | None = None


class ClaimPage(Schema):
    items: list[ClaimOut]
    next_cursor: str | None


@router.get(
    "/mdf-claims",
    response={200: ClaimPage, 422: Problem},
    summary="Claims (a partner sees its own); approved ones are what finance pays",
)
def list_claims(request: HttpRequest, filters: Query[ClaimFilters]) -> dict[str, Any]:
    qs = selectors.mdf_claims(
        actor=actor_of(request),
        status="" if filters.status == "all" else filters.status,
        partner_id=filters.partner,
    )
    return page_of(qs, cursor=filters.cursor, limit=filters.limit, render=_claim_out)


@router.get(
    "/mdf-claims/{mdf_claim_id}",
    response={200: ClaimOut, 404: Problem},
    summary="One claim with its proof and review",
)
def get_claim(request: HttpRequest, mdf_claim_id: ObjectId) -> dict[str, Any]:
    return _claim_out(selectors.mdf_claim_get(actor=actor_of(request), claim_id=mdf_claim_id))


class ClaimApproveIn(Input):
    checklist: list[ClaimCheckValue] = Field(default_factory=list, max_length=10)
    amount: str | None = Field(None, max_length=32, description="Less than claimed: partial")
    note: str = Field(default="", max_length=4000)


class ClaimRejectIn(Input):
    reason: ClaimRejectionValue
    note: str = Field(default="", max_length=4000)


class ClaimPayIn(Input):
    reference: str = Field(min_length=1, max_length=80, description="The payment's reference")


REVIEWED = {200: ClaimOut, 403: Problem, 404: Problem, 409: Problem, 422: Problem}


def _on_claim(
    request: HttpRequest, mdf_claim_id: int, schema: type[Any], act: Callable[..., MdfClaim]
) -> dict[str, Any]:
    """Find the claim (404 for another partner's) before reading the body, then act."""
    actor = actor_of(request)
    found = selectors.mdf_claim_get(actor=actor, claim_id=mdf_claim_id)
    return _claim_out(act(actor, found, body_of(request, schema)))


def _approve(actor: Actor, claim: MdfClaim, body: ClaimApproveIn) -> MdfClaim:
    return services.claim_approve(
        actor=actor,
        claim=claim,
        checklist=list(body.checklist),
        amount=decimal_of(body.amount) if body.amount is not None else None,
        note=body.note,
    )


@router.post(
    "/mdf-claims/{mdf_claim_id}/approve",
    response=REVIEWED,
    summary="Approve for payment, with the reviewer's checklist (vendor)",
    openapi_extra=documented_body(ClaimApproveIn),
)
def approve_claim(request: HttpRequest, mdf_claim_id: ObjectId) -> dict[str, Any]:
    return _on_claim(request, mdf_claim_id, ClaimApproveIn, _approve)


@router.post(
    "/mdf-claims/{mdf_claim_id}/reject",
    response=REVIEWED,
    summary="Reject with a reason the partner reads; nothing is booked (vendor)",
    openapi_extra=documented_body(ClaimRejectIn),
)
def reject_claim(request: HttpRequest, mdf_claim_id: ObjectId) -> dict[str, Any]:
    return _on_claim(
        request,
        mdf_claim_id,
        ClaimRejectIn,
        lambda a, c, b: services.claim_reject(actor=a, claim=c, reason=b.reason, note=b.note),
    )


@router.post(
    "/mdf-claims/{mdf_claim_id}/pay",
    response=REVIEWED,
    summary="Record the payment of an approved claim (finance)",
    openapi_extra=documented_body(ClaimPayIn),
)
def pay_claim(request: HttpRequest, mdf_claim_id: ObjectId) -> dict[str, Any]:
    return _on_claim(
        request,
        mdf_claim_id,
        ClaimPayIn,
        lambda a, c, b: services.claim_pay(actor=a, claim=c, reference=b.reference),
    )
