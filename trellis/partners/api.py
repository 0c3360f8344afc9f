"""API: the partner directory and partner profiles."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from trellis.core.api import (
    CountryCode,
    Input,
    ObjectId,
    PageQuery,
    Problem,
    Ref,
    Slug,
    actor_of,
    body_of,
    documented_body,
    patch_field,
)
from trellis.core.pagination import paginate_by_id

from . import selectors, services
from .choices import PartnerStatusValue, PartnerTypeValue, RegionValue
from .models import Partner

router = Router(tags=["partners"])


class EnrollmentOut(Schema):
    program: str
    program_name: str
    tier: str
    tier_rank: int


class PartnerOut(Schema):
    id: int
    name: str
    legal_name: str
    website: str
    domain: str
    country: str
    city: str
    status: str
    partner_types: list[str]
    programs: list[EnrollmentOut]
    parent_id: int | None
    channel_manager_id: int | None
    created_at: dt.datetime
    updated_at: dt.datetime


class PartnerDetailOut(PartnerOut):
    description: str
    regions: list[str]
    countries_served: list[str]
    specializations: list[str]


class PartnerPage(Schema):
    items: list[PartnerOut]
    next_cursor: str | None = Field(
        description="Pass as ?cursor= for the next page; null at the end"
    )


def _out(p: Partner) -> dict:
    return {
        "id": p.pk,
        "name": p.name,
        "legal_name": p.legal_name,
        "website": p.website,
        "domain": p.domain,
        "country": p.country,
        "city": p.city,
        "status": p.status,
        "partner_types": sorted(t.partner_type for t in p.type_assignments.all()),
        "programs": [
            {
                "program": e.program.slug,
                "program_name": e.program.name,
                "tier": e.tier.name,
                "tier_rank": e.tier.rank,
            }
            for e in p.enrollments.all()
        ],
        "parent_id": p.parent_id,
        "channel_manager_id": p.channel_manager_id,
        "created_at": p.created_at,
        "updated_at": p.updated_at,
    }


def _detail(p: Partner) -> dict:
    return {
        **_out(p),
        "description": p.description,
        "regions": sorted(r.region for r in p.regions.all()),
        "countries_served": sorted(c.country for c in p.countries_served.all()),
        "specializations": sorted(s.slug for s in p.specializations.all()),
    }


class PartnerFilters(PageQuery):
    q: str = Field(default="", max_length=200, description="Search name, legal name, domain, city")
    type: list[PartnerTypeValue] = Field(default_factory=list, description="Partner type(s)")
    status: list[PartnerStatusValue] = Field(default_factory=list)
    country: list[CountryCode] = Field(default_factory=list, description="ISO 3166 alpha-2")
    program: Ref | None = None
    tier: Ref | None = None
    channel_manager: Ref | None = None


@router.get("/partners", response={200: PartnerPage, 422: Problem}, summary="List partners")
def list_partners(request: HttpRequest, filters: Query[PartnerFilters]) -> dict:
    """A partner user sees only their own partner (and a distributor its resellers)."""
    qs = selectors.partner_directory(
        actor=actor_of(request),
        filters=selectors.DirectoryFilters(
            q=filters.q,
            partner_types=tuple(filters.type),
            statuses=tuple(filters.status),
            countries=tuple(filters.country),
            program_id=filters.program,
            tier_id=filters.tier,
            channel_manager_id=filters.channel_manager,
        ),
    )
    page = paginate_by_id(
        selectors.with_directory_relations(qs), cursor=filters.cursor, limit=filters.limit
    )
    return {"items": [_out(p) for p in page.items], "next_cursor": page.next_cursor}


@router.get(
    "/partners/{partner_id}", response={200: PartnerDetailOut, 404: Problem}, summary="One partner"
)
def get_partner(request: HttpRequest, partner_id: ObjectId) -> dict:
    return _detail(selectors.partner_get(actor=actor_of(request), partner_id=partner_id))


class PartnerPatch(Input):
    """The fields sent are changed, the others left alone; only the two links may be null."""

    website: str = patch_field(max_length=200)
    domain: str = patch_field(max_length=253)
    city: str = patch_field(max_length=120)
    description: str = patch_field(max_length=5000)
    regions: list[RegionValue] = patch_field(max_length=4)
    countries_served: list[CountryCode] = patch_field(max_length=250)
    specializations: list[Slug] = patch_field(max_length=100)
    name: str = patch_field(min_length=1, max_length=200, description="Vendor staff only")
    legal_name: str = patch_field(max_length=250, description="Vendor staff only")
    country: CountryCode = patch_field(description="Vendor staff only")
    partner_types: list[PartnerTypeValue] = patch_field(
        max_length=8, description="Vendor staff only"
    )
    channel_manager_id: Ref | None = Field(
        default=None, description="Vendor staff only; null takes the channel manager off"
    )
    parent_id: Ref | None = Field(
        default=None, description="Vendor staff only; null makes the partner stand alone"
    )


@router.patch(
    "/partners/{partner_id}",
    response={200: PartnerDetailOut, 403: Problem, 404: Problem, 422: Problem},
    summary="Change a partner's profile (partner admins) or vendor-side fields (vendor staff)",
    openapi_extra=documented_body(PartnerPatch),
)
def patch_partner(request: HttpRequest, partner_id: ObjectId) -> dict:
    actor = actor_of(request)
    partner = selectors.partner_get(actor=actor, partner_id=partner_id)
    payload = body_of(request, PartnerPatch)
    data = payload.model_dump(exclude_unset=True)
    clear_parent = "parent_id" in data and data["parent_id"] is None
    clear_cm = "channel_manager_id" in data and data["channel_manager_id"] is None
    changes = services.PartnerChanges(
        **{k: v for k, v in data.items() if v is not None},
        clear_parent=clear_parent,
        clear_channel_manager=clear_cm,
    )
    services.partner_update(actor=actor, partner=partner, changes=changes)
    return _detail(selectors.partner_get(actor=actor, partner_id=partner_id))
