"""API: leads (take in, read, accept, decline, report, convert, hand back) and routing
explanations."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from trellis.core.actor import Actor
from trellis.core.api import (
    Input,
    ObjectId,
    PageQuery,
    Problem,
    Ref,
    Sku,
    actor_of,
    body_of,
    documented_body,
)
from trellis.core.exceptions import Conflict, InvalidInput, NotFound
from trellis.core.pagination import paginate_by_id
from trellis.partners.selectors import program_choices

from . import reasons, selectors, services
from .choices import (
    DeclineReasonValue,
    LeadSourceValue,
    LeadStatusValue,
    LeadUpdateValue,
    RunStatusValue,
)
from .models import Lead
from .services import batch

router = Router(tags=["leads"])


class LeadCustomerIn(Input):
    name: str = Field(min_length=1, max_length=250)
    domain: str = Field(default="", max_length=253)
    country: str = Field(
        min_length=2, max_length=2, description="ISO 3166-1 alpha-2; routing needs it"
    )
    city: str = Field(default="", max_length=120)
    postal_code: str = Field(default="", max_length=16)
    latitude: float | None = Field(
        default=None,
        ge=-90,
        le=90,
        allow_inf_nan=False,
        description="Degrees; default: looked up from the city when known",
    )
    longitude: float | None = Field(default=None, ge=-180, le=180, allow_inf_nan=False)


class LeadContactIn(Input):
    name: str = Field(min_length=1, max_length=150)
    email: str = Field(default="", max_length=254)
    phone: str = Field(default="", max_length=40)


class LeadIn(Input):
    customer: LeadCustomerIn
    contact: LeadContactIn
    products: list[Sku] = Field(default_factory=list, max_length=100, description="Catalogue SKUs")
    estimated_amount: str | None = Field(
        default=None, max_length=32, description='Decimal as a string, e.g. "25000.00"'
    )
    currency: str = Field("USD", min_length=3, max_length=3, description="ISO 4217")
    source: LeadSourceValue = "api"
    notes: str = Field(default="", max_length=5000)
    campaign_code: str = Field(
        default="", max_length=20, description="The marketing activity that brought the lead"
    )
    program: Ref | None = Field(
        None, description="Program whose routing rules apply (default: the oldest active)"
    )


class OfferOut(Schema):
    status: str
    expires_at: dt.datetime


class OpenOfferOut(Schema):
    partner: int
    partner_name: str
    rank: int = Field(description="1: the partner routing ranked first")
    offered_at: dt.datetime
    expires_at: dt.datetime = Field(description="When the offer lapses unanswered")


class LeadOut(Schema):
    id: int
    status: str
    customer: dict[str, str]
    contact: dict[str, str] | None = Field(
        description="Shown to vendor staff and to the partner working the lead"
    )
    products: list[str]
    product_families: list[str]
    estimated_amount: Decimal | None
    currency: str
    source: str
    notes: str
    program_id: int
    assigned_partner: int | None
    offer: OfferOut | None = Field(description="The offer waiting for your answer (partner users)")
    open_offers: list[OpenOfferOut] | None = Field(
        description="Vendor staff: every partner the lead waits on, since when and until when"
    )
    unroutable_reason: str
    followup_due_at: dt.datetime | None
    deal_id: int | None
    received_at: dt.datetime


def _out(lead: Lead, actor: Actor) -> dict[str, Any]:
    works_it = actor.is_staff or (
        actor.partner_id is not None and lead.partner_id == actor.partner_id
    )
    offer = next(
        (
            o
            for o in lead.offers.all()
            if actor.partner_id and o.partner_id == actor.partner_id and o.status == "open"
        ),
        None,
    )
    lines = list(lead.lines.all())
    return {
        "id": lead.pk,
        "status": lead.status,
        "customer": {
            "name": lead.customer_name,
            "domain": lead.customer_domain,
            "country": lead.country,
            "city": lead.city,
            "postal_code": lead.postal_code,
        },
        "contact": {
            "name": lead.contact_name,
            "email": lead.contact_email,
            "phone": lead.contact_phone,
        }
        if works_it
        else None,
        "products": [line.product.sku for line in lines],
        "product_families": sorted({line.family.code for line in lines}),
        "estimated_amount": lead.estimated_amount,
        "currency": lead.currency,
        "source": lead.source,
        "notes": lead.notes,
        "program_id": lead.program_id,
        "assigned_partner": lead.partner_id if works_it else None,
        "offer": {"status": offer.status, "expires_at": offer.expires_at} if offer else None,
        "open_offers": [
            {
                "partner": o.partner_id,
                "partner_name": o.partner.name,
                "rank": o.rank,
                "offered_at": o.offered_at,
                "expires_at": o.expires_at,
            }
            for o in lead.offers.all()
            if o.status == "open"
        ]
        if actor.is_staff
        else None,
        "unroutable_reason": reasons.words(lead.unroutable_reason) if actor.is_staff else "",
        "followup_due_at": lead.followup_due_at if works_it else None,
        "deal_id": lead.deal_id if works_it else None,
        "received_at": lead.received_at,
    }


def _reload(actor: Actor, lead: Lead) -> dict[str, Any]:
    """The lead as the caller may now see it (after declining, a partner no longer can)."""
    try:
        return _out(selectors.lead_get(actor=actor, lead_id=lead.pk), actor)
    except NotFound:
        return _out(lead, actor) | {"contact": None, "offer": None, "open_offers": None}


@router.post(
    "/leads",
    response={201: LeadOut, 403: Problem, 422: Problem},
    summary="Take in a lead (vendor staff); it is routed at once and the outcome returned",
)
def receive(request: HttpRequest, payload: LeadIn) -> Any:
    actor = actor_of(request)
    c, contact = payload.customer, payload.contact
    data = services.LeadInput(
        customer_name=c.name,
        customer_domain=c.domain,
        country=c.country,
        city=c.city,
        postal_code=c.postal_code,
        contact_name=contact.name,
        contact_email=contact.email,
        contact_phone=contact.phone,
        products=payload.products,
        estimated_amount=payload.estimated_amount,
        currency=payload.currency,
        source=payload.source,
        notes=payload.notes,
        campaign_code=payload.campaign_code,
        program_id=payload.program,
        latitude=c.latitude,
        longitude=c.longitude,
    )
    lead = services.lead_receive(actor=actor, data=data)
    return Status(201, _out(selectors.lead_get(actor=actor, lead_id=lead.pk), actor))


class LeadFilters(PageQuery):
    status: list[LeadStatusValue] = Field(default_factory=list)
    partner: Ref | None = None
    q: str = Field(default="", max_length=200)


class LeadPage(Schema):
    items: list[LeadOut]
    next_cursor: str | None


@router.get("/leads", response={200: LeadPage, 422: Problem}, summary="Leads you may see")
def list_leads(request: HttpRequest, filters: Query[LeadFilters]) -> dict[str, Any]:
    actor = actor_of(request)
    qs = selectors.lead_list(
        actor=actor,
        filters=selectors.LeadFilters(
            statuses=tuple(filters.status), partner_id=filters.partner, q=filters.q
        ),
    )
    page = paginate_by_id(qs, cursor=filters.cursor, limit=filters.limit)
    return {"items": [_out(lead, actor) for lead in page.items], "next_cursor": page.next_cursor}


@router.get("/leads/{lead_id}", response={200: LeadOut, 404: Problem}, summary="One lead")
def get_lead(request: HttpRequest, lead_id: ObjectId) -> dict[str, Any]:
    actor = actor_of(request)
    return _out(selectors.lead_get(actor=actor, lead_id=lead_id), actor)


def _offer_of(actor: Actor, lead: Lead) -> Any:
    offer = selectors.open_offer(actor=actor, lead=lead)
    if offer is None:
        raise Conflict(_("This lead is not on offer to you."))
    return offer


@router.post(
    "/leads/{lead_id}/accept",
    response={200: LeadOut, 403: Problem, 404: Problem, 409: Problem},
    summary="Accept a lead offered to your company (with several offers out, the first "
    "acceptance wins)",
)
def accept(request: HttpRequest, lead_id: ObjectId) -> dict[str, Any]:
    actor = actor_of(request)
    lead = services.lead_accept(
        actor=actor, offer=_offer_of(actor, selectors.offered_lead(actor=actor, lead_id=lead_id))
    )
    return _reload(actor, lead)


class LeadDeclineIn(Input):
    reason: DeclineReasonValue
    note: str = Field(default="", max_length=2000)


@router.post(
    "/leads/{lead_id}/decline",
    response={200: LeadOut, 403: Problem, 404: Problem, 409: Problem, 422: Problem},
    summary="Decline a lead offered to your company; routing moves on to the next partner",
    openapi_extra=documented_body(LeadDeclineIn),
)
def decline(request: HttpRequest, lead_id: ObjectId) -> dict[str, Any]:
    actor = actor_of(request)
    lead = selectors.offered_lead(actor=actor, lead_id=lead_id)
    payload = body_of(request, LeadDeclineIn)
    offer = _offer_of(actor, lead)
    lead = services.lead_decline(actor=actor, offer=offer, reason=payload.reason, note=payload.note)
    return _reload(actor, lead)


@router.post(
    "/leads/{lead_id}/return",
    response={200: LeadOut, 403: Problem, 404: Problem, 409: Problem, 422: Problem},
    summary="Hand back a lead your company accepted; routing offers it to the next partner",
    openapi_extra=documented_body(LeadDeclineIn),
)
def hand_back(request: HttpRequest, lead_id: ObjectId) -> dict[str, Any]:
    actor = actor_of(request)
    lead = selectors.lead_get(actor=actor, lead_id=lead_id)
    payload = body_of(request, LeadDeclineIn)
    lead = services.lead_return(actor=actor, lead=lead, reason=payload.reason, note=payload.note)
    return _reload(actor, lead)


class UpdateIn(Input):
    status: LeadUpdateValue = Field(default="", description="Empty for a note only")
    note: str = Field(default="", max_length=2000)


@router.post(
    "/leads/{lead_id}/update",
    response={200: LeadOut, 403: Problem, 404: Problem, 409: Problem, 422: Problem},
    summary="Report progress on a lead you work (restarts the follow-up clock)",
    openapi_extra=documented_body(UpdateIn),
)
def update(request: HttpRequest, lead_id: ObjectId) -> dict[str, Any]:
    actor = actor_of(request)
    lead = selectors.lead_get(actor=actor, lead_id=lead_id)
    payload = body_of(request, UpdateIn)
    lead = services.lead_update(actor=actor, lead=lead, status=payload.status, note=payload.note)
    return _reload(actor, lead)


class ConvertIn(Input):
    products: list[Sku] = Field(
        default_factory=list, max_length=100, description="Catalogue SKUs (default: the lead's)"
    )
    amount: str | None = Field(default=None, max_length=32)
    currency: str = Field(default="", max_length=3)
    expected_close: dt.date | None = None


@router.post(
    "/leads/{lead_id}/convert",
    response={200: LeadOut, 403: Problem, 404: Problem, 409: Problem, 422: Problem},
    summary="Convert a lead you work into a deal registration (vendor-sourced; conflict-checked)",
    openapi_extra=documented_body(ConvertIn),
)
def convert(request: HttpRequest, lead_id: ObjectId) -> dict[str, Any]:
    actor = actor_of(request)
    lead = selectors.lead_get(actor=actor, lead_id=lead_id)
    payload = body_of(request, ConvertIn)
    lead = services.lead_convert(
        actor=actor,
        lead=lead,
        products=payload.products or None,
        amount=payload.amount,
        currency=payload.currency,
        expected_close=payload.expected_close,
    )
    return _reload(actor, lead)


class AssignIn(Input):
    partner: Ref
    reason: str = Field(min_length=1, max_length=1000)


@router.post(
    "/leads/{lead_id}/assign",
    response={200: LeadOut, 403: Problem, 404: Problem, 409: Problem, 422: Problem},
    summary="Offer a lead to a partner of your choosing, with the reason on record (vendor staff)",
    openapi_extra=documented_body(AssignIn),
)
def assign(request: HttpRequest, lead_id: ObjectId) -> dict[str, Any]:
    actor = actor_of(request)
    lead = selectors.lead_get(actor=actor, lead_id=lead_id)
    payload = body_of(request, AssignIn)
    lead = services.lead_assign(
        actor=actor, lead=lead, partner_id=payload.partner, reason=payload.reason
    )
    return _reload(actor, lead)


class DecisionOut(Schema):
    made_at: dt.datetime
    mode: str
    automatic: bool
    chosen: list[int]
    summary: str
    override_reason: str
    explanation: dict[str, Any] = Field(
        description="factors (names, in order), weights (per factor), considered (eligible "
        "partners), ranked "
        "([{partner, score, values in factors order}], best first) and excluded ({rule: "
        "{count, examples}})"
    )


@router.get(
    "/leads/{lead_id}/routing",
    response={200: list[DecisionOut], 404: Problem},
    summary="Why the lead went where it went: every routing decision with factors, weights and "
    "exclusions "
    "(vendor staff)",
)
def routing(request: HttpRequest, lead_id: ObjectId) -> list[dict[str, Any]]:
    actor = actor_of(request)
    if not actor.is_staff:
        raise NotFound()  # explanations rank other partners: never shown to one
    lead = selectors.lead_get(actor=actor, lead_id=lead_id)
    return [
        {
            "made_at": d.made_at,
            "mode": d.mode,
            "automatic": d.automatic,
            "chosen": d.chosen,
            "summary": d.summary,
            "override_reason": d.override_reason,
            "explanation": d.explanation,
        }
        for d in selectors.routing_history(actor=actor, lead=lead)
    ]


class RoutingRunIn(Input):
    program: Ref | None = Field(
        None, description="Route one program's waiting leads (default: every program)"
    )


class RoutingRunOut(Schema):
    id: int
    program_id: int | None
    status: RunStatusValue
    requested_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    routed: int
    assigned: int
    offered: int
    for_review: int = Field(description="Ranked for a person to pick (manual distribution)")
    unroutable: int
    skipped: int = Field(
        description="Leads someone else moved while the run was deciding: left alone"
    )
    partners_told: int
    routing_seconds: float = Field(description="Time spent deciding and storing")
    decisions_per_second: float | None
    error: str


def _run_out(run: Any) -> dict[str, Any]:
    fields = (
        "id",
        "program_id",
        "status",
        "requested_at",
        "started_at",
        "finished_at",
        "routed",
        "assigned",
        "offered",
        "for_review",
        "unroutable",
        "skipped",
        "partners_told",
        "routing_seconds",
        "decisions_per_second",
        "error",
    )
    return {name: getattr(run, name) for name in fields}


@router.post(
    "/routing-runs",
    response={202: RoutingRunOut, 403: Problem, 409: Problem, 422: Problem},
    summary="Route every new and unroutable lead again, in the background (vendor staff who "
    "route leads)",
)
def start_routing_run(request: HttpRequest, payload: RoutingRunIn) -> Any:
    actor = actor_of(request)
    if payload.program is not None and payload.program not in {
        pk for pk, _name in program_choices()
    }:
        raise InvalidInput(_("No active program has this id."), field="program")
    run = batch.routing_run_request(actor=actor, program_id=payload.program)
    return Status(202, _run_out(run))


@router.get(
    "/routing-runs/{run_id}",
    response={200: RoutingRunOut, 404: Problem},
    summary="Where a routing run stands and what it did (vendor staff)",
)
def get_routing_run(request: HttpRequest, run_id: ObjectId) -> dict[str, Any]:
    return _run_out(selectors.routing_run_get(actor=actor_of(request), run_id=run_id))
