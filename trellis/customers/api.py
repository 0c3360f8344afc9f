"""API: end-customer accounts (vendor staff see all; a partner the accounts it brought in)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from trellis.core.api import PageQuery, Problem, actor_of
from trellis.core.pagination import paginate_by_id

from . import selectors

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
