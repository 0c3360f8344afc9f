"""API: end-customer accounts (vendor staff see all; a partner the accounts it brought in)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

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
from trellis.core.pagination import paginate_by_id

from . import selectors, services

router = Router(tags=["customers"])


class AccountOut(Schema):
    id: int
    name: str
    domain: str
    country: str
    city: str
    industry: str
    employee_band: str
    crm_external_id: str
    is_direct: bool
    parent_id: int | None = Field(description="The company this one belongs to, if recorded")


class AccountPage(Schema):
    items: list[AccountOut]
    next_cursor: str | None


class AccountFilters(PageQuery):
    q: str = Field(default="", max_length=200)
    country: str = Field(default="", max_length=2)


@router.get(
    "/accounts", response={200: AccountPage, 422: Problem}, summary="List customer accounts"
)
def list_accounts(request: HttpRequest, filters: Query[AccountFilters]) -> dict:
    qs = selectors.customer_accounts(actor=actor_of(request), q=filters.q, country=filters.country)
    page = paginate_by_id(qs, cursor=filters.cursor, limit=filters.limit)
    return {"items": page.items, "next_cursor": page.next_cursor}


class AccountChange(Input):
    parent_id: Ref | None = Field(
        description="The company this one belongs to (its corporate family); null: none"
    )


@router.patch(
    "/accounts/{account_id}",
    response={200: AccountOut, 403: Problem, 404: Problem, 422: Problem},
    summary="Record an account's parent company (vendor staff who decide registrations)",
    openapi_extra=documented_body(AccountChange),
)
def change_account(request: HttpRequest, account_id: ObjectId) -> Any:
    actor = actor_of(request)
    account = selectors.account_get(actor=actor, account_id=account_id)
    payload = body_of(request, AccountChange)
    parent = (
        selectors.account_get(actor=actor, account_id=payload.parent_id)
        if payload.parent_id is not None
        else None
    )
    return services.account_set_parent(actor=actor, account=account, parent=parent)
