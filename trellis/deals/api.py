"""API: deal registrations (register, read, correct, decide, extend, close)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import BaseModel, Field

from trellis.core.api import (
    Flag,
    Input,
    ObjectId,
    PageQuery,
    Problem,
    Ref,
    Sku,
    actor_of,
    body_of,
    documented_body,
    patch_field,
)
from trellis.core.pagination import paginate_by_id
from trellis.core.problems import problem_response
from trellis.customers.services import CustomerInput

from . import selectors, services
from .choices import (
    CoSellerStatusValue,
    DealStatusValue,
    DealTypeValue,
    OutcomeValue,
    RejectReasonValue,
)
from .models import DealRegistration
from .reasons import all_words, note_words

router = Router(tags=["deals"])


class CustomerIn(Input):
    name: str = Field(min_length=1, max_length=250)
    domain: str = Field(default="", max_length=253)
    country: str = Field(min_length=2, max_length=2, description="ISO 3166-1 alpha-2")
    city: str = Field(default="", max_length=120)


class ContactIn(Input):
    name: str = Field(default="", max_length=150)
    email: str = Field(default="", max_length=254)


class DealIn(Input):
    customer: CustomerIn
    contact: ContactIn = Field(default_factory=ContactIn)
    products: list[Sku] = Field(min_length=1, max_length=100, description="Catalogue SKUs")
    amount: str = Field(max_length=32, description='Decimal as a string, e.g. "25000.00"')
    currency: str = Field(min_length=3, max_length=3, description="ISO 4217")
    expected_close: dt.date
    deal_type: DealTypeValue = "new"
    sourced: Flag = True
    description: str = Field(default="", max_length=5000)
    campaign_code: str = Field(
        default="", max_length=20, description="The marketing activity that brought the deal"
    )
    co_sellers: list[Ref] = Field(
        default_factory=list,
        max_length=20,
        description="Partners from the directory to ask to co-sell: each counts once it accepts",
    )
    partner: Ref | None = Field(None, description="Vendor staff only: register for this partner")
    draft: Flag = Field(False, description="Save without submitting")


# Output models are plain pydantic models: they validate the dicts _out builds without
# ninja's per-attribute getter (a fifth of a registration's response time).
class CheckOut(BaseModel):
    outcome: str
    reasons: list[str]
    match_score: float | None
    match_evidence: list[str]


class DealOut(BaseModel):
    id: int
    partner_id: int
    status: str
    customer: dict[str, str]
    customer_account_id: int
    contact: dict[str, str]
    products: list[str]
    product_families: list[str]
    amount: Decimal
    currency: str
    expected_close: dt.date
    deal_type: str
    sourced: bool
    description: str
    campaign_code: str
    submitted_at: dt.datetime | None
    sla_due_at: dt.datetime | None
    decided_at: dt.datetime | None
    auto_decided: bool
    protected_until: dt.datetime | None
    extensions_used: int
    reject_reason: str
    decision_note: str
    info_request: str
    uplift_pct: Decimal | None
    check: CheckOut
    created_at: dt.datetime


def _out(deal: DealRegistration) -> dict[str, Any]:
    lines = deal.line_items()
    return {
        "id": deal.pk,
        "partner_id": deal.partner_id,
        "status": deal.status,
        "customer": {
            "name": deal.customer_name,
            "domain": deal.customer_domain,
            "country": deal.customer_country,
            "city": deal.customer_city,
        },
        "customer_account_id": deal.customer_id,
        "contact": {"name": deal.contact_name, "email": deal.contact_email},
        "products": [line.product.sku for line in lines],
        "product_families": sorted({line.family.code for line in lines}),
        "amount": deal.amount,
        "currency": deal.currency,
        "expected_close": deal.expected_close,
        "deal_type": deal.deal_type,
        "sourced": deal.sourced,
        "description": deal.description,
        "campaign_code": deal.campaign_code,
        "submitted_at": deal.submitted_at,
        "sla_due_at": deal.sla_due_at,
        "decided_at": deal.decided_at,
        "auto_decided": deal.auto_decided,
        "protected_until": deal.protected_until,
        "extensions_used": deal.extensions_used,
        "reject_reason": deal.reject_reason,
        "decision_note": note_words(deal.decision_note),
        "info_request": deal.info_request,
        "uplift_pct": deal.uplift_pct,
        "check": {
            "outcome": deal.check_outcome,
            "reasons": all_words(deal.check_reasons),
            "match_score": deal.match_score,
            "match_evidence": deal.match_evidence,
        },
        "created_at": deal.created_at,
    }


def _conflict_response(exc: services.RegistrationConflict) -> Any:
    return problem_response(
        status=409,
        code=exc.code,
        title=str(exc.message).split(". ")[0],
        detail=exc.message,
        conflict_id=exc.conflict_id,
        appeal=f"/api/v1/conflicts/{exc.conflict_id}/appeal",
    )


@router.post(
    "/deals",
    response={201: DealOut, 403: Problem, 404: Problem, 409: Problem, 422: Problem},
    summary="Register a deal (conflict-checked; 409 registration-conflict when another "
    "registration holds it)",
)
def register(request: HttpRequest, payload: DealIn) -> Any:
    actor = actor_of(request)
    partner = services.registering_partner(actor=actor, partner_id=payload.partner)
    data = services.DealInput(
        customer=CustomerInput(
            payload.customer.name,
            payload.customer.domain,
            payload.customer.country,
            payload.customer.city,
        ),
        products=payload.products,
        amount=payload.amount,
        currency=payload.currency,
        expected_close=payload.expected_close,
        deal_type=payload.deal_type,
        sourced=payload.sourced,
        contact_name=payload.contact.name,
        contact_email=payload.contact.email,
        description=payload.description,
        campaign_code=payload.campaign_code,
        co_seller_ids=payload.co_sellers,
    )
    try:
        deal = services.deal_register(
            actor=actor, partner=partner, data=data, submit=not payload.draft
        )
    except services.RegistrationConflict as exc:
        return _conflict_response(exc)
    return Status(201, _out(deal))


class DealFilters(PageQuery):
    status: list[DealStatusValue] = Field(default_factory=list)
    partner: Ref | None = None
    family: str = Field(default="", max_length=40)
    q: str = Field(default="", max_length=200)


class DealPage(Schema):
    items: list[DealOut]
    next_cursor: str | None


@router.get("/deals", response={200: DealPage, 422: Problem}, summary="List deal registrations")
def list_deals(request: HttpRequest, filters: Query[DealFilters]) -> dict[str, Any]:
    qs = selectors.deal_list(
        actor=actor_of(request),
        filters=selectors.DealFilters(
            statuses=tuple(filters.status),
            partner_id=filters.partner,
            family=filters.family,
            q=filters.q,
        ),
    )
    page = paginate_by_id(qs, cursor=filters.cursor, limit=filters.limit)
    return {"items": [_out(d) for d in page.items], "next_cursor": page.next_cursor}


@router.get(
    "/deals/{deal_id}", response={200: DealOut, 404: Problem}, summary="One deal registration"
)
def get_deal(request: HttpRequest, deal_id: ObjectId) -> dict[str, Any]:
    return _out(selectors.deal_get(actor=actor_of(request), deal_id=deal_id))


class DealPatch(Input):
    """The fields sent are changed, the others left alone; none may be null."""

    amount: str = patch_field(max_length=32)
    currency: str = patch_field(min_length=3, max_length=3)
    expected_close: dt.date = patch_field()
    contact_name: str = patch_field(max_length=150)
    contact_email: str = patch_field(max_length=254)
    description: str = patch_field(max_length=5000)
    deal_type: DealTypeValue = patch_field()
    sourced: Flag = patch_field()


@router.patch(
    "/deals/{deal_id}",
    response={200: DealOut, 403: Problem, 404: Problem, 409: Problem, 422: Problem},
    summary="Correct a draft or answer an information request (the registering partner)",
    openapi_extra=documented_body(DealPatch),
)
def patch_deal(request: HttpRequest, deal_id: ObjectId) -> dict[str, Any]:
    actor = actor_of(request)
    deal = selectors.deal_get(actor=actor, deal_id=deal_id)
    payload = body_of(request, DealPatch)
    services.deal_update(actor=actor, deal=deal, changes=payload.model_dump(exclude_unset=True))
    return _out(selectors.deal_get(actor=actor, deal_id=deal_id))


class DecisionNoteIn(Input):
    note: str = Field(default="", max_length=2000)


class RejectIn(Input):
    reason: RejectReasonValue
    note: str = Field(default="", max_length=2000)


class InfoIn(Input):
    question: str = Field(min_length=1, max_length=2000)


class DealCloseIn(Input):
    outcome: OutcomeValue
    note: str = Field(default="", max_length=2000)


_DECISION = {200: DealOut, 403: Problem, 404: Problem, 409: Problem, 422: Problem}


@router.post(
    "/deals/{deal_id}/submit",
    response=_DECISION,
    summary="Submit a draft or an answered information request",
)
def submit(request: HttpRequest, deal_id: ObjectId) -> Any:
    actor = actor_of(request)
    try:
        services.deal_submit(actor=actor, deal=selectors.deal_get(actor=actor, deal_id=deal_id))
    except services.RegistrationConflict as exc:
        return _conflict_response(exc)
    return _out(selectors.deal_get(actor=actor, deal_id=deal_id))


def _act(
    request: HttpRequest,
    deal_id: int,
    decide: Callable[..., object],
    schema: type[Input] | None = None,
) -> Any:
    """Run one decision on a registration the caller can see (404 otherwise, whatever the body
    holds), with the body's fields, and answer with the registration's new state."""
    actor = actor_of(request)
    deal = selectors.deal_get(actor=actor, deal_id=deal_id)
    fields = body_of(request, schema).model_dump() if schema is not None else {}
    decide(actor=actor, deal=deal, **fields)
    return _out(selectors.deal_get(actor=actor, deal_id=deal_id))


@router.post(
    "/deals/{deal_id}/approve",
    response=_DECISION,
    summary="Approve (vendor staff)",
    openapi_extra=documented_body(DecisionNoteIn),
)
def approve(request: HttpRequest, deal_id: ObjectId) -> Any:
    return _act(request, deal_id, services.deal_approve, DecisionNoteIn)


@router.post(
    "/deals/{deal_id}/reject",
    response=_DECISION,
    summary="Reject with a reason code (vendor staff)",
    openapi_extra=documented_body(RejectIn),
)
def reject(request: HttpRequest, deal_id: ObjectId) -> Any:
    return _act(request, deal_id, services.deal_reject, RejectIn)


@router.post(
    "/deals/{deal_id}/request-info",
    response=_DECISION,
    summary="Ask the partner for more information (vendor staff)",
    openapi_extra=documented_body(InfoIn),
)
def request_info(request: HttpRequest, deal_id: ObjectId) -> Any:
    return _act(request, deal_id, services.deal_request_info, InfoIn)


@router.post(
    "/deals/{deal_id}/extend",
    response=_DECISION,
    summary="Extend protection, within the program's limit",
)
def extend(request: HttpRequest, deal_id: ObjectId) -> Any:
    return _act(request, deal_id, services.deal_extend)


@router.post(
    "/deals/{deal_id}/close",
    response=_DECISION,
    summary="Report an approved registration won or lost",
    openapi_extra=documented_body(DealCloseIn),
)
def close(request: HttpRequest, deal_id: ObjectId) -> Any:
    return _act(request, deal_id, services.deal_close, DealCloseIn)


class ReverseIn(Input):
    reason: str = Field(min_length=1, max_length=2000)


@router.post(
    "/deals/{deal_id}/reverse",
    response=_DECISION,
    summary="Reverse a won deal (cancelled or refunded); its incentives are clawed back",
    openapi_extra=documented_body(ReverseIn),
)
def reverse(request: HttpRequest, deal_id: ObjectId) -> Any:
    return _act(request, deal_id, services.deal_reverse, ReverseIn)


class AppealIn(Input):
    reason: str = Field(min_length=1, max_length=2000)


class AppealOut(Schema):
    id: int
    status: str
    reason: str


@router.post(
    "/conflicts/{conflict_id}/appeal",
    response={201: AppealOut, 403: Problem, 404: Problem, 409: Problem, 422: Problem},
    summary="Appeal a conflict decision (opens a review case for the channel manager)",
    openapi_extra=documented_body(AppealIn),
)
def appeal(request: HttpRequest, conflict_id: ObjectId) -> Any:
    actor = actor_of(request)
    conflict = selectors.conflict_get(actor=actor, conflict_id=conflict_id)
    payload = body_of(request, AppealIn)
    made = services.conflict_appeal(actor=actor, conflict=conflict, reason=payload.reason)
    return Status(201, {"id": made.pk, "status": made.status, "reason": made.reason})


class CoSellerOut(Schema):
    partner: int
    partner_name: str
    status: CoSellerStatusValue = Field(description="Only an accepted co-seller counts")
    named_at: dt.datetime
    answered_at: dt.datetime | None


@router.get(
    "/deals/{deal_id}/co-sellers",
    response={200: list[CoSellerOut], 404: Problem},
    summary="The partners a registration named to sell alongside, with each one's answer",
)
def deal_co_sellers(request: HttpRequest, deal_id: ObjectId) -> list[dict[str, Any]]:
    deal = selectors.deal_get(actor=actor_of(request), deal_id=deal_id)
    return [
        {
            "partner": link.partner_id,
            "partner_name": link.partner.name,
            "status": link.status,
            "named_at": link.named_at,
            "answered_at": link.answered_at,
        }
        for link in selectors.co_sellers_of(deal)
    ]


class CoSellingRequestOut(Schema):
    id: int
    registrant: str = Field(description="The partner that registered the deal and named you")
    customer: str
    country: str
    expected_close: dt.date
    status: CoSellerStatusValue
    named_at: dt.datetime
    answered_at: dt.datetime | None


def _request_out(link: Any) -> dict[str, Any]:
    deal = link.deal
    return {
        "id": link.pk,
        "registrant": deal.partner.name,
        "customer": deal.customer_name,
        "country": deal.customer_country,
        "expected_close": deal.expected_close,
        "status": link.status,
        "named_at": link.named_at,
        "answered_at": link.answered_at,
    }


class CoSellingRequestPage(Schema):
    items: list[CoSellingRequestOut]
    next_cursor: str | None


@router.get(
    "/co-selling-requests",
    response={200: CoSellingRequestPage, 422: Problem},
    summary="Requests to co-sell made to your company by registering partners (newest first)",
)
def co_selling_requests(request: HttpRequest, filters: Query[PageQuery]) -> dict[str, Any]:
    qs = selectors.co_seller_request_list(actor=actor_of(request))
    page = paginate_by_id(qs, cursor=filters.cursor, limit=filters.limit)
    return {"items": [_request_out(x) for x in page.items], "next_cursor": page.next_cursor}


_ANSWER = {200: CoSellingRequestOut, 403: Problem, 404: Problem, 409: Problem}


def _answer(request: HttpRequest, request_id: int, accept: bool) -> dict[str, Any]:
    actor = actor_of(request)
    link = selectors.co_seller_request_get(actor=actor, request_id=request_id)
    body_of(request, CoSellingAnswerIn)
    services.co_seller_answer(actor=actor, link=link, accept=accept)
    return _request_out(selectors.co_seller_request_get(actor=actor, request_id=request_id))


class CoSellingAnswerIn(Input):
    """Nothing to send: the path says which answer."""


@router.post(
    "/co-selling-requests/{request_id}/accept",
    response=_ANSWER,
    summary="Agree to co-sell: the deal counts as sold together (the named partner's sellers)",
    openapi_extra=documented_body(CoSellingAnswerIn),
)
def co_selling_accept(request: HttpRequest, request_id: ObjectId) -> dict[str, Any]:
    return _answer(request, request_id, accept=True)


@router.post(
    "/co-selling-requests/{request_id}/decline",
    response=_ANSWER,
    summary="Decline to co-sell (the named partner's sellers)",
    openapi_extra=documented_body(CoSellingAnswerIn),
)
def co_selling_decline(request: HttpRequest, request_id: ObjectId) -> dict[str, Any]:
    return _answer(request, request_id, accept=False)
