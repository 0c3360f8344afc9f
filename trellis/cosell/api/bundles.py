"""API: the bundle catalogue (joint solutions), composing bundles and partners' consent."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from trellis.core.api import (
    CountryCode,
    Flag,
    Input,
    ObjectId,
    PageQuery,
    Problem,
    Ref,
    Sku,
    Slug,
    actor_of,
    body_of,
    documented_body,
)
from trellis.core.pagination import paginate_by_id
from trellis.partners.selectors import listed_partner

from .. import selectors, services
from ..models import Bundle

router = Router(tags=["bundles"])

ERRORS = {403: Problem, 404: Problem, 409: Problem, 422: Problem}


class BundleMemberOut(Schema):
    id: int
    partner: int
    partner_name: str
    service: str
    consent: str


class BundleOut(Schema):
    id: int
    name: str
    summary: str
    description: str
    status: str
    products: list[str] = Field(description="Catalogue SKUs")
    countries: list[str]
    specializations: list[str]
    members: list[BundleMemberOut]
    published_at: dt.datetime | None


def _out(bundle: Bundle) -> dict[str, Any]:
    return {
        "id": bundle.pk,
        "name": bundle.name,
        "summary": bundle.summary,
        "description": bundle.description,
        "status": bundle.status,
        "products": [p.sku for p in bundle.products.all()],
        "countries": bundle.countries,
        "specializations": [s.slug for s in bundle.specializations.all()],
        "members": [
            {
                "id": m.pk,
                "partner": m.partner_id,
                "partner_name": m.partner.name,
                "service": m.service,
                "consent": m.consent,
            }
            for m in bundle.members.all()
        ],
        "published_at": bundle.published_at,
    }


def _fresh(request: HttpRequest, bundle_id: ObjectId) -> dict[str, Any]:
    return _out(selectors.bundle_get(actor=actor_of(request), bundle_id=bundle_id))


class CatalogueFilters(PageQuery):
    q: str = Field(default="", max_length=200)
    country: str = Field(default="", max_length=2)
    family: str = Field(default="", max_length=40, description="Product family code")


class BundlePage(Schema):
    items: list[BundleOut]
    next_cursor: str | None


@router.get(
    "/bundles",
    response={200: BundlePage, 422: Problem},
    summary="The catalogue of published joint solutions (any partner or vendor user)",
)
def catalogue(request: HttpRequest, filters: Query[CatalogueFilters]) -> dict[str, Any]:
    qs = selectors.bundle_catalogue(
        actor=actor_of(request),
        filters=selectors.BundleFilters(
            q=filters.q, country=filters.country, family=filters.family
        ),
    )
    page = paginate_by_id(qs, cursor=filters.cursor, limit=filters.limit)
    return {"items": [_out(b) for b in page.items], "next_cursor": page.next_cursor}


@router.get("/bundles/{bundle_id}", response={200: BundleOut, 404: Problem}, summary="One bundle")
def get_bundle(request: HttpRequest, bundle_id: ObjectId) -> dict[str, Any]:
    return _fresh(request, bundle_id)


class BundleIn(Input):
    name: str = Field(max_length=120)
    summary: str = Field(max_length=300)
    description: str = Field(default="", max_length=5000)
    products: list[Sku] = Field(max_length=100, description="Catalogue SKUs")
    countries: list[CountryCode] = Field(
        max_length=250, description="ISO 3166-1 alpha-2 codes where it is offered"
    )
    specializations: list[Slug] = Field(default_factory=list, max_length=100)
    service: str = Field(
        default="", max_length=200, description="Partner users: what your company contributes"
    )


@router.post(
    "/bundles",
    response={201: BundleOut, **ERRORS},
    summary="Compose a bundle (a partner composing one is its first member)",
)
def create(request: HttpRequest, payload: BundleIn) -> Any:
    bundle = services.bundle_create(
        actor=actor_of(request), data=services.BundleInput(**payload.model_dump())
    )
    return Status(201, _fresh(request, bundle.pk))


class BundleInviteIn(Input):
    partner: Ref
    service: str = Field(max_length=200, description="What this partner contributes")


@router.post(
    "/bundles/{bundle_id}/members",
    response={201: BundleOut, **ERRORS},
    summary="Invite a partner into a draft bundle; it joins when its admin agrees",
    openapi_extra=documented_body(BundleInviteIn),
)
def invite(request: HttpRequest, bundle_id: ObjectId) -> Any:
    actor = actor_of(request)
    bundle = selectors.bundle_get(actor=actor, bundle_id=bundle_id)
    payload = body_of(request, BundleInviteIn)
    services.bundle_invite(
        actor=actor,
        bundle=bundle,
        partner=listed_partner(partner_id=payload.partner),
        service=payload.service,
    )
    return Status(201, _fresh(request, bundle_id))


class ConsentIn(Input):
    agree: Flag = Field(
        description="true: agree to be offered in it; false: decline, or withdraw an agreement"
    )


@router.post(
    "/bundles/{bundle_id}/members/{member_id}/consent",
    response={200: BundleOut, **ERRORS},
    summary="Your company agrees to be offered in the bundle, declines, or withdraws (partner "
    "admins)",
    openapi_extra=documented_body(ConsentIn),
)
def consent(request: HttpRequest, bundle_id: ObjectId, member_id: ObjectId) -> dict[str, Any]:
    actor = actor_of(request)
    bundle = selectors.bundle_get(actor=actor, bundle_id=bundle_id)
    member = selectors.member_get(actor=actor, bundle=bundle, member_id=member_id)
    payload = body_of(request, ConsentIn)
    if member.consent == "accepted" and not payload.agree:
        services.bundle_withdraw(actor=actor, member=member)
    else:
        services.bundle_answer(actor=actor, member=member, accept=payload.agree)
    return _fresh(request, bundle_id)


@router.post(
    "/bundles/{bundle_id}/publish",
    response={200: BundleOut, **ERRORS},
    summary="Publish a bundle every member agreed to (vendor staff)",
)
def publish(request: HttpRequest, bundle_id: ObjectId) -> dict[str, Any]:
    actor = actor_of(request)
    services.bundle_publish(
        actor=actor, bundle=selectors.bundle_get(actor=actor, bundle_id=bundle_id)
    )
    return _fresh(request, bundle_id)


@router.post(
    "/bundles/{bundle_id}/retire",
    response={200: BundleOut, **ERRORS},
    summary="Stop offering a bundle (vendor staff)",
)
def retire(request: HttpRequest, bundle_id: ObjectId) -> dict[str, Any]:
    actor = actor_of(request)
    services.bundle_retire(
        actor=actor, bundle=selectors.bundle_get(actor=actor, bundle_id=bundle_id)
    )
    return _fresh(request, bundle_id)
