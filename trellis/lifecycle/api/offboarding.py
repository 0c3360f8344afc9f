"""API: offboarding a partner and bringing one back (vendor)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from trellis.core.api import (
    Flag,
    Input,
    ObjectId,
    Problem,
    Ref,
    actor_of,
    body_of,
    documented_body,
)
from trellis.partners.selectors import partner_get

from .. import services
from ..choices import ExitKindValue, HandoverItemValue, HandoverOutcomeValue, HandoverTo

router = Router(tags=["lifecycle"])


class HandoverIn(Input):
    item: HandoverItemValue
    id: Ref
    to: HandoverTo = Field(
        description="partner (name it), channel_manager, or release: a registration is closed, "
        "a lead routed afresh"
    )
    partner: Ref | None = Field(None, description="The partner taking it, when `to` is partner")


class OffboardIn(Input):
    kind: ExitKindValue
    reason: str = Field(min_length=1, max_length=2000)
    deals_to: Ref | None = Field(None, description="Partner taking the open registrations")
    leads_to: Ref | None = Field(None, description="Partner taking the open leads")
    deals_to_channel_manager: Flag = Field(
        False, description="The channel manager takes the open registrations (they close)"
    )
    leads_to_channel_manager: Flag = Field(
        False, description="The channel manager takes the open leads (held out of routing)"
    )
    items: list[HandoverIn] = Field(
        default_factory=list,
        max_length=5000,
        description="Choices for single registrations or leads; they override the bulk choice",
    )


class HandoverOut(Schema):
    item: HandoverItemValue
    id: int
    customer: str
    outcome: HandoverOutcomeValue
    partner: int | None
    channel_manager: int | None


class OffboardOut(Schema):
    id: int
    partner: int
    status: str
    deals_moved: int
    deals_closed: int
    leads_moved: int
    to_channel_manager: int
    payouts_held: bool
    anonymise_on: dt.date
    handovers: list[HandoverOut]


@router.post(
    "/partners/{partner_id}/offboard",
    response={200: OffboardOut, 403: Problem, 404: Problem, 409: Problem, 422: Problem},
    summary="Offboard a partner: access revoked at once, open work handed on (vendor)",
    openapi_extra=documented_body(OffboardIn),
)
def offboard(request: HttpRequest, partner_id: ObjectId) -> dict[str, Any]:
    actor = actor_of(request)
    partner = partner_get(actor=actor, partner_id=partner_id)
    body = body_of(request, OffboardIn)
    handovers = services.Handovers(
        deals_to=body.deals_to,
        leads_to=body.leads_to,
        deals_to_manager=body.deals_to_channel_manager,
        leads_to_manager=body.leads_to_channel_manager,
        items=tuple(
            services.HandoverChoice(item=i.item, id=i.id, to=i.to, partner=i.partner)
            for i in body.items
        ),
    )
    record = services.partner_offboard(
        actor=actor, partner=partner, kind=body.kind, reason=body.reason, handovers=handovers
    )
    return {
        "id": record.pk,
        "partner": partner.pk,
        "status": "offboarded",
        "deals_moved": record.deals_moved,
        "deals_closed": record.deals_closed,
        "leads_moved": record.leads_moved,
        "to_channel_manager": record.to_manager,
        "payouts_held": record.payouts_held,
        "anonymise_on": record.anonymise_on,
        "handovers": [
            {
                "item": h.item,
                "id": h.item_id,
                "customer": h.customer_name,
                "outcome": h.outcome,
                "partner": h.to_partner_id,
                "channel_manager": h.to_user_id,
            }
            for h in record.handovers.all()
        ],
    }


class ReactivateIn(Input):
    reason: str = Field(min_length=1, max_length=2000)


class ReactivateOut(Schema):
    partner: int
    status: str


@router.post(
    "/partners/{partner_id}/reactivate",
    response={200: ReactivateOut, 403: Problem, 404: Problem, 409: Problem, 422: Problem},
    summary="Bring a suspended or offboarded partner back (vendor)",
    openapi_extra=documented_body(ReactivateIn),
)
def reactivate(request: HttpRequest, partner_id: ObjectId) -> dict[str, Any]:
    actor = actor_of(request)
    partner = partner_get(actor=actor, partner_id=partner_id)
    body = body_of(request, ReactivateIn)
    services.partner_reactivate(actor=actor, partner=partner, reason=body.reason)
    return {"partner": partner.pk, "status": "active"}
