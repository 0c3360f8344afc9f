"""API: deal registrations (register, read, correct, decide, extend, close)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import BaseModel, Field

from trellis.core.actor import Actor
from trellis.core.api import Problem, actor_of
from trellis.core.pagination import paginate_by_id
from trellis.core.problems import problem_response
from trellis.customers.services import CustomerInput

from . import selectors, services
from .models import DealRegistration

router = Router(tags=["deals"])


class CustomerIn(Schema):
    name: str = Field(min_length=1, max_length=250)
    domain: str = ""
    country: str = Field(min_length=2, max_length=2, description="ISO 3166-1 alpha-2")
    city: str = ""


class ContactIn(Schema):
    name: str = ""
    email: str = ""


class DealIn(Schema):
    customer: CustomerIn
    contact: ContactIn = Field(default_factory=ContactIn)
    products: list[str] = Field(min_length=1, description="Catalogue SKUs")
    amount: str = Field(description='Decimal as a string, e.g. "25000.00"')
    currency: str = Field(min_length=3, max_length=3, description="ISO 4217")
    expected_close: dt.date
    deal_type: str = Field("new", description="new | upsell | renewal")
    sourced: bool = True
    description: str = ""
    co_sellers: list[int] = Field(
        default_factory=list, description="Partner ids co-selling this deal"
    )
    partner: int | None = Field(None, description="Vendor staff only: register for this partner")
    draft: bool = Field(False, description="Save without submitting")


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
        "submitted_at": deal.submitted_at,
        "sla_due_at": deal.sla_due_at,
        "decided_at": deal.decided_at,
        "auto_decided": deal.auto_decided,
        "protected_until": deal.protected_until,
        "extensions_used": deal.extensions_used,
        "reject_reason": deal.reject_reason,
        "decision_note": deal.decision_note,
        "info_request": deal.info_request,
        "uplift_pct": deal.uplift_pct,
        "check": {
            "outcome": deal.check_outcome,
            "reasons": deal.check_reasons,
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
        co_seller_ids=payload.co_sellers,
    )
    try:
        deal = services.deal_register(
            actor=actor, partner=partner, data=data, submit=not payload.draft
        )
    except services.RegistrationConflict as exc:
        return _conflict_response(exc)
    return Status(201, _out(deal))


class DealFilters(Schema):
    status: list[str] = Field(default_factory=list)
    partner: int | None = None
    family: str = ""
    q: str = ""
    cursor: str | None = None
    limit: int = Field(50, ge=1, le=200)


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
def get_deal(request: HttpRequest, deal_id: int) -> dict[str, Any]:
    return _out(selectors.deal_get(actor=actor_of(request), deal_id=deal_id))


class DealPatch(Schema):
    amount: str | None = None
    currency: str | None = None
    expected_close: dt.date | None = None
    contact_name: str | None = None
    contact_email: str | None = None
    description: str | None = None
    deal_type: str | None = None
    sourced: bool | None = None


@router.patch(
    "/deals/{deal_id}",
    response={200: DealOut, 403: Problem, 404: Problem, 409: Problem, 422: Problem},
    summary="Correct a draft or answer an information request (the registering partner)",
)
def patch_deal(request: HttpRequest, deal_id: int, payload: DealPatch) -> dict[str, Any]:
    actor = actor_of(request)
    deal = selectors.deal_get(actor=actor, deal_id=deal_id)
    services.deal_update(actor=actor, deal=deal, changes=payload.model_dump(exclude_unset=True))
    return _out(selectors.deal_get(actor=actor, deal_id=deal_id))


class NoteIn(Schema):
    note: str = ""


class RejectIn(Schema):
    reason: str = Field(
        description="conflict | direct_account | duplicate | not_qualified | incomplete | "
        "outside_territory | partner_standing | other"
    )
    note: str = ""


class InfoIn(Schema):
    question: str = Field(min_length=1)


class CloseIn(Schema):
    outcome: str = Field(description="won | lost")
    note: str = ""


_DECISION = {200: DealOut, 403: Problem, 404: Problem, 409: Problem, 422: Problem}


@router.post(
    "/deals/{deal_id}/submit",
    response=_DECISION,
    summary="Submit a draft or an answered information request",
)
def submit(request: HttpRequest, deal_id: int) -> Any:
    actor = actor_of(request)
    try:
        services.deal_submit(actor=actor, deal=selectors.deal_get(actor=actor, deal_id=deal_id))
    except services.RegistrationConflict as exc:
        return _conflict_response(exc)
    return _out(selectors.deal_get(actor=actor, deal_id=deal_id))


def _act(
    request: HttpRequest, deal_id: int, action: Callable[[Actor, DealRegistration], object]
) -> Any:
    """Run one decision on a registration the caller can see, and answer with its new state."""
    actor = actor_of(request)
    action(actor, selectors.deal_get(actor=actor, deal_id=deal_id))
    return _out(selectors.deal_get(actor=actor, deal_id=deal_id))


@router.post("/deals/{deal_id}/approve", response=_DECISION, summary="Approve (vendor staff)")
def approve(request: HttpRequest, deal_id: int, payload: NoteIn) -> Any:
    return _act(
        request, deal_id, lambda a, d: services.deal_approve(actor=a, deal=d, note=payload.note)
    )


@router.post(
    "/deals/{deal_id}/reject",
    response=_DECISION,
    summary="Reject with a reason code (vendor staff)",
)
def reject(request: HttpRequest, deal_id: int, payload: RejectIn) -> Any:
    return _act(
        request,
        deal_id,
        lambda a, d: services.deal_reject(
            actor=a, deal=d, reason=payload.reason, note=payload.note
        ),
    )


@router.post(
    "/deals/{deal_id}/request-info",
    response=_DECISION,
    summary="Ask the partner for more information (vendor staff)",
)
def request_info(request: HttpRequest, deal_id: int, payload: InfoIn) -> Any:
    return _act(
        request,
        deal_id,
        lambda a, d: services.deal_request_info(actor=a, deal=d, question=payload.question),
    )


@router.post(
    "/deals/{deal_id}/extend",
    response=_DECISION,
    summary="Extend protection, within the program's limit",
)
def extend(request: HttpRequest, deal_id: int) -> Any:
    return _act(request, deal_id, lambda a, d: services.deal_extend(actor=a, deal=d))


@router.post(
    "/deals/{deal_id}/close",
    response=_DECISION,
    summary="Report an approved registration won or lost",
)
def close(request: HttpRequest, deal_id: int, payload: CloseIn) -> Any:
    return _act(
        request,
        deal_id,
        lambda a, d: services.deal_close(
            actor=a, deal=d, outcome=payload.outcome, note=payload.note
        ),
    )


class AppealIn(Schema):
    reason: str = Field(min_length=1)


class AppealOut(Schema):
    id: int
    status: str
    reason: str


@router.post(
    "/conflicts/{conflict_id}/appeal",
    response={201: AppealOut, 403: Problem, 404: Problem, 409: Problem, 422: Problem},
    summary="Appeal a conflict decision (opens a review case for the channel manager)",
)
def appeal(request: HttpRequest, conflict_id: int, payload: AppealIn) -> Any:
    actor = actor_of(request)
    conflict = selectors.conflict_get(actor=actor, conflict_id=conflict_id)
    made = services.conflict_appeal(actor=actor, conflict=conflict, reason=payload.reason)
    return Status(201, {"id": made.pk, "status": made.status, "reason": made.reason})
