"""API: disputes on earnings lines. The partner disputes a line of an approved statement
with a comment; both sides write in the thread; finance accepts (with a correction) or
rejects. A partner sees its own disputes only; another partner's answer 404."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

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
)
from trellis.core.pagination import page_of

from .. import selectors, services
from ..models import Dispute

router = Router(tags=["incentives"])


class DisputeMessageOut(Schema):
    id: int
    author: str
    vendor: bool = Field(description="Written by the vendor's staff")
    body: str
    at: dt.datetime


class DisputeOut(Schema):
    id: int
    line: int
    statement: int
    partner: int
    status: Literal["open", "accepted", "rejected"]
    line_amount: Decimal
    adjustment: Decimal | None
    opened_at: dt.datetime
    resolved_at: dt.datetime | None
    messages: list[DisputeMessageOut]


def _dispute_out(d: Dispute) -> dict[str, Any]:
    return {
        "id": d.pk,
        "line": d.line_id,
        "statement": d.line.statement_id,
        "partner": d.partner_id,
        "status": d.status,
        "line_amount": d.line.amount,
        "adjustment": d.adjustment,
        "opened_at": d.opened_at,
        "resolved_at": d.resolved_at,
        "messages": [
            {
                "id": m.pk,
                "author": (m.author.full_name or m.author.email) if m.author else "",
                "vendor": bool(m.author and m.author.partner_id is None),
                "body": m.body,
                "at": m.at,
            }
            for m in d.messages.all()
        ],
    }


class CommentIn(Input):
    comment: str = Field(min_length=1, max_length=4000)


@router.post(
    "/statement-lines/{line_id}/disputes",
    response={201: DisputeOut, 403: Problem, 404: Problem, 409: Problem, 422: Problem},
    summary="Dispute a line of an approved statement, with a comment (partner)",
    openapi_extra=documented_body(CommentIn),
)
def open_dispute(request: HttpRequest, line_id: ObjectId) -> Any:
    actor = actor_of(request)
    line = selectors.line_get(actor=actor, line_id=line_id)
    body = body_of(request, CommentIn)
    made = services.dispute_open(actor=actor, line=line, comment=body.comment)
    return Status(201, _dispute_out(selectors.dispute_get(actor=actor, dispute_id=made.pk)))


class DisputeFilters(PageQuery):
    status: Literal["open", "accepted", "rejected", "all"] = "all"
    partner: Ref | None = None


class DisputePage(Schema):
    items: list[DisputeOut]
    next_cursor: str | None


@router.get(
    "/disputes",
    response={200: DisputePage, 422: Problem},
    summary="Disputes on earnings lines (a partner sees its own)",
)
def list_disputes(request: HttpRequest, filters: Query[DisputeFilters]) -> dict[str, Any]:
    qs = selectors.disputes(
        actor=actor_of(request),
        status="" if filters.status == "all" else filters.status,
        partner_id=filters.partner,
    ).prefetch_related("messages__author")
    return page_of(qs, cursor=filters.cursor, limit=filters.limit, render=_dispute_out)


@router.get(
    "/disputes/{dispute_id}",
    response={200: DisputeOut, 404: Problem},
    summary="One dispute with its thread",
)
def get_dispute(request: HttpRequest, dispute_id: ObjectId) -> dict[str, Any]:
    return _dispute_out(selectors.dispute_get(actor=actor_of(request), dispute_id=dispute_id))


ANSWERED = {200: DisputeOut, 403: Problem, 404: Problem, 409: Problem, 422: Problem}


@router.post(
    "/disputes/{dispute_id}/messages",
    response=ANSWERED,
    summary="Write in an open dispute's thread (the partner, finance or its channel manager)",
    openapi_extra=documented_body(CommentIn),
)
def reply(request: HttpRequest, dispute_id: ObjectId) -> dict[str, Any]:
    actor = actor_of(request)
    found = selectors.dispute_get(actor=actor, dispute_id=dispute_id)
    services.dispute_reply(actor=actor, dispute=found, comment=body_of(request, CommentIn).comment)
    return _dispute_out(selectors.dispute_get(actor=actor, dispute_id=dispute_id))


class AcceptIn(CommentIn):
    adjustment: str | None = Field(
        None,
        max_length=32,
        description=AMOUNT
        + "; signed, in the statement's currency; paid on this month's statement",
    )


def _resolve(request: HttpRequest, dispute_id: int, accept: bool) -> dict[str, Any]:
    actor = actor_of(request)
    found = selectors.dispute_get(actor=actor, dispute_id=dispute_id)
    body = body_of(request, AcceptIn if accept else CommentIn)
    raw = getattr(body, "adjustment", None)
    services.dispute_resolve(
        actor=actor,
        dispute=found,
        accept=accept,
        comment=body.comment,
        adjustment=decimal_of(raw) if raw is not None else None,
    )
    return _dispute_out(selectors.dispute_get(actor=actor, dispute_id=dispute_id))


@router.post(
    "/disputes/{dispute_id}/accept",
    response=ANSWERED,
    summary="Accept, with the reason and an optional correction (finance)",
    openapi_extra=documented_body(AcceptIn),
)
def accept(request: HttpRequest, dispute_id: ObjectId) -> dict[str, Any]:
    return _resolve(request, dispute_id, True)


@router.post(
    "/disputes/{dispute_id}/reject",
    response=ANSWERED,
    summary="Reject, with the reason (finance)",
    openapi_extra=documented_body(CommentIn),
)
def reject(request: HttpRequest, dispute_id: ObjectId) -> dict[str, Any]:
    return _resolve(request, dispute_id, False)
