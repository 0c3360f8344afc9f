"""API: marketing-fund requests: partners ask, the vendor decides. A partner sees its own
requests only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from trellis.core.actor import Actor
from trellis.core.amounts import AMOUNT, decimal_of
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
from trellis.core.pagination import page_of
from trellis.partners.selectors import partner_for_actor

from .. import selectors, services
from ..choices import ActivityTypeValue, RequestStatusValue
from ..models import MdfRequest

router = Router(tags=["funds"])


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
    forecast_pipeline: Decimal | None = Field(
        description="The pipeline similar past activities brought (learned; none until trusted)"
    )
    forecast_low: Decimal | None = Field(description="The forecast's 80 % interval, low end")
    forecast_high: Decimal | None = Field(description="The forecast's 80 % interval, high end")


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
        "forecast_pipeline": r.forecast_pipeline,
        "forecast_low": r.forecast_low,
        "forecast_high": r.forecast_high,
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
            cost=decimal_of(payload.cost),
            requested_amount=decimal_of(payload.requested_amount),
            currency=payload.currency.upper(),
            expected_leads=payload.expected_leads,
            expected_pipeline=decimal_of(payload.expected_pipeline),
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
    return page_of(qs, cursor=filters.cursor, limit=filters.limit, render=_request_out)


@router.get(
    "/mdf-requests/{mdf_request_id}",
    response={200: RequestOut, 404: Problem},
    summary="One fund request with its compliance flags and decision",
)
def get_request(request: HttpRequest, mdf_request_id: ObjectId) -> dict[str, Any]:
    return _request_out(
        selectors.mdf_request_get(actor=actor_of(request), request_id=mdf_request_id)
    )


def _act(
    request: HttpRequest, mdf_request_id: int, schema: type[Any], act: Callable[..., MdfRequest]
) -> dict[str, Any]:
    """Find the request (404 for another partner's) before reading the body, then act."""
    actor = actor_of(request)
    found = selectors.mdf_request_get(actor=actor, request_id=mdf_request_id)
    return _request_out(act(actor, found, body_of(request, schema)))


DECIDED = {200: RequestOut, 403: Problem, 404: Problem, 409: Problem, 422: Problem}


class ApproveIn(Input):
    amount: str | None = Field(None, max_length=32, description="Less than asked: partial")
    conditions: str = Field(default="", max_length=4000)
    note: str = Field(default="", max_length=4000, description="Needed when flags are raised")


def _approve(actor: Actor, found: MdfRequest, body: ApproveIn) -> MdfRequest:
    amount = decimal_of(body.amount) if body.amount is not None else None
    return services.request_approve(
        actor=actor, request=found, amount=amount, conditions=body.conditions, note=body.note
    )


@router.post(
    "/mdf-requests/{mdf_request_id}/approve",
    response=DECIDED,
    summary="Approve in full or in part; 409 when the fund cannot cover it (vendor)",
    openapi_extra=documented_body(ApproveIn),
)
def approve_request(request: HttpRequest, mdf_request_id: ObjectId) -> dict[str, Any]:
    return _act(request, mdf_request_id, ApproveIn, _approve)


class ReasonIn(Input):
    reason: str = Field(min_length=1, max_length=4000)


@router.post(
    "/mdf-requests/{mdf_request_id}/reject",
    response=DECIDED,
    summary="Reject, with the reason the partner reads (vendor)",
    openapi_extra=documented_body(ReasonIn),
)
def reject_request(request: HttpRequest, mdf_request_id: ObjectId) -> dict[str, Any]:
    return _act(
        request,
        mdf_request_id,
        ReasonIn,
        lambda a, r, b: services.request_reject(actor=a, request=r, reason=b.reason),
    )


class QuestionIn(Input):
    question: str = Field(min_length=1, max_length=4000)


@router.post(
    "/mdf-requests/{mdf_request_id}/ask",
    response=DECIDED,
    summary="Send the request back to the partner with a question (vendor)",
    openapi_extra=documented_body(QuestionIn),
)
def ask_request(request: HttpRequest, mdf_request_id: ObjectId) -> dict[str, Any]:
    return _act(
        request,
        mdf_request_id,
        QuestionIn,
        lambda a, r, b: services.request_ask(actor=a, request=r, question=b.question),
    )


class AnswerIn(Input):
    answer: str = Field(min_length=1, max_length=4000)


@router.post(
    "/mdf-requests/{mdf_request_id}/answer",
    response=DECIDED,
    summary="Answer the vendor's question (partner)",
    openapi_extra=documented_body(AnswerIn),
)
def answer_request(request: HttpRequest, mdf_request_id: ObjectId) -> dict[str, Any]:
    return _act(
        request,
        mdf_request_id,
        AnswerIn,
        lambda a, r, b: services.request_answer(actor=a, request=r, answer=b.answer),
    )


@router.post(
    "/mdf-requests/{mdf_request_id}/cancel",
    response=DECIDED,
    summary="Cancel a request; money committed to it returns to the fund",
    openapi_extra=documented_body(ReasonIn),
)
def cancel_request(request: HttpRequest, mdf_request_id: ObjectId) -> dict[str, Any]:
    return _act(
        request,
        mdf_request_id,
        ReasonIn,
        lambda a, r, b: services.request_cancel(actor=a, request=r, reason=b.reason),
    )
