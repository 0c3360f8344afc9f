"""API: a program's incentive rules with their versions (vendor finance sets them; partners
read them, so they know how they earn), and usage and marketplace sales imported per month."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from trellis.core.api import Input, ObjectId, Problem, Ref, actor_of, body_of, documented_body
from trellis.core.exceptions import NotFound
from trellis.partners.selectors import program_get

from .. import selectors, services
from ..choices import RuleKindValue
from ..models import IncentiveRule, RuleVersion
from .statements import PERIOD

router = Router(tags=["incentives"])

TERMS = (
    "The terms, by kind: uplift {} (the tier's uplift at approval); rebate "
    '{"bands": [[0, 1], [100000, 2]], "accelerator": {"family": "security", "min_deals": 3, '
    '"multiplier": 1.5}}; spiff {"sku": "SEC-100", "amount": 250}; referral, consumption and '
    'marketplace {"pct": 10}'
)


class VersionOut(Schema):
    id: int
    number: int
    params: dict[str, Any]
    starts: dt.date
    ends: dt.date | None


class RuleOut(Schema):
    id: int
    program: int
    name: str
    kind: RuleKindValue
    currency: str
    versions: list[VersionOut]


def _rule_out(rule: IncentiveRule, versions: list[RuleVersion]) -> dict[str, Any]:
    return {
        "id": rule.pk,
        "program": rule.plan.program_id,
        "name": rule.name,
        "kind": rule.kind,
        "currency": rule.plan.currency,
        "versions": [
            {"id": v.pk, "number": v.number, "params": v.params, "starts": v.starts, "ends": v.ends}
            for v in versions
        ],
    }


class RuleFilters(Input):
    program: Ref


@router.get(
    "/incentive-rules",
    response={200: list[RuleOut], 404: Problem, 422: Problem},
    summary="A program's incentive rules, each with its versions, newest first",
)
def list_rules(request: HttpRequest, filters: Query[RuleFilters]) -> list[dict[str, Any]]:
    actor_of(request)
    program = program_get(program_id=filters.program)
    return [_rule_out(r, vs) for r, vs in selectors.plan_rules(program_id=program.pk)]


class RuleIn(Input):
    program: Ref
    currency: str = Field(
        "USD", min_length=3, max_length=3, description="The plan's, when its first rule is made"
    )
    name: str = Field(min_length=1, max_length=120)
    kind: RuleKindValue
    params: dict[str, Any] = Field(description=TERMS)
    starts: dt.date
    ends: dt.date | None = None


@router.post(
    "/incentive-rules",
    response={201: RuleOut, 403: Problem, 404: Problem, 422: Problem},
    summary="Create a rule with its first version (finance)",
)
def create_rule(request: HttpRequest, payload: RuleIn) -> Any:
    actor = actor_of(request)
    program = program_get(program_id=payload.program)
    plan = services.plan_for(actor=actor, program=program, currency=payload.currency.upper())
    rule = services.rule_create(
        actor=actor,
        plan=plan,
        name=payload.name,
        kind=payload.kind,
        params=payload.params,
        starts=payload.starts,
        ends=payload.ends,
    )
    return Status(201, _rule_out(rule, list(rule.versions.order_by("-number"))))


class VersionIn(Input):
    params: dict[str, Any] = Field(description=TERMS)
    starts: dt.date = Field(description="The new terms apply from this day")
    ends: dt.date | None = None


@router.post(
    "/incentive-rules/{rule_id}/versions",
    response={201: RuleOut, 403: Problem, 404: Problem, 409: Problem, 422: Problem},
    summary="New terms from a date; the version in force ends the day before (finance)",
    openapi_extra=documented_body(VersionIn),
)
def add_version(request: HttpRequest, rule_id: ObjectId) -> Any:
    actor = actor_of(request)
    if not actor.is_staff:  # a rule is changed by the vendor; to a partner there is none
        raise NotFound()
    rule = selectors.rule_get(rule_id=rule_id)
    body = body_of(request, VersionIn)
    services.rule_version_add(
        actor=actor, rule=rule, params=body.params, starts=body.starts, ends=body.ends
    )
    return Status(201, _rule_out(rule, list(rule.versions.order_by("-number"))))


class SaleIn(Input):
    partner: Ref
    kind: Literal["usage", "marketplace"]
    sold_on: str = Field(max_length=10, description="YYYY-MM-DD, inside the month")
    reference: str = Field(min_length=1, max_length=120, description="Unique per partner")
    customer: str = Field(min_length=1, max_length=250)
    amount: str = Field(max_length=32)
    currency: str = Field(min_length=3, max_length=3)


class SalesIn(Input):
    program: Ref
    period: str = PERIOD
    rows: list[SaleIn] = Field(max_length=50_000)


class SalesOut(Schema):
    imported: int


@router.post(
    "/reported-sales",
    response={201: SalesOut, 403: Problem, 404: Problem, 422: Problem},
    summary="Import a month's customer usage and marketplace sales (finance); all or nothing",
)
def import_sales(request: HttpRequest, payload: SalesIn) -> Any:
    actor = actor_of(request)
    plan = selectors.plan_of(program_id=program_get(program_id=payload.program).pk)
    if plan is None:
        raise NotFound()
    rows = [
        services.SaleRow(
            r.partner, r.kind, r.sold_on, r.reference, r.customer, r.amount, r.currency
        )
        for r in payload.rows
    ]
    count = services.reported_sales_import(actor=actor, plan=plan, period=payload.period, rows=rows)
    return Status(201, {"imported": count})
