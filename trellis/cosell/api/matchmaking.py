"""API: partner-to-partner matchmaking, and introductions the vendor brokers."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
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
    Slug,
    actor_of,
    body_of,
    documented_body,
)
from trellis.core.pagination import paginate_by_id
from trellis.deals.selectors import deal_get
from trellis.partners.choices import PartnerTypeValue

from .. import selectors, services
from ..models import Introduction

router = Router(tags=["partner matchmaking"])

ERRORS = {403: Problem, 404: Problem, 409: Problem, 422: Problem}


class NeedIn(Input):
    country: str = Field(
        min_length=2, max_length=2, description="ISO 3166-1 alpha-2: where the customer is"
    )
    city: str = Field(default="", max_length=120)
    specializations: list[Slug] = Field(
        default_factory=list, max_length=50, description="Specialization slugs the need calls for"
    )
    types: list[PartnerTypeValue] = Field(
        default_factory=list, max_length=8, description="Partner types wanted"
    )


class MatchIn(NeedIn):
    deal: Ref | None = Field(
        None, description="Partner users: fill the need from your registration"
    )


class PartnerMatchOut(Schema):
    partner: int
    name: str
    score: float
    reasons: list[str]
    types: list[str]
    team_role: str


class MatchOut(Schema):
    summary: str
    ranked: list[PartnerMatchOut]
    team: list[PartnerMatchOut] = Field(description="One partner per wanted type you lack")


def _need(actor: Actor, payload: MatchIn) -> selectors.NeedInput:
    if payload.deal is not None and not payload.specializations and not payload.types:
        return selectors.need_for_registration(deal=deal_get(actor=actor, deal_id=payload.deal))
    return selectors.NeedInput(
        payload.country,
        payload.city,
        tuple(payload.specializations),
        tuple(payload.types),
        payload.deal,
    )


def _match_out(m: selectors.PartnerMatch) -> dict[str, Any]:
    return {
        "partner": m.partner_id,
        "name": m.name,
        "score": m.score,
        "reasons": m.reasons,
        "types": m.types,
        "team_role": m.team_role,
    }


@router.post(
    "/partner-matches",
    response={200: MatchOut, **ERRORS},
    summary="Partners that complement yours on a customer need, ranked with reasons, and a "
    "suggested team",
)
def partner_matches(request: HttpRequest, payload: MatchIn) -> dict[str, Any]:
    actor = actor_of(request)
    result = selectors.partner_matches(
        actor=actor, need=_need(actor, payload), requester_id=actor.partner_id
    )
    return {
        "summary": result.summary,
        "ranked": [_match_out(m) for m in result.ranked],
        "team": [_match_out(m) for m in result.team],
    }


class IntroductionOut(Schema):
    id: int
    requester: int
    requester_name: str
    target: int
    target_name: str
    need: str
    message: str
    reasons: list[str]
    status: str
    requested_at: dt.datetime
    deal: int | None
    contact_name: str | None = Field(description="The other side's person, once both agreed")
    contact_email: str | None
    my_rating: int | None


def _out(actor: Actor, introduction: Introduction) -> dict[str, Any]:
    page = selectors.introduction_page(actor=actor, introduction=introduction)
    i = page.introduction
    mine = actor.is_staff or page.asked_by_me
    return {
        "id": i.pk,
        "requester": i.requester_id,
        "requester_name": i.requester.name,
        "target": i.target_id,
        "target_name": i.target.name,
        "need": i.need,
        "message": i.message,
        "reasons": i.reasons if mine else [],
        "status": i.status,
        "requested_at": i.requested_at,
        "deal": i.deal_id if mine else None,
        "contact_name": page.contact_name,
        "contact_email": page.contact_email,
        "my_rating": page.my_rating if actor.is_partner else None,
    }


def _fresh(actor: Actor, introduction_id: int) -> dict[str, Any]:
    return _out(actor, selectors.introduction_get(actor=actor, introduction_id=introduction_id))


class IntroductionFilters(PageQuery):
    status: Literal[
        "", "requested", "proposed", "connected", "not_brokered", "declined", "withdrawn"
    ] = ""


class IntroductionPage(Schema):
    items: list[IntroductionOut]
    next_cursor: str | None


@router.get(
    "/introductions",
    response={200: IntroductionPage, 422: Problem},
    summary="Introductions you asked for, were offered, or (vendor staff) broker",
)
def list_introductions(request: HttpRequest, filters: Query[IntroductionFilters]) -> dict[str, Any]:
    actor = actor_of(request)
    page = paginate_by_id(
        selectors.introduction_list(actor=actor, status=filters.status),
        cursor=filters.cursor,
        limit=filters.limit,
    )
    return {"items": [_out(actor, i) for i in page.items], "next_cursor": page.next_cursor}


class AskIn(Input):
    target: Ref = Field(description="A partner that matchmaking suggests for this need")
    need: NeedIn
    message: str = Field("", max_length=2000)
    deal: Ref | None = Field(None, description="Your registration this is for")


@router.post(
    "/introductions",
    response={201: IntroductionOut, **ERRORS},
    summary="Ask the vendor to introduce you to a matched partner (partner users)",
)
def ask(request: HttpRequest, payload: AskIn) -> Any:
    actor = actor_of(request)
    deal = deal_get(actor=actor, deal_id=payload.deal) if payload.deal is not None else None
    n = payload.need
    need = selectors.NeedInput(
        n.country, n.city, tuple(n.specializations), tuple(n.types), payload.deal
    )
    introduction = services.introduction_ask(
        actor=actor, need=need, target_id=payload.target, message=payload.message, deal=deal
    )
    return Status(201, _fresh(actor, introduction.pk))


@router.get(
    "/introductions/{introduction_id}",
    response={200: IntroductionOut, 404: Problem},
    summary="One introduction",
)
def get_introduction(request: HttpRequest, introduction_id: ObjectId) -> dict[str, Any]:
    return _fresh(actor_of(request), introduction_id)


class BrokerIn(Input):
    forward: Flag
    note: str = Field(default="", max_length=2000, description="Required when not passing it on")


@router.post(
    "/introductions/{introduction_id}/broker",
    response={200: IntroductionOut, **ERRORS},
    summary="Pass a request on to the other partner, or say why not (vendor staff)",
    openapi_extra=documented_body(BrokerIn),
)
def broker(request: HttpRequest, introduction_id: ObjectId) -> dict[str, Any]:
    actor = actor_of(request)
    introduction = selectors.introduction_get(actor=actor, introduction_id=introduction_id)
    payload = body_of(request, BrokerIn)
    services.introduction_broker(
        actor=actor, introduction=introduction, forward=payload.forward, note=payload.note
    )
    return _fresh(actor, introduction_id)


class AnswerIn(Input):
    accept: Flag
    note: str = Field(default="", max_length=2000)


@router.post(
    "/introductions/{introduction_id}/answer",
    response={200: IntroductionOut, **ERRORS},
    summary="Say yes (contacts are exchanged) or no to meeting the requester",
    openapi_extra=documented_body(AnswerIn),
)
def answer(request: HttpRequest, introduction_id: ObjectId) -> dict[str, Any]:
    actor = actor_of(request)
    introduction = selectors.introduction_get(actor=actor, introduction_id=introduction_id)
    payload = body_of(request, AnswerIn)
    services.introduction_answer(
        actor=actor, introduction=introduction, accept=payload.accept, note=payload.note
    )
    return _fresh(actor, introduction_id)


class IntroductionRatingIn(Input):
    stars: int = Field(ge=1, le=5)
    comment: str = Field(default="", max_length=2000)


@router.post(
    "/introductions/{introduction_id}/rate",
    response={200: IntroductionOut, **ERRORS},
    summary="Rate the other partner after meeting (1-5); ratings feed matchmaking",
    openapi_extra=documented_body(IntroductionRatingIn),
)
def rate(request: HttpRequest, introduction_id: ObjectId) -> dict[str, Any]:
    actor = actor_of(request)
    introduction = selectors.introduction_get(actor=actor, introduction_id=introduction_id)
    payload = body_of(request, IntroductionRatingIn)
    services.introduction_rate(
        actor=actor, introduction=introduction, stars=payload.stars, comment=payload.comment
    )
    return _fresh(actor, introduction_id)


@router.post(
    "/introductions/{introduction_id}/withdraw",
    response={200: IntroductionOut, **ERRORS},
    summary="Withdraw your pending request",
)
def withdraw(request: HttpRequest, introduction_id: ObjectId) -> dict[str, Any]:
    actor = actor_of(request)
    introduction = selectors.introduction_get(actor=actor, introduction_id=introduction_id)
    services.introduction_withdraw(actor=actor, introduction=introduction)
    return _fresh(actor, introduction_id)
