"""API: funds and their ledgers (vendor), marketing-fund requests (partners ask, the vendor
decides). A partner sees its own funds and requests only; a budget is the vendor's alone."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from trellis.core.api import (
    Flag,
    Input,
    ObjectId,
    PageQuery,
    Problem,
    Ref,
    actor_of,
    body_of,
    documented_body,
)
from trellis.core.exceptions import PermissionDenied
from trellis.core.pagination import paginate_by_id
from trellis.partners.selectors import partner_for_actor

from . import selectors, services
from .choices import (
    ActivityTypeValue,
    AllocationValue,
    EntryKindValue,
    FundKindValue,
    RequestStatusValue,
)
from .models import Fund, LedgerEntry, MdfRequest
from .selectors import FundRow

router = Router(tags=["funds"])

AMOUNT = 'Decimal as a string, e.g. "25000.00"'


class FundIn(Input):
    name: str = Field(min_length=1, max_length=120)
    currency: str = Field(min_length=3, max_length=3, description="ISO 4217")
    amount: str = Field(max_length=32, description=AMOUNT + "; the first allocation")
    period: str = Field(
        min_length=4, max_length=12, description="FY2027, FY2027-H1, FY2027-Q3 or 2027-05"
    )
    kind: FundKindValue = "mdf"
    program: Ref | None = None
    region: Literal["", "na", "latam", "emea", "apac"] = ""
    tier: Ref | None = None
    partner: Ref | None = Field(None, description="A partner's own fund; none for a budget")
    parent: Ref | None = Field(None, description="The budget the first allocation comes from")
    allocation: AllocationValue = "discretionary"
    accrual_pct: str | None = Field(
        None, max_length=8, description="Share of revenue accrued, for an accrual fund"
    )


class BalancesOut(Schema):
    allocated: Decimal
    committed: Decimal
    claimed: Decimal
    paid: Decimal
    expired: Decimal
    returned: Decimal
    available: Decimal


class FundOut(Schema):
    id: int
    name: str
    kind: FundKindValue
    currency: str
    period: str
    starts: dt.date
    ends: dt.date
    program: int | None
    region: str
    tier: int | None
    partner: int | None
    parent: int | None
    allocation: AllocationValue
    accrual_pct: Decimal | None
    closed: bool
    balances: BalancesOut


def _fund_out(row: FundRow) -> dict[str, Any]:
    f, b = row.fund, row.balances
    return {
        "id": f.pk,
        "name": f.name,
        "kind": f.kind,
        "currency": f.currency,
        "period": f.period,
        "starts": f.starts,
        "ends": f.ends,
        "program": f.program_id,
        "region": f.region,
        "tier": f.tier_id,
        "partner": f.partner_id,
        "parent": f.parent_id,
        "allocation": f.allocation,
        "accrual_pct": f.accrual_pct,
        "closed": f.closed_at is not None,
        "balances": {
            "allocated": b.allocated,
            "committed": b.committed,
            "claimed": b.claimed,
            "paid": b.paid,
            "expired": b.expired,
            "returned": b.returned,
            "available": b.available,
        },
    }


def _decimal(value: str) -> Decimal:
    """A decimal as sent; anything else becomes NaN, which the services refuse by field."""
    try:
        return Decimal(value.strip())
    except ArithmeticError:
        return Decimal("NaN")


@router.post(
    "/funds",
    response={201: FundOut, 403: Problem, 404: Problem, 409: Problem, 422: Problem},
    summary="Create a budget, or a partner's fund, with its first allocation (vendor)",
)
def create_fund(request: HttpRequest, payload: FundIn) -> Any:
    actor = actor_of(request)
    fund = services.fund_create(
        actor=actor,
        data=services.FundInput(
            name=payload.name,
            currency=payload.currency.upper(),
            amount=_decimal(payload.amount),
            period=payload.period,
            kind=payload.kind,
            program_id=payload.program,
            region=payload.region,
            tier_id=payload.tier,
            partner_id=payload.partner,
            parent_id=payload.parent,
            allocation=payload.allocation,
            accrual_pct=_decimal(payload.accrual_pct) if payload.accrual_pct else None,
        ),
    )
    return Status(201, _fund_out(selectors.fund_row(actor=actor, fund_id=fund.pk)))


class FundFilters(PageQuery):
    period: str = Field(default="", max_length=12)
    partner: Ref | None = None


class FundPage(Schema):
    items: list[FundOut]
    next_cursor: str | None


@router.get(
    "/funds",
    response={200: FundPage, 422: Problem},
    summary="Funds with their balances (a partner sees its own)",
)
def list_funds(request: HttpRequest, filters: Query[FundFilters]) -> dict[str, Any]:
    actor = actor_of(request)
    qs = Fund.objects.visible_to(actor)
    if filters.period:
        qs = qs.filter(period=filters.period.upper())
    if filters.partner is not None:
        qs = qs.filter(partner_id=filters.partner)
    page = paginate_by_id(qs, cursor=filters.cursor, limit=filters.limit)
    rows = selectors.fund_rows(page.items)
    return {"items": [_fund_out(r) for r in rows], "next_cursor": page.next_cursor}


@router.get(
    "/funds/{fund_id}",
    response={200: FundOut, 404: Problem},
    summary="One fund with its balances, derived from its ledger",
)
def get_fund(request: HttpRequest, fund_id: ObjectId) -> dict[str, Any]:
    return _fund_out(selectors.fund_row(actor=actor_of(request), fund_id=fund_id))


class EntryOut(Schema):
    seq: int
    kind: EntryKindValue
    amount: Decimal
    available: Decimal
    committed: Decimal
    request: int | None
    counterpart: int | None
    reference: str
    note: str
    made_at: dt.datetime


class EntryPage(Schema):
    items: list[EntryOut]
    next_cursor: str | None


def _entry_out(e: LedgerEntry) -> dict[str, Any]:
    return {
        "seq": e.seq,
        "kind": e.kind,
        "amount": e.amount,
        "available": e.available,
        "committed": e.committed,
        "request": e.request_id,
        "counterpart": e.counterpart_id,
        "reference": e.reference,
        "note": e.note,
        "made_at": e.made_at,
    }


@router.get(
    "/funds/{fund_id}/ledger",
    response={200: EntryPage, 404: Problem, 422: Problem},
    summary="The fund's ledger, oldest entry first (append-only)",
)
def fund_ledger(request: HttpRequest, fund_id: ObjectId, filters: Query[PageQuery]) -> Any:
    actor = actor_of(request)
    fund = selectors.fund_get(actor=actor, fund_id=fund_id)
    page = paginate_by_id(
        selectors.fund_ledger(actor=actor, fund=fund), cursor=filters.cursor, limit=filters.limit
    )
    return {"items": [_entry_out(e) for e in page.items], "next_cursor": page.next_cursor}


class AllocateIn(Input):
    amount: str = Field(max_length=32, description=AMOUNT)
    partner: Ref | None = Field(None, description="Give this partner part of the budget")
    note: str = Field(default="", max_length=2000)


@router.post(
    "/funds/{fund_id}/allocations",
    response={200: FundOut, 403: Problem, 404: Problem, 409: Problem, 422: Problem},
    summary="Add money to a fund, or allocate part of a budget to a partner (vendor)",
    openapi_extra=documented_body(AllocateIn),
)
def allocate(request: HttpRequest, fund_id: ObjectId) -> dict[str, Any]:
    actor = actor_of(request)
    fund = selectors.fund_get(actor=actor, fund_id=fund_id)
    body = body_of(request, AllocateIn)
    target = services.fund_allocate(
        actor=actor,
        fund=fund,
        amount=_decimal(body.amount),
        partner_id=body.partner,
        note=body.note,
    )
    return _fund_out(selectors.fund_row(actor=actor, fund_id=target.pk))


class RequestIn(Input):
    fund: Ref | None = Field(None, description="Your fund to draw on")
    program: Ref | None = Field(None, description="Or the program whose budget you ask from")
    activity_type: ActivityTypeValue
    title: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=8000)
    audience: str = Field(default="", max_length=300)
    starts: dt.date
    ends: dt.date
    cost: str = Field(max_length=32, description=AMOUNT)
    requested_amount: str = Field(max_length=32, description=AMOUNT)
    currency: str = Field(min_length=3, max_length=3, description="ISO 4217")
    expected_leads: int = Field(default=0, ge=0, le=1_000_000)
    expected_pipeline: str = Field(default="0", max_length=32, description=AMOUNT)
    collects_personal_data: Flag = False
    consent_attested: Flag = Field(
        False, description="People give consent (GDPR, CCPA) for the personal data collected"
    )
    involves_public_officials: Flag = False
    gifts_or_hospitality: Flag = False
    cash_equivalents: Flag = False
    payee_name: str = Field(default="", max_length=200, description="Defaults to the partner")


class FlagOut(Schema):
    code: str
    field: str
    reason: str


class RequestOut(Schema):
    id: int
    partner: int
    program: int
    fund: int
    campaign_code: str
    activity_type: ActivityTypeValue
    title: str
    starts: dt.date
    ends: dt.date
    cost: Decimal
    requested_amount: Decimal
    approved_amount: Decimal | None
    currency: str
    expected_leads: int
    expected_pipeline: Decimal
    status: RequestStatusValue
    flags: list[FlagOut]
    conditions: str
    decision_note: str
    question: str
    decision_due_at: dt.datetime
    claim_deadline: dt.date
    submitted_at: dt.datetime


def _request_out(r: MdfRequest) -> dict[str, Any]:
    return {
        "id": r.pk,
        "partner": r.partner_id,
        "program": r.program_id,
        "fund": r.fund_id,
        "campaign_code": r.campaign_code,
        "activity_type": r.activity_type,
        "title": r.title,
        "starts": r.starts,
        "ends": r.ends,
        "cost": r.cost,
        "requested_amount": r.requested_amount,
        "approved_amount": r.approved_amount,
        "currency": r.currency,
        "expected_leads": r.expected_leads,
        "expected_pipeline": r.expected_pipeline,
        "status": r.status,
        "flags": [
            {"code": f["code"], "field": f["field"], "reason": services.finding_words(f)}
            for f in r.flags
        ],
        "conditions": r.conditions,
        "decision_note": r.decision_note,
        "question": r.question,
        "decision_due_at": r.decision_due_at,
        "claim_deadline": r.claim_deadline,
        "submitted_at": r.submitted_at,
    }


@router.post(
    "/mdf-requests",
    response={201: RequestOut, 403: Problem, 404: Problem, 422: Problem},
    summary="Ask for marketing funds (partner): checked at once, red flags go to review",
)
def create_request(request: HttpRequest, payload: RequestIn) -> Any:
    actor = actor_of(request)
    if actor.partner_id is None:
        raise PermissionDenied(_("Fund requests are made by partners."))
    partner = partner_for_actor(actor=actor, partner_id=actor.partner_id)
    created = services.request_submit(
        actor=actor,
        partner=partner,
        data=services.RequestInput(
            fund_id=payload.fund,
            program_id=payload.program,
            activity_type=payload.activity_type,
            title=payload.title,
            description=payload.description,
            audience=payload.audience,
            starts=payload.starts,
            ends=payload.ends,
            cost=_decimal(payload.cost),
            requested_amount=_decimal(payload.requested_amount),
            currency=payload.currency.upper(),
            expected_leads=payload.expected_leads,
            expected_pipeline=_decimal(payload.expected_pipeline),
            collects_personal_data=payload.collects_personal_data,
            consent_attested=payload.consent_attested,
            involves_public_officials=payload.involves_public_officials,
            gifts_or_hospitality=payload.gifts_or_hospitality,
            cash_equivalents=payload.cash_equivalents,
            payee_name=payload.payee_name,
        ),
    )
    return Status(201, _request_out(created))


class RequestFilters(PageQuery):
    status: Literal[
        "open", "submitted", "more_info", "approved", "rejected", "cancelled", "closed", "all"
    ] = "all"
    partner: Ref | None = None
    flagged: Flag = False


class RequestPage(Schema):
    items: list[RequestOut]
    next_cursor: str | None


@router.get(
    "/mdf-requests",
    response={200: RequestPage, 422: Problem},
    summary="Fund requests (a partner sees its own)",
)
def list_requests(request: HttpRequest, filters: Query[RequestFilters]) -> dict[str, Any]:
    qs = selectors.mdf_requests(
        actor=actor_of(request),
        status="" if filters.status == "all" else filters.status,
        partner_id=filters.partner,
        flagged=filters.flagged,
    )
    page = paginate_by_id(qs, cursor=filters.cursor, limit=filters.limit)
    return {"items": [_request_out(r) for r in page.items], "next_cursor": page.next_cursor}


@router.get(
    "/mdf-requests/{mdf_request_id}",
    response={200: RequestOut, 404: Problem},
    summary="One fund request with its compliance flags and decision",
)
def get_request(request: HttpRequest, mdf_request_id: ObjectId) -> dict[str, Any]:
    return _request_out(
        selectors.mdf_request_get(actor=actor_of(request), request_id=mdf_request_id)
    )


class ApproveIn(Input):
    amount: str | None = Field(None, max_length=32, description="Less than asked: partial")
    conditions: str = Field(default="", max_length=4000)
    note: str = Field(default="", max_length=4000, description="Needed when flags are raised")


@router.post(
    "/mdf-requests/{mdf_request_id}/approve",
    response={200: RequestOut, 403: Problem, 404: Problem, 409: Problem, 422: Problem},
    summary="Approve in full or in part; 409 when the fund cannot cover it (vendor)",
    openapi_extra=documented_body(ApproveIn),
)
def approve_request(request: HttpRequest, mdf_request_id: ObjectId) -> dict[str, Any]:
    actor = actor_of(request)
    found = selectors.mdf_request_get(actor=actor, request_id=mdf_request_id)
    body = body_of(request, ApproveIn)
    amount = _decimal(body.amount) if body.amount is not None else None
    done = services.request_approve(
        actor=actor, request=found, amount=amount, conditions=body.conditions, note=body.note
    )
    return _request_out(done)


class ReasonIn(Input):
    reason: str = Field(min_length=1, max_length=4000)


@router.post(
    "/mdf-requests/{mdf_request_id}/reject",
    response={200: RequestOut, 403: Problem, 404: Problem, 409: Problem, 422: Problem},
    summary="Reject, with the reason the partner reads (vendor)",
    openapi_extra=documented_body(ReasonIn),
)
def reject_request(request: HttpRequest, mdf_request_id: ObjectId) -> dict[str, Any]:
    actor = actor_of(request)
    found = selectors.mdf_request_get(actor=actor, request_id=mdf_request_id)
    body = body_of(request, ReasonIn)
    return _request_out(services.request_reject(actor=actor, request=found, reason=body.reason))


class QuestionIn(Input):
    question: str = Field(min_length=1, max_length=4000)


@router.post(
    "/mdf-requests/{mdf_request_id}/ask",
    response={200: RequestOut, 403: Problem, 404: Problem, 409: Problem, 422: Problem},
    summary="Send the request back to the partner with a question (vendor)",
    openapi_extra=documented_body(QuestionIn),
)
def ask_request(request: HttpRequest, mdf_request_id: ObjectId) -> dict[str, Any]:
    actor = actor_of(request)
    found = selectors.mdf_request_get(actor=actor, request_id=mdf_request_id)
    body = body_of(request, QuestionIn)
    return _request_out(services.request_ask(actor=actor, request=found, question=body.question))


class AnswerIn(Input):
    answer: str = Field(min_length=1, max_length=4000)


@router.post(
    "/mdf-requests/{mdf_request_id}/answer",
    response={200: RequestOut, 403: Problem, 404: Problem, 409: Problem, 422: Problem},
    summary="Answer the vendor's question (partner)",
    openapi_extra=documented_body(AnswerIn),
)
def answer_request(request: HttpRequest, mdf_request_id: ObjectId) -> dict[str, Any]:
    actor = actor_of(request)
    found = selectors.mdf_request_get(actor=actor, request_id=mdf_request_id)
    body = body_of(request, AnswerIn)
    return _request_out(services.request_answer(actor=actor, request=found, answer=body.answer))


@router.post(
    "/mdf-requests/{mdf_request_id}/cancel",
    response={200: RequestOut, 403: Problem, 404: Problem, 409: Problem, 422: Problem},
    summary="Cancel a request; money committed to it returns to the fund",
    openapi_extra=documented_body(ReasonIn),
)
def cancel_request(request: HttpRequest, mdf_request_id: ObjectId) -> dict[str, Any]:
    actor = actor_of(request)
    found = selectors.mdf_request_get(actor=actor, request_id=mdf_request_id)
    body = body_of(request, ReasonIn)
    return _request_out(services.request_cancel(actor=actor, request=found, reason=body.reason))
