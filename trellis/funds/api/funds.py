"""API: funds and their ledgers (vendor); a partner sees its own funds only, and a budget is
the vendor's alone."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from trellis.core.amounts import AMOUNT, decimal_of
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

from .. import selectors, services
from ..choices import AllocationValue, EntryKindValue, FundKindValue
from ..models import Fund, LedgerEntry
from ..selectors import FundRow

router = Router(tags=["funds"])


class FundIn(Input):
    name: str = Field(min_length=1, max_length=120)
    currency: str = Field(min_length=3, max_length=3, description="ISO 4217")
    amount: str = Field(max_length=32, description=AMOUNT + "; the first allocation")
    period: str = Field(
        min_length=4, max_length=12, description="FY2027, FY2027-H1, FY2027-Q3 or 2027-05"
    )
    kind: FundKindValue = "mdf"
    program: Ref | None = None
    region: Literal["", "na", "latam", "emea", "apac"] = ""
    tier: Ref | None = None
    partner: Ref | None = Field(None, description="A partner's own fund; none for a budget")
    parent: Ref | None = Field(None, description="The budget the first allocation comes from")
    allocation: AllocationValue = "discretionary"
    accrual_pct: str | None = Field(
        None, max_length=8, description="Share of revenue accrued, for an accrual fund"
    )


class BalancesOut(Schema):
    allocated: Decimal
    committed: Decimal
    claimed: Decimal
    paid: Decimal
    expired: Decimal
    returned: Decimal
    available: Decimal


class FundOut(Schema):
    id: int
    name: str
    kind: FundKindValue
    currency: str
    period: str
    starts: dt.date
    ends: dt.date
    program: int | None
    region: str
    tier: int | None
    partner: int | None
    parent: int | None
    allocation: AllocationValue
    accrual_pct: Decimal | None
    closed: bool
    balances: BalancesOut


def _fund_out(row: FundRow) -> dict[str, Any]:
    f, b = row.fund, row.balances
    return {
        "id": f.pk,
        "name": f.name,
        "kind": f.kind,
        "currency": f.currency,
        "period": f.period,
        "starts": f.starts,
        "ends": f.ends,
        "program": f.program_id,
        "region": f.region,
        "tier": f.tier_id,
        "partner": f.partner_id,
        "parent": f.parent_id,
        "allocation": f.allocation,
        "accrual_pct": f.accrual_pct,
        "closed": f.closed_at is not None,
        "balances": {
            "allocated": b.allocated,
            "committed": b.committed,
            "claimed": b.claimed,
            "paid": b.paid,
            "expired": b.expired,
            "returned": b.returned,
            "available": b.available,
        },
    }


@router.post(
    "/funds",
    response={201: FundOut, 403: Problem, 404: Problem, 409: Problem, 422: Problem},
    summary="Create a budget, or a partner's fund, with its first allocation (vendor)",
)
def create_fund(request: HttpRequest, payload: FundIn) -> Any:
    actor = actor_of(request)
    fund = services.fund_create(
        actor=actor,
        data=services.FundInput(
            name=payload.name,
            currency=payload.currency.upper(),
            amount=decimal_of(payload.amount),
            period=payload.period,
            kind=payload.kind,
            program_id=payload.program,
            region=payload.region,
            tier_id=payload.tier,
            partner_id=payload.partner,
            parent_id=payload.parent,
            allocation=payload.allocation,
            accrual_pct=decimal_of(payload.accrual_pct) if payload.accrual_pct else None,
        ),
    )
    return Status(201, _fund_out(selectors.fund_row(actor=actor, fund_id=fund.pk)))


class FundFilters(PageQuery):
    period: str = Field(default="", max_length=12)
    partner: Ref | None = None


class FundPage(Schema):
    items: list[FundOut]
    next_cursor: str | None


@router.get(
    "/funds",
    response={200: FundPage, 422: Problem},
    summary="Funds with their balances (a partner sees its own)",
)
def list_funds(request: HttpRequest, filters: Query[FundFilters]) -> dict[str, Any]:
    actor = actor_of(request)
    qs = Fund.objects.visible_to(actor)
    if filters.period:
        qs = qs.filter(period=filters.period.upper())
    if filters.partner is not None:
        qs = qs.filter(partner_id=filters.partner)
    page = paginate_by_id(qs, cursor=filters.cursor, limit=filters.limit)
    rows = selectors.fund_rows(page.items)
    return {"items": [_fund_out(r) for r in rows], "next_cursor": page.next_cursor}


@router.get(
    "/funds/{fund_id}",
    response={200: FundOut, 404: Problem},
    summary="One fund with its balances, derived from its ledger",
)
def get_fund(request: HttpRequest, fund_id: ObjectId) -> dict[str, Any]:
    return _fund_out(selectors.fund_row(actor=actor_of(request), fund_id=fund_id))


class EntryOut(Schema):
    seq: int
    kind: EntryKindValue
    amount: Decimal
    available: Decimal
    committed: Decimal
    request: int | None
    counterpart: int | None
    reference: str
    note: str
    made_at: dt.datetime


class EntryPage(Schema):
    items: list[EntryOut]
    next_cursor: str | None


def _entry_out(e: LedgerEntry) -> dict[str, Any]:
    return {
        "seq": e.seq,
        "kind": e.kind,
        "amount": e.amount,
        "available": e.available,
        "committed": e.committed,
        "request": e.request_id,
        "counterpart": e.counterpart_id,
        "reference": e.reference,
        "note": e.note,
        "made_at": e.made_at,
    }


@router.get(
    "/funds/{fund_id}/ledger",
    response={200: EntryPage, 404: Problem, 422: Problem},
    summary="The fund's ledger, oldest entry first (append-only)",
)
def fund_ledger(request: HttpRequest, fund_id: ObjectId, filters: Query[PageQuery]) -> Any:
    actor = actor_of(request)
    fund = selectors.fund_get(actor=actor, fund_id=fund_id)
    page = paginate_by_id(
        selectors.fund_ledger(actor=actor, fund=fund), cursor=filters.cursor, limit=filters.limit
    )
    return {"items": [_entry_out(e) for e in page.items], "next_cursor": page.next_cursor}


class AllocateIn(Input):
    amount: str = Field(max_length=32, description=AMOUNT)
    partner: Ref | None = Field(None, description="Give this partner part of the budget")
    note: str = Field(default="", max_length=2000)


@router.post(
    "/funds/{fund_id}/allocations",
    response={200: FundOut, 403: Problem, 404: Problem, 409: Problem, 422: Problem},
    summary="Add money to a fund, or allocate part of a budget to a partner (vendor)",
    openapi_extra=documented_body(AllocateIn),
)
def allocate(request: HttpRequest, fund_id: ObjectId) -> dict[str, Any]:
    actor = actor_of(request)
    fund = selectors.fund_get(actor=actor, fund_id=fund_id)
    body = body_of(request, AllocateIn)
    target = services.fund_allocate(
        actor=actor,
        fund=fund,
        amount=decimal_of(body.amount),
        partner_id=body.partner,
        note=body.note,
    )
    return _fund_out(selectors.fund_row(actor=actor, fund_id=target.pk))
