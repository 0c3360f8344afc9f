"""API: a partner's tier status and history, overrides, evaluations on demand, and the measures
imported from outside that tiers may require."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
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
from trellis.core.exceptions import InvalidInput, NotFound
from trellis.core.pagination import paginate_by_id
from trellis.partners.selectors import partner_get, program_get, tiers

from .. import selectors, services
from ..choices import MeasureKindValue

router = Router(tags=["lifecycle"])


class TierRequirementOut(Schema):
    metric: str
    label: str
    have: float
    need: float
    met: bool
    missing: str = Field(description="What is still missing, in words; empty when met")


class TierOut(Schema):
    id: int
    name: str
    rank: int
    discount_pct: Decimal
    deal_reg_uplift_pct: Decimal
    mdf_eligible: bool
    lead_priority: int


class TierOverrideOut(Schema):
    tier: int
    reason: str
    ends_on: dt.date


class PendingDowngradeOut(Schema):
    to: str
    due_at: dt.datetime


class NextTierOut(Schema):
    tier: TierOut
    missing: str = Field(description='All that is missing, e.g. "2 more certified people"')
    requirements: list[TierRequirementOut]


class ProgramTierOut(Schema):
    program: int
    program_name: str
    tier: TierOut
    since: dt.datetime
    earned: str = Field(description="The tier today's figures earn")
    keeps: list[TierRequirementOut] = Field(description="The current tier's requirements")
    next_tier: NextTierOut | None
    override: TierOverrideOut | None
    pending_downgrade: PendingDowngradeOut | None
    figures: dict[str, float] = Field(description="Today's figures (revenue in US dollars)")


class TierStatusOut(Schema):
    partner: int
    programs: list[ProgramTierOut]


def _tier(t: Any) -> dict[str, Any]:
    return {
        "id": t.pk,
        "name": t.name,
        "rank": t.rank,
        "discount_pct": t.discount_pct,
        "deal_reg_uplift_pct": t.deal_reg_uplift_pct,
        "mdf_eligible": t.mdf_eligible,
        "lead_priority": t.lead_priority,
    }


def _requirements(rows: list[selectors.Requirement]) -> list[dict[str, Any]]:
    return [
        {
            "metric": r.metric,
            "label": r.label,
            "have": r.have,
            "need": r.need,
            "met": r.met,
            "missing": r.words,
        }
        for r in rows
    ]


@router.get(
    "/partners/{partner_id}/tier-status",
    response={200: TierStatusOut, 404: Problem},
    summary="The partner's tier in each program, and what the next tier still asks",
)
def get_tier_status(request: HttpRequest, partner_id: ObjectId) -> dict[str, Any]:
    programs = selectors.tier_status(actor=actor_of(request), partner_id=partner_id)
    return {
        "partner": partner_id,
        "programs": [
            {
                "program": p.program_id,
                "program_name": p.program,
                "tier": _tier(p.tier),
                "since": p.since,
                "earned": p.earned,
                "keeps": _requirements(p.keeps),
                "next_tier": {
                    "tier": _tier(p.next_tier),
                    "missing": p.missing,
                    "requirements": _requirements(p.needs),
                }
                if p.next_tier is not None
                else None,
                "override": {
                    "tier": p.override.tier_id,
                    "reason": p.override.reason,
                    "ends_on": p.override.ends_on,
                }
                if p.override is not None
                else None,
                "pending_downgrade": {"to": p.downgrade_to, "due_at": p.downgrade_due_at}
                if p.downgrade_due_at is not None
                else None,
                "figures": p.figures,
            }
            for p in programs
        ],
    }


class TierChangeOut(Schema):
    id: int
    program: int
    from_tier: str | None
    to_tier: str | None
    kind: str
    effective_at: dt.datetime
    reason: str
    figures: dict[str, Any]


class TierChangePage(Schema):
    items: list[TierChangeOut]
    next_cursor: str | None


@router.get(
    "/partners/{partner_id}/tier-history",
    response={200: TierChangePage, 404: Problem, 422: Problem},
    summary="Every tier change of the partner, with the figures behind it",
)
def get_tier_history(
    request: HttpRequest, partner_id: ObjectId, filters: Query[PageQuery]
) -> dict[str, Any]:
    history = selectors.tier_history(actor=actor_of(request), partner_id=partner_id)
    page = paginate_by_id(history, cursor=filters.cursor, limit=filters.limit)
    return {
        "items": [
            {
                "id": c.pk,
                "program": c.program_id,
                "from_tier": c.from_tier.name if c.from_tier else None,
                "to_tier": c.to_tier.name if c.to_tier else None,
                "kind": c.kind,
                "effective_at": c.effective_at,
                "reason": c.reason,
                "figures": c.figures,
            }
            for c in page.items
        ],
        "next_cursor": page.next_cursor,
    }


class TierOverrideIn(Input):
    tier: Ref
    reason: str = Field(min_length=1, max_length=2000)
    ends_on: dt.date


@router.post(
    "/partners/{partner_id}/tier-override",
    response={201: TierOverrideOut, 403: Problem, 404: Problem, 409: Problem, 422: Problem},
    summary="Set the partner's tier by hand, with the reason and an end date (vendor)",
    openapi_extra=documented_body(TierOverrideIn),
)
def set_tier_override(request: HttpRequest, partner_id: ObjectId) -> Any:
    actor = actor_of(request)
    partner = partner_get(actor=actor, partner_id=partner_id)
    body = body_of(request, TierOverrideIn)
    tier = tiers().filter(pk=body.tier).first()
    if tier is None:
        raise InvalidInput(_("Choose a tier from the list."), field="tier")
    override = services.tier_override_set(
        actor=actor, partner=partner, tier=tier, reason=body.reason, ends_on=body.ends_on
    )
    return Status(
        201, {"tier": override.tier_id, "reason": override.reason, "ends_on": override.ends_on}
    )


class TierRunOut(Schema):
    id: int
    program: int
    trigger: str
    started_at: dt.datetime
    finished_at: dt.datetime | None
    evaluated: int
    upgraded: int
    warned: int
    downgraded: int
    recovered: int
    held: int


@router.post(
    "/programs/{program_id}/tier-evaluations",
    response={201: TierRunOut, 403: Problem, 404: Problem, 422: Problem},
    summary="Evaluate every partner's tier in the program now (vendor)",
)
def run_tier_evaluation(request: HttpRequest, program_id: ObjectId) -> Any:
    actor = actor_of(request)
    if not actor.is_staff:
        raise NotFound()
    program = program_get(program_id=program_id)
    run = services.tier_evaluate(actor=actor, program_id=program.pk)
    return Status(
        201,
        {
            "id": run.pk,
            "program": run.program_id,
            "trigger": run.trigger,
            "started_at": run.started_at,
            "finished_at": run.finished_at,
            "evaluated": run.evaluated,
            "upgraded": run.upgraded,
            "warned": run.warned,
            "downgraded": run.downgraded,
            "recovered": run.recovered,
            "held": run.held,
        },
    )


class PartnerMeasureIn(Input):
    kind: MeasureKindValue
    period_end: dt.date
    value: str = Field(min_length=1, max_length=20, description='A decimal, e.g. "4.6"')
    currency: str = Field(default="", max_length=3, description="For marketplace sales")
    source: str = Field(default="", max_length=100)


class PartnerMeasureOut(Schema):
    id: int
    kind: str
    period_end: dt.date
    value: Decimal
    currency: str


@router.post(
    "/partners/{partner_id}/measures",
    response={201: PartnerMeasureOut, 403: Problem, 404: Problem, 422: Problem},
    summary="Record a measure tiers may require: satisfaction (1-5) or marketplace sales (vendor)",
    openapi_extra=documented_body(PartnerMeasureIn),
)
def record_measure(request: HttpRequest, partner_id: ObjectId) -> Any:
    actor = actor_of(request)
    partner = partner_get(actor=actor, partner_id=partner_id)
    body = body_of(request, PartnerMeasureIn)
    try:
        value = Decimal(body.value)
    except InvalidOperation:
        raise InvalidInput(_("Enter a number, such as 4.6."), field="value") from None
    measure = services.measure_record(
        actor=actor,
        partner=partner,
        kind=body.kind,
        period_end=body.period_end,
        value=value,
        currency=body.currency.upper(),
        source=body.source,
    )
    return Status(
        201,
        {
            "id": measure.pk,
            "kind": measure.kind,
            "period_end": measure.period_end,
            "value": measure.value,
            "currency": measure.currency,
        },
    )
