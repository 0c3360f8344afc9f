"""API: co-sells — invite either way, answer, share, talk, agree next steps, close."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from trellis.core.actor import Actor
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
from trellis.core.exceptions import InvalidInput
from trellis.core.pagination import paginate_by_id
from trellis.deals.selectors import deal_get, direct_opportunity_get
from trellis.partners.selectors import partner_for_actor

from .. import selectors, services
from ..choices import (
    CoSellDeclineReasonValue,
    CoSellStatusValue,
    OutcomeValue,
    SharedFieldValue,
    SideValue,
)
from ..models import CoSell

router = Router(tags=["co-selling"])

SHARED = (
    "Any of amount, stage, contacts, notes: what the other side may see of the owner's opportunity"
)


class RecordOut(Schema):
    customer: str
    city: str
    country: str
    products: list[str]
    amount: Decimal | None
    currency: str
    stage: str | None
    expected_close: dt.date | None
    contact_name: str | None
    contact_email: str | None
    notes: str | None
    hidden: list[str] = Field(description="Fields the owner does not share with you")


class MessageOut(Schema):
    id: int
    side: str
    author: str
    body: str
    posted_at: dt.datetime


class StepOut(Schema):
    id: int
    side: str
    owner: str
    owner_id: int
    title: str
    due_on: dt.date
    done_at: dt.datetime | None


class CoSellOut(Schema):
    id: int
    title: str
    status: str
    origin: SideValue = Field(description="Who invited, and whose opportunity it is")
    partner: int
    opportunity: int | None = Field(description="The vendor's opportunity (vendor staff only)")
    deal: int | None = Field(description="The partner's registration")
    shared_fields: list[str]
    message: str
    invited_at: dt.datetime
    answered_at: dt.datetime | None
    decline_reason: str
    record: RecordOut | None = Field(
        description="The opportunity as you may see it (single co-sell only)"
    )
    messages: list[MessageOut] | None = None
    steps: list[StepOut] | None = None


ERRORS = {403: Problem, 404: Problem, 409: Problem, 422: Problem}
ANSWERS = {200: CoSellOut, **ERRORS}
CREATED = {201: CoSellOut, **ERRORS}


def _out(cosell: CoSell, actor: Actor, *, full: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": cosell.pk,
        "title": cosell.title,
        "status": cosell.status,
        "origin": cosell.origin,
        "partner": cosell.partner_id,
        "opportunity": cosell.opportunity_id if actor.is_staff else None,
        "deal": cosell.deal_id,
        "shared_fields": cosell.shared_fields,
        "message": cosell.message,
        "invited_at": cosell.invited_at,
        "answered_at": cosell.answered_at,
        "decline_reason": cosell.decline_reason,
        "record": None,
    }
    if full:
        record = selectors.shared_record(actor=actor, cosell=cosell)
        out["record"] = {k: v for k, v in record.__dict__.items() if k != "own"}
        out["messages"] = [
            {
                "id": m.pk,
                "side": m.side,
                "author": str(m.author or ""),
                "body": m.body,
                "posted_at": m.posted_at,
            }
            for m in selectors.cosell_thread(actor=actor, cosell=cosell)
        ]
        out["steps"] = [
            {
                "id": s.pk,
                "side": s.side,
                "owner": str(s.owner),
                "owner_id": s.owner_id,
                "title": s.title,
                "due_on": s.due_on,
                "done_at": s.done_at,
            }
            for s in selectors.cosell_steps(actor=actor, cosell=cosell)
        ]
    return out


def _full(actor: Actor, cosell_id: int) -> dict[str, Any]:
    return _out(selectors.cosell_get(actor=actor, cosell_id=cosell_id), actor, full=True)


class CoSellFilters(PageQuery):
    status: list[CoSellStatusValue] = Field(default_factory=list)
    origin: Literal["", "vendor", "partner"] = Field(default="", description="Who invited")
    partner: Ref | None = Field(None, description="Vendor staff: one partner's co-sells")


class CoSellPage(Schema):
    items: list[CoSellOut]
    next_cursor: str | None


@router.get(
    "/cosells", response={200: CoSellPage, 422: Problem}, summary="Co-sells you are part of"
)
def list_cosells(request: HttpRequest, filters: Query[CoSellFilters]) -> dict[str, Any]:
    actor = actor_of(request)
    qs = selectors.cosell_list(
        actor=actor,
        filters=selectors.CoSellFilters(
            statuses=tuple(filters.status), origin=filters.origin, partner_id=filters.partner
        ),
    )
    page = paginate_by_id(qs, cursor=filters.cursor, limit=filters.limit)
    return {"items": [_out(c, actor) for c in page.items], "next_cursor": page.next_cursor}


class CoSellInviteIn(Input):
    opportunity: Ref | None = Field(
        None, description="Vendor staff: your opportunity to bring the partner into"
    )
    partner: Ref | None = Field(None, description="Vendor staff: the partner to invite")
    deal: Ref | None = Field(
        None, description="Partner users: your registration to bring the vendor into"
    )
    message: str = Field("", max_length=services.MAX_INVITATION)
    shared_fields: list[SharedFieldValue] = Field(
        default_factory=lambda: list[SharedFieldValue](["amount", "stage"]),
        max_length=4,
        description=SHARED,
    )


@router.post(
    "/cosells",
    response=CREATED,
    summary="Invite a partner into one of the vendor's opportunities, or the vendor into your "
    "registration",
)
def invite(request: HttpRequest, payload: CoSellInviteIn) -> Any:
    actor = actor_of(request)
    if payload.deal is not None:
        deal = deal_get(actor=actor, deal_id=payload.deal)
        cosell = services.cosell_invite_vendor(
            actor=actor, deal=deal, message=payload.message, shared_fields=payload.shared_fields
        )
    elif payload.opportunity is not None and payload.partner is not None:
        opportunity = direct_opportunity_get(actor=actor, opportunity_id=payload.opportunity)
        partner = partner_for_actor(actor=actor, partner_id=payload.partner)
        cosell = services.cosell_invite_partner(
            actor=actor,
            opportunity=opportunity,
            partner=partner,
            message=payload.message,
            shared_fields=payload.shared_fields,
        )
    else:
        raise InvalidInput(
            _("Name your registration (deal), or an opportunity and a partner."), field="deal"
        )
    return Status(201, _full(actor, cosell.pk))


@router.get(
    "/cosells/{cosell_id}",
    response={200: CoSellOut, 404: Problem},
    summary="One co-sell: the opportunity as shared with you, the thread and the next steps",
)
def get_cosell(request: HttpRequest, cosell_id: ObjectId) -> dict[str, Any]:
    return _full(actor_of(request), cosell_id)


@router.post(
    "/cosells/{cosell_id}/accept", response=ANSWERS, summary="Accept an invitation to co-sell"
)
def accept(request: HttpRequest, cosell_id: ObjectId) -> dict[str, Any]:
    actor = actor_of(request)
    services.cosell_accept(
        actor=actor, cosell=selectors.cosell_get(actor=actor, cosell_id=cosell_id)
    )
    return _full(actor, cosell_id)


class CoSellDeclineIn(Input):
    reason: CoSellDeclineReasonValue
    note: str = Field(default="", max_length=2000)


@router.post(
    "/cosells/{cosell_id}/decline",
    response=ANSWERS,
    summary="Decline an invitation, with a reason",
    openapi_extra=documented_body(CoSellDeclineIn),
)
def decline(request: HttpRequest, cosell_id: ObjectId) -> dict[str, Any]:
    actor = actor_of(request)
    cosell = selectors.cosell_get(actor=actor, cosell_id=cosell_id)
    payload = body_of(request, CoSellDeclineIn)
    services.cosell_decline(actor=actor, cosell=cosell, reason=payload.reason, note=payload.note)
    return _full(actor, cosell_id)


class CoSellNoteIn(Input):
    note: str = Field(default="", max_length=2000)


@router.post(
    "/cosells/{cosell_id}/withdraw",
    response=ANSWERS,
    summary="Withdraw your invitation, or step back from an active co-sell",
    openapi_extra=documented_body(CoSellNoteIn),
)
def withdraw(request: HttpRequest, cosell_id: ObjectId) -> dict[str, Any]:
    actor = actor_of(request)
    cosell = selectors.cosell_get(actor=actor, cosell_id=cosell_id)
    payload = body_of(request, CoSellNoteIn)
    services.cosell_withdraw(actor=actor, cosell=cosell, note=payload.note)
    return _full(actor, cosell_id)


class CoSellCloseIn(Input):
    outcome: OutcomeValue
    note: str = Field(default="", max_length=2000)


@router.post(
    "/cosells/{cosell_id}/close",
    response=ANSWERS,
    summary="Report the outcome (the opportunity's owner); the opportunity or registration "
    "closes with it",
    openapi_extra=documented_body(CoSellCloseIn),
)
def close(request: HttpRequest, cosell_id: ObjectId) -> dict[str, Any]:
    actor = actor_of(request)
    cosell = selectors.cosell_get(actor=actor, cosell_id=cosell_id)
    payload = body_of(request, CoSellCloseIn)
    services.cosell_close(actor=actor, cosell=cosell, outcome=payload.outcome, note=payload.note)
    return _full(actor, cosell_id)


class SharingIn(Input):
    shared_fields: list[SharedFieldValue] = Field(max_length=4, description=SHARED)


@router.put(
    "/cosells/{cosell_id}/sharing",
    response=ANSWERS,
    summary="Change what the other side sees of your opportunity (the owner only)",
    openapi_extra=documented_body(SharingIn),
)
def share(request: HttpRequest, cosell_id: ObjectId) -> dict[str, Any]:
    actor = actor_of(request)
    cosell = selectors.cosell_get(actor=actor, cosell_id=cosell_id)
    payload = body_of(request, SharingIn)
    services.cosell_share(actor=actor, cosell=cosell, shared_fields=payload.shared_fields)
    return _full(actor, cosell_id)


class MessageIn(Input):
    body: str = Field(max_length=services.MAX_MESSAGE)


@router.post(
    "/cosells/{cosell_id}/messages",
    response=CREATED,
    summary="Write in the co-sell's thread (both sides read it)",
    openapi_extra=documented_body(MessageIn),
)
def post_message(request: HttpRequest, cosell_id: ObjectId) -> Any:
    actor = actor_of(request)
    cosell = selectors.cosell_get(actor=actor, cosell_id=cosell_id)
    payload = body_of(request, MessageIn)
    services.cosell_post(actor=actor, cosell=cosell, body=payload.body)
    return Status(201, _full(actor, cosell_id))


class StepIn(Input):
    title: str = Field(max_length=200)
    owner: Ref = Field(
        description="A user of either side (a partner may pick the vendor people in this co-sell)"
    )
    due_on: dt.date


@router.post(
    "/cosells/{cosell_id}/steps",
    response=CREATED,
    summary="Agree a next step: who does what by when",
    openapi_extra=documented_body(StepIn),
)
def add_step(request: HttpRequest, cosell_id: ObjectId) -> Any:
    actor = actor_of(request)
    cosell = selectors.cosell_get(actor=actor, cosell_id=cosell_id)
    payload = body_of(request, StepIn)
    services.cosell_step_add(
        actor=actor,
        cosell=cosell,
        title=payload.title,
        owner_id=payload.owner,
        due_on=payload.due_on,
    )
    return Status(201, _full(actor, cosell_id))


class StepDoneIn(Input):
    done: Flag = True


@router.post(
    "/cosells/{cosell_id}/steps/{step_id}/done",
    response=ANSWERS,
    summary="Tick a next step off (done=false reopens it)",
    openapi_extra=documented_body(StepDoneIn),
)
def step_done(request: HttpRequest, cosell_id: ObjectId, step_id: ObjectId) -> dict[str, Any]:
    actor = actor_of(request)
    cosell = selectors.cosell_get(actor=actor, cosell_id=cosell_id)
    step = selectors.step_get(actor=actor, cosell=cosell, step_id=step_id)
    payload = body_of(request, StepDoneIn)
    services.cosell_step_done(actor=actor, step=step, done=payload.done)
    return _full(actor, cosell_id)
