"""Authoring learning paths (courses in order, with prerequisites, required during onboarding
or for tiers) and certifications (earned by a path or an exam, valid for some months)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from trellis.core import events
from trellis.core.actor import Actor
from trellis.core.configuration import delete_audited, save_audited
from trellis.core.exceptions import InvalidInput
from trellis.core.policies import require
from trellis.partners.choices import PartnerType

from .. import policies  # noqa: F401  (registers the rules)
from ..models import Certification, Course, LearningPath, PathStep
from .authoring import close_gap

PATH_FIELDS = ("code", "name", "description", "role", "partner_types", "required_for_onboarding")
CERTIFICATION_FIELDS = (
    "code",
    "name",
    "description",
    "specialization",
    "valid_months",
    "warn_days",
)


def path_save(
    *,
    actor: Actor,
    path: LearningPath | None,
    values: dict[str, Any],
    tiers: list[Any] | None = None,
) -> LearningPath:
    """Create or change a path; ``tiers`` are the tiers that require it."""
    require(actor, "learning.author", path)
    values = {k: values[k] for k in PATH_FIELDS if k in values}
    unknown = set(values.get("partner_types") or ()) - set(PartnerType.values)
    if unknown:
        raise InvalidInput(_("Choose partner types from the list."), field="partner_types")
    with transaction.atomic():
        saved, _changed = save_audited(
            actor=actor,
            obj=path or LearningPath(),
            values=values,
            verb="path.created" if path is None else "path.updated",
        )
        if tiers is not None:
            before = sorted(saved.required_for_tiers.values_list("pk", flat=True))
            saved.required_for_tiers.set(tiers)
            after = sorted(t.pk for t in tiers)
            if before != after:
                events.record(
                    actor,
                    "path.tiers_changed",
                    saved,
                    before={"tiers": before},
                    after={"tiers": after},
                )
    return saved


def path_step_add(
    *, actor: Actor, path: LearningPath, course: Course, requires_previous: bool = True
) -> PathStep:
    require(actor, "learning.author", path)
    if path.steps.filter(course=course).exists():
        raise InvalidInput(_("This course is already a step of the path."), field="course")
    with transaction.atomic():
        last = path.steps.aggregate(p=Max("position"))["p"] or 0
        step = PathStep.objects.create(
            path=path, course=course, position=last + 1, requires_previous=requires_previous
        )
        events.record(
            actor, "path.step_added", path, after={"course": course.code, "position": step.position}
        )
    return step


def path_step_remove(*, actor: Actor, step: PathStep) -> None:
    path = step.path
    require(actor, "learning.author", path)
    with transaction.atomic():
        events.record(
            actor,
            "path.step_removed",
            path,
            before={"course": step.course.code, "position": step.position},
        )
        position = step.position
        step.delete()
        close_gap(path.steps.all(), position)


def path_step_move_up(*, actor: Actor, step: PathStep) -> None:
    """Swap a step with the one before it."""
    path = step.path
    require(actor, "learning.author", path)
    with transaction.atomic():
        before = path.steps.select_for_update().filter(position=step.position - 1).first()
        if before is None:
            return
        # Through a free position, so the (path, position) constraint holds at every step.
        spare = (path.steps.aggregate(p=Max("position"))["p"] or 0) + 1
        old = step.position
        PathStep.objects.filter(pk=step.pk).update(position=spare)
        PathStep.objects.filter(pk=before.pk).update(position=old)
        PathStep.objects.filter(pk=step.pk).update(position=old - 1)
        events.record(
            actor, "path.step_moved", path, after={"course": step.course.code, "position": old - 1}
        )


def certification_save(
    *,
    actor: Actor,
    certification: Certification | None,
    values: dict[str, Any],
    path: LearningPath | None = None,
    exam: Course | None = None,
) -> Certification:
    """Create or change a certification; a new one is earned by ``path`` or by ``exam``."""
    require(actor, "learning.author", certification)
    values = {k: values[k] for k in CERTIFICATION_FIELDS if k in values}
    if certification is None:
        if (path is None) == (exam is None):
            raise InvalidInput(_("A certification is earned by a path or by an exam."))
        values.update({"path": path, "exam": exam})
    if not 1 <= int(values.get("valid_months") or 24) <= 120:
        raise InvalidInput(_("A certification is valid for 1 to 120 months."), field="valid_months")
    saved, _changed = save_audited(
        actor=actor,
        obj=certification or Certification(),
        values=values,
        verb="certification.created" if certification is None else "certification.updated",
    )
    return saved


def certification_delete(*, actor: Actor, certification: Certification) -> None:
    """Delete a certification nobody holds yet (one that was awarded is kept for its holders)."""
    require(actor, "learning.author", certification)
    if certification.awards.exists():
        raise InvalidInput(
            _("People hold this certification: it stays, so their certificates stay valid."),
            field="certification",
        )
    delete_audited(actor=actor, obj=certification, verb="certification.deleted")
