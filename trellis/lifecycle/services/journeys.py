"""The vendor shapes onboarding journeys: which partners walk one (program, partner types), and
its steps with their due days. Partners already on a journey keep the steps they started with."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from trellis.core import events
from trellis.core.actor import Actor
from trellis.core.configuration import save_audited
from trellis.core.exceptions import Conflict, InvalidInput
from trellis.core.policies import require
from trellis.partners.choices import PartnerType

from .. import policies  # noqa: F401  (registers the rules)
from ..choices import DocumentKind, StepKind
from ..models import Journey, JourneyStep, OnboardingStep


def journey_save(*, actor: Actor, journey: Journey | None, values: dict[str, Any]) -> Journey:
    require(actor, "lifecycle.configure")
    unknown = sorted(set(values.get("partner_types", [])) - set(PartnerType.values))
    if unknown:
        raise InvalidInput(
            _("Unknown partner type: %(v)s.") % {"v": ", ".join(unknown)}, field="partner_types"
        )
    saved, _changed = save_audited(
        actor=actor, obj=journey or Journey(), values=values, verb="journey.updated"
    )
    return saved


def journey_step_add(*, actor: Actor, journey: Journey, values: dict[str, Any]) -> JourneyStep:
    require(actor, "lifecycle.configure")
    if values.get("kind") not in StepKind.values:
        raise InvalidInput(_("Choose what the step asks."), field="kind")
    if values["kind"] == StepKind.UPLOAD_DOCUMENT and values.get("document_kind") not in (
        DocumentKind.values
    ):
        raise InvalidInput(_("Choose which document the partner sends."), field="document_kind")
    if values["kind"] != StepKind.UPLOAD_DOCUMENT:
        values["document_kind"] = ""
    with transaction.atomic():
        Journey.objects.select_for_update().get(pk=journey.pk)
        position = (journey.steps.aggregate(n=Max("position"))["n"] or 0) + 1
        step, _changed = save_audited(
            actor=actor,
            obj=JourneyStep(journey=journey, position=position),
            values=values,
            verb="journey.updated",
        )
    return step


def journey_step_remove(*, actor: Actor, step: JourneyStep) -> None:
    require(actor, "lifecycle.configure")
    if OnboardingStep.objects.filter(step=step).exists():
        raise Conflict(
            _("Partners are on this step already; make a new journey instead of removing it.")
        )
    with transaction.atomic():
        events.record(actor, "journey.updated", step.journey, before={"step": step.title})
        step.delete()
