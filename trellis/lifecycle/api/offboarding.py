"""API: offboarding a partner and bringing one back (vendor)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from trellis.core.api import Input, ObjectId, Problem, Ref, actor_of, body_of, documented_body
from trellis.partners.selectors import partner_get

from .. import services
from ..choices import ExitKindValue

router = Router(tags=["lifecycle"])


class OffboardIn(Input):
    kind: ExitKindValue
    reason: str = Field(min_length=1, max_length=2000)
    deals_to: Ref | None = Field(None, description="Partner taking the open registrations")
    leads_to: Ref | None = Field(None, description="Partner taking the open leads")


class OffboardOut(Schema):
    id: int
    partner: int
    status: str
    deals_moved: int
    deals_closed: int
    leads_moved: int
    payouts_held: bool
    anonymise_on: dt.date


@router.post(
    "/partners/{partner_id}/offboard",
    response={200: OffboardOut, 403: Problem, 404: Problem, 409: Problem, 422: Problem},
    summary="Offboard a partner: access revoked at once, open work handed over or closed (vendor)",
    openapi_extra=documented_body(OffboardIn),
)
def offboard(request: HttpRequest, partner_id: ObjectId) -> dict[str, Any]:
    actor = actor_of(request)
    partner = partner_get(actor=actor, partner_id=partner_id)
    body = body_of(request, OffboardIn)
    record = services.partner_offboard(
        actor=actor,
        partner=partner,
        kind=body.kind,
        reason=body.reason,
        deals_to=body.deals_to,
        leads_to=body.leads_to,
    )
    return {
        "id": record.pk,
        "partner": partner.pk,
        "status": "offboarded",
        "deals_moved": record.deals_moved,
        "deals_closed": record.deals_closed,
        "leads_moved": record.leads_moved,
        "payouts_held": record.payouts_held,
        "anonymise_on": record.anonymise_on,
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
