"""API: a partner's account list and the overlap with the vendor's accounts."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from trellis.core.api import Input, ObjectId, Problem, Ref, actor_of
from trellis.core.exceptions import InvalidInput
from trellis.partners.selectors import partner_for_actor

from .. import selectors, services
from ..choices import AccountStatusValue

router = Router(tags=["account mapping"])


class AccountIn(Input):
    name: str = Field(min_length=1, max_length=250)
    domain: str = Field(default="", max_length=253)
    country: str = Field(min_length=2, max_length=2, description="ISO 3166-1 alpha-2")
    status: AccountStatusValue


class AccountListIn(Input):
    accounts: list[AccountIn] = Field(max_length=services.MAX_ACCOUNTS)


class UploadOut(Schema):
    upload: int
    status: str = Field(
        description="done: compared and stored; queued: large lists are compared in the background"
    )
    accounts: int
    shared: int | None = Field(description="Accounts the vendor also has (once compared)")
    error: str


def _upload_out(upload: Any) -> dict[str, Any]:
    return {
        "upload": upload.pk,
        "status": upload.status,
        "accounts": upload.accounts,
        "shared": upload.shared,
        "error": upload.error,
    }


@router.put(
    "/account-list",
    response={200: UploadOut, 202: UploadOut, 403: Problem, 422: Problem},
    summary="Replace your company's account list (partner users): compared at once up to "
    "5,000 accounts (200), larger lists in the background (202; poll the upload)",
)
def replace_list(request: HttpRequest, payload: AccountListIn) -> Any:
    actor = actor_of(request)
    if actor.partner_id is None:
        raise InvalidInput(
            _("Only a partner's own people upload its account list."), field="partner"
        )
    partner = partner_for_actor(actor=actor, partner_id=actor.partner_id)
    rows = [services.AccountRow(a.name, a.country, a.status, a.domain) for a in payload.accounts]
    upload = services.account_list_upload(actor=actor, partner=partner, rows=rows)
    return Status(202 if upload.pending else 200, _upload_out(upload))


@router.get(
    "/account-list/uploads/{upload_id}",
    response={200: UploadOut, 404: Problem},
    summary="Where one of your account-list uploads stands",
)
def get_upload(request: HttpRequest, upload_id: ObjectId) -> dict[str, Any]:
    return _upload_out(selectors.upload_get(actor=actor_of(request), upload_id=upload_id))


class SharedOut(Schema):
    name: str
    own_status: str
    other_status: str | None
    other_domain: str | None
    similar: bool = Field(
        False, description="Found by the customers matcher rather than an exact key"
    )


class PromisingOut(Schema):
    name: str = Field(description="The company as you call it")
    score: float
    reasons: list[str]
    opportunity: int | None = Field(description="Vendor staff: our open opportunity there")
    deal: int | None = Field(description="Partner users: your active registration there")


class OverlapOut(Schema):
    statuses: list[str] = Field(description="Row and column order of the matrix")
    matrix: list[list[int]] = Field(
        description="Rows: the vendor's status; columns: the partner's status"
    )
    total: int
    level: int = Field(
        description="0 counts only, 1 names, 2 full detail: the lower of offer and consent"
    )
    shared: list[SharedOut]
    promising: list[PromisingOut] = Field(
        description="Shared accounts most worth co-selling, best first (names level and above)"
    )


class OverlapQuery(Input):
    partner: Ref | None = Field(None, description="Vendor staff: whose overlap")


@router.get(
    "/overlap",
    response={200: OverlapOut, 404: Problem, 422: Problem},
    summary="The overlap with the vendor's accounts: counts always, names and detail per the "
    "sharing policy",
)
def get_overlap(request: HttpRequest, query: Query[OverlapQuery]) -> dict[str, Any]:
    actor = actor_of(request)
    partner_id = actor.partner_id if actor.is_partner else query.partner
    if partner_id is None:
        raise InvalidInput(_("Vendor staff must name the partner."), field="partner")
    partner = partner_for_actor(actor=actor, partner_id=partner_id)
    view = selectors.overlap_view(actor=actor, partner=partner)
    promising = selectors.promising_accounts(actor=actor, partner=partner)
    return {
        "statuses": list(view.statuses),
        "matrix": view.matrix,
        "total": view.total,
        "level": view.level,
        "shared": [s.__dict__ for s in view.shared],
        "promising": [
            {
                "name": a.name,
                "score": a.score,
                "reasons": a.reasons,
                "opportunity": a.opportunity_id,
                "deal": a.deal_id,
            }
            for a in promising.accounts
        ],
    }
