"""API: earnings statements. A partner reads its own statements and every line with its
source, rule version and exchange rate; finance drafts them again, approves and pays."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

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
from trellis.core.exceptions import NotFound
from trellis.core.pagination import page_of
from trellis.partners.selectors import program_get

from .. import selectors, services
from ..choices import StatementStatusValue
from ..models import Statement

router = Router(tags=["incentives"])

PERIOD = Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$", max_length=7, description="A month: 2027-03")


class StatementOut(Schema):
    id: int
    partner: int
    program: int
    period: str
    starts: dt.date
    ends: dt.date
    currency: str
    status: StatementStatusValue
    total: Decimal
    held: bool = Field(description="The partner left: paid with its final statement")
    approved_at: dt.datetime | None
    paid_at: dt.datetime | None
    payment_reference: str
    rounding: str = Field(description="How amounts are rounded")


class DisputeRef(Schema):
    id: int
    status: str


class LineOut(Schema):
    id: int
    kind: str
    rule: str
    rule_version: int
    rule_version_id: int
    source: str = Field(
        description="deal, opportunity (the vendor's own sale to a referred customer), usage, "
        "marketplace or dispute (an adjustment)"
    )
    source_id: int
    source_label: str
    base: Decimal = Field(description="The sale in the statement's currency")
    rate: Decimal = Field(description="Percent, or the amount per unit of a SPIFF")
    amount: Decimal
    source_amount: Decimal
    source_currency: str
    fx_rate: Decimal = Field(description="Statement currency per unit of the source's")
    fx_day: dt.date | None = Field(description="The day of the exchange rate used")
    why: str
    figures: dict[str, str]
    dispute: DisputeRef | None


class StatementDetailOut(StatementOut):
    lines: list[LineOut]


def _statement_out(s: Statement) -> dict[str, Any]:
    return {
        "id": s.pk,
        "partner": s.partner_id,
        "program": s.plan.program_id,
        "period": s.period,
        "starts": s.starts,
        "ends": s.ends,
        "currency": s.currency,
        "status": s.status,
        "total": s.total,
        "held": s.held,
        "approved_at": s.approved_at,
        "paid_at": s.paid_at,
        "payment_reference": s.payment_reference,
        "rounding": "Each line rounded half to even to the currency's minor unit; the total "
        "is the sum of the lines.",
    }


def _detail_out(s: Statement) -> dict[str, Any]:
    rows = selectors.statement_lines(s)
    return {
        **_statement_out(s),
        "lines": [
            {
                "id": r.line.pk,
                "kind": r.line.kind,
                "rule": r.rule_name,
                "rule_version": r.version,
                "rule_version_id": r.line.rule_version_id,
                "source": r.line.source,
                "source_id": r.line.source_id,
                "source_label": r.source_detail,
                "base": r.line.base,
                "rate": r.line.rate,
                "amount": r.line.amount,
                "source_amount": r.line.source_amount,
                "source_currency": r.line.source_currency,
                "fx_rate": r.line.fx_rate,
                "fx_day": r.line.fx_day,
                "why": r.line.why,
                "figures": dict(r.line.figures),
                "dispute": {"id": r.dispute.pk, "status": r.dispute.status} if r.dispute else None,
            }
            for r in rows
        ],
    }


class StatementFilters(PageQuery):
    period: str | None = Field(
        None, pattern=r"^\d{4}-(0[1-9]|1[0-2])$", max_length=7, description="A month: 2027-03"
    )
    status: Literal["draft", "approved", "paid", "all"] = "all"
    partner: Ref | None = None


class StatementPage(Schema):
    items: list[StatementOut]
    next_cursor: str | None


@router.get(
    "/statements",
    response={200: StatementPage, 422: Problem},
    summary="Earnings statements (a partner sees its own)",
)
def list_statements(request: HttpRequest, filters: Query[StatementFilters]) -> dict[str, Any]:
    qs = selectors.statements(
        actor=actor_of(request),
        period=filters.period or "",
        status="" if filters.status == "all" else filters.status,
        partner_id=filters.partner,
    )
    return page_of(qs, cursor=filters.cursor, limit=filters.limit, render=_statement_out)


# Before /statements/{statement_id}: Django matches paths in order, whatever the method.
class ComputeIn(Input):
    program: Ref
    period: str = PERIOD


class ComputeOut(Schema):
    statements: int


@router.post(
    "/statements/compute",
    response={200: ComputeOut, 403: Problem, 404: Problem, 422: Problem},
    summary="Draft a month's statements again now (finance); approved ones never change",
)
def compute_statements(request: HttpRequest, payload: ComputeIn) -> dict[str, Any]:
    actor = actor_of(request)
    program = program_get(program_id=payload.program)
    plan = selectors.plan_of(program_id=program.pk)
    if plan is None:
        raise NotFound()
    return {
        "statements": services.statements_compute(actor=actor, plan=plan, period=payload.period)
    }


@router.get(
    "/statements/{statement_id}",
    response={200: StatementDetailOut, 404: Problem},
    summary="One statement with every line, its source, rule version and exchange rate",
)
def get_statement(request: HttpRequest, statement_id: ObjectId) -> dict[str, Any]:
    return _detail_out(selectors.statement_get(actor=actor_of(request), statement_id=statement_id))


class PayIn(Input):
    reference: str = Field(min_length=1, max_length=80, description="The payment's reference")


DECIDED = {200: StatementOut, 403: Problem, 404: Problem, 409: Problem, 422: Problem}


@router.post(
    "/statements/{statement_id}/approve",
    response=DECIDED,
    summary="Approve a past month's draft: its lines become final and disputable (finance)",
)
def approve_statement(request: HttpRequest, statement_id: ObjectId) -> dict[str, Any]:
    actor = actor_of(request)
    found = selectors.statement_get(actor=actor, statement_id=statement_id)
    return _statement_out(services.statement_approve(actor=actor, statement=found))


@router.post(
    "/statements/{statement_id}/pay",
    response=DECIDED,
    summary="Record the payment of an approved statement (finance)",
    openapi_extra=documented_body(PayIn),
)
def pay_statement(request: HttpRequest, statement_id: ObjectId) -> dict[str, Any]:
    actor = actor_of(request)
    found = selectors.statement_get(actor=actor, statement_id=statement_id)
    body = body_of(request, PayIn)
    return _statement_out(
        services.statement_pay(actor=actor, statement=found, reference=body.reference)
    )
