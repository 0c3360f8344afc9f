"""API: a partner's onboarding checklist (the partner sees its own; the vendor any)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from trellis.core.api import ObjectId, Problem, actor_of

from .. import selectors

router = Router(tags=["lifecycle"])


class OnboardingStepOut(Schema):
    id: int
    position: int
    kind: str
    title: str
    status: str
    due_at: dt.datetime
    done_at: dt.datetime | None


class AgreementStateOut(Schema):
    current_version: int | None
    accepted_version: int | None
    accepted_at: dt.datetime | None
    accepted_by: str


class OnboardingOut(Schema):
    partner: int
    journey: str | None
    started_at: dt.datetime | None
    completed_at: dt.datetime | None
    percent: int
    steps: list[OnboardingStepOut]
    agreement: AgreementStateOut


@router.get(
    "/partners/{partner_id}/onboarding",
    response={200: OnboardingOut, 404: Problem},
    summary="The partner's onboarding checklist and agreement acceptance",
)
def get_onboarding(request: HttpRequest, partner_id: ObjectId) -> dict[str, Any]:
    found = selectors.checklist(actor=actor_of(request), partner_id=partner_id)
    onboarding = found.onboarding
    return {
        "partner": partner_id,
        "journey": onboarding.journey.name if onboarding else None,
        "started_at": onboarding.started_at if onboarding else None,
        "completed_at": onboarding.completed_at if onboarding else None,
        "percent": found.percent,
        "steps": [
            {
                "id": s.pk,
                "position": s.step.position,
                "kind": s.step.kind,
                "title": s.step.title,
                "status": s.status,
                "due_at": s.due_at,
                "done_at": s.done_at,
            }
            for s in found.steps
        ],
        "agreement": {
            "current_version": found.agreement.number if found.agreement else None,
            "accepted_version": found.accepted.version.number if found.accepted else None,
            "accepted_at": found.accepted.accepted_at if found.accepted else None,
            "accepted_by": found.accepted.accepted_by_name if found.accepted else "",
        },
    }
