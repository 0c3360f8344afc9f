"""API: who am I, a partner's people, and inviting a colleague."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from trellis.core.api import Input, ObjectId, Problem, actor_of, body_of, documented_body
from trellis.core.policies import require
from trellis.core.roles import PartnerRoleValue
from trellis.partners.selectors import partner_get

from . import selectors, services

router = Router(tags=["people"])


class PartnerRef(Schema):
    id: int
    name: str


class MeOut(Schema):
    id: int
    email: str
    full_name: str
    kind: str = Field(description="'staff' for vendor staff, 'partner' for partner users")
    roles: list[str]
    partner: PartnerRef | None
    language: str


@router.get("/me", response=MeOut, summary="The signed-in user behind this token")
def me(request: HttpRequest) -> MeOut:
    actor = actor_of(request)
    user = selectors.user_get(user_id=actor.user_id)  # type: ignore[arg-type]
    partner = PartnerRef(id=user.partner.pk, name=user.partner.name) if user.partner else None
    return MeOut(
        id=user.pk,
        email=user.email,
        full_name=user.full_name,
        kind=actor.kind.value,
        roles=sorted(actor.roles),
        partner=partner,
        language=user.language,
    )


class TeamMemberOut(Schema):
    id: int
    email: str
    full_name: str
    job_title: str
    roles: list[str]
    is_active: bool
    last_login: dt.datetime | None


@router.get(
    "/partners/{partner_id}/users",
    response={200: list[TeamMemberOut], 403: Problem, 404: Problem},
    summary="A partner's users (vendor staff, and that partner's admins)",
)
def partner_users(request: HttpRequest, partner_id: ObjectId) -> list[TeamMemberOut]:
    actor = actor_of(request)
    partner = partner_get(actor=actor, partner_id=partner_id)
    require(actor, "accounts.view_members", partner)
    return [
        TeamMemberOut(
            id=u.pk,
            email=u.email,
            full_name=u.full_name,
            job_title=u.job_title,
            roles=selectors.role_values(u),
            is_active=u.is_active,
            last_login=u.last_login,
        )
        for u in selectors.partner_members(actor=actor, partner=partner)
    ]


class InvitationIn(Input):
    email: str = Field(min_length=3, max_length=254)
    full_name: str = Field(default="", max_length=150)
    roles: list[PartnerRoleValue] = Field(min_length=1, max_length=4, examples=[["partner_sales"]])


class InvitationOut(Schema):
    id: int
    email: str
    roles: list[str]
    expires_at: dt.datetime


@router.post(
    "/partners/{partner_id}/invitations",
    response={201: InvitationOut, 403: Problem, 404: Problem, 409: Problem, 422: Problem},
    summary="Invite a colleague to a partner (e-mailed, expiring, single-use link)",
    openapi_extra=documented_body(InvitationIn),
)
def invite(request: HttpRequest, partner_id: ObjectId) -> Status:
    actor = actor_of(request)
    partner = partner_get(actor=actor, partner_id=partner_id)
    payload = body_of(request, InvitationIn)
    issued = services.invitation_create(
        actor=actor,
        partner=partner,
        email=payload.email,
        roles=list(payload.roles),
        full_name=payload.full_name,
    )
    inv = issued.invitation
    return Status(
        201, InvitationOut(id=inv.pk, email=inv.email, roles=inv.roles, expires_at=inv.expires_at)
    )
