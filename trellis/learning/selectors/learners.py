"""Reads of people's learning: their enrollments with progress and where to resume, their
paths step by step, their certifications, and a partner admin's view of the team."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from trellis.core.actor import Actor
from trellis.core.exceptions import NotFound
from trellis.core.policies import allows

from ..choices import EnrollmentStatus, ProgressStatus
from ..models import (
    CertificationAward,
    Enrollment,
    LearningPath,
    Module,
    ModuleProgress,
    QuizAttempt,
)


def enrollments(*, actor: Actor, user_id: int | None = None) -> QuerySet[Enrollment]:
    """Enrollments ``actor`` may see: a partner user their own, or their team's when they are
    its admin; vendor staff any partner's. ``user_id`` narrows to one person."""
    rows = Enrollment.objects.visible_to(actor)
    if actor.is_partner and not actor.has_role("partner_admin"):
        rows = rows.filter(Q(user_id=actor.user_id))
    if user_id is not None:
        rows = rows.filter(user_id=user_id)
    return rows.select_related("course", "version", "user", "path").prefetch_related(
        Prefetch("version__modules", queryset=Module.objects.order_by("position")),
        Prefetch(
            "progress",
            queryset=ModuleProgress.objects.only(
                "pk", "enrollment_id", "module_id", "status", "score", "extra_attempts"
            ),
        ),
        Prefetch(
            "attempts",
            queryset=QuizAttempt.objects.only("pk", "enrollment_id", "module_id", "submitted_at"),
        ),
    )


def enrollment_get(*, actor: Actor, enrollment_id: int) -> Enrollment:
    """One enrollment to take: a partner user only ever opens their own."""
    rows = Enrollment.objects.visible_to(actor).filter(pk=enrollment_id)
    if actor.is_partner:
        rows = rows.filter(Q(user_id=actor.user_id))
    enrollment = rows.select_related("course", "version", "last_module").first()
    if enrollment is None:
        raise NotFound()
    return enrollment


@dataclass(frozen=True)
class ModuleState:
    module: Module
    status: str  # "" (not opened), or a ProgressStatus
    score: int | None
    attempts_left: int | None


@dataclass(frozen=True)
class Progress:
    enrollment: Enrollment
    modules: list[ModuleState]
    done: int
    percent: int
    resume: Module | None


def progress_of(enrollment: Enrollment) -> Progress:
    """Each module's state and where to resume: the last opened module if unfinished, else
    the first one not done."""
    modules = list(enrollment.version.modules.all())
    progress = {p.module_id: p for p in enrollment.progress.all()}
    used: dict[int, int] = {}
    for attempt in enrollment.attempts.all():  # prefetched by enrollments()
        if attempt.submitted_at is not None:
            used[attempt.module_id] = used.get(attempt.module_id, 0) + 1
    states = []
    for m in modules:
        p = progress.get(m.pk)
        allowed = m.max_attempts + (p.extra_attempts if p else 0)
        left = max(0, allowed - used.get(m.pk, 0)) if m.kind == "quiz" else None
        states.append(ModuleState(m, p.status if p else "", p.score if p else None, left))
    done = sum(s.status == ProgressStatus.COMPLETED for s in states)
    unfinished = [s.module for s in states if s.status != ProgressStatus.COMPLETED]
    last = enrollment.last_module
    resume = last if last is not None and last in unfinished else next(iter(unfinished), None)
    percent = (100 * done) // len(states) if states else 0
    return Progress(enrollment, states, done, percent, resume)


def module_of(enrollment: Enrollment, module_id: int) -> Module:
    module = (
        Module.objects.filter(pk=module_id, version_id=enrollment.version_id)
        .prefetch_related("questions__choices")
        .first()
    )
    if module is None:
        raise NotFound()
    return module


def attempt_get(*, actor: Actor, attempt_id: int) -> QuizAttempt:
    rows = QuizAttempt.objects.visible_to(actor).filter(pk=attempt_id)
    if actor.is_partner:
        rows = rows.filter(Q(enrollment__user_id=actor.user_id))
    attempt = rows.select_related("enrollment", "module").first()
    if attempt is None:
        raise NotFound()
    return attempt


def certifications(
    *, actor: Actor, user_id: int | None = None, include_expired: bool = True
) -> QuerySet[CertificationAward]:
    """Certifications of the people ``actor`` may see (a partner user: their own, or their
    team's when they are its admin)."""
    rows = CertificationAward.objects.visible_to(actor)
    if actor.is_partner and not actor.has_role("partner_admin"):
        rows = rows.filter(Q(user_id=actor.user_id))
    if user_id is not None:
        rows = rows.filter(user_id=user_id)
    if not include_expired:
        rows = rows.filter(expires_at__gt=timezone.now(), revoked_at__isnull=True)
    return rows.select_related("certification", "user", "partner").order_by("-earned_at", "-pk")


def award_get(*, actor: Actor, award_id: int) -> CertificationAward:
    award = certifications(actor=actor).filter(pk=award_id).first()
    if award is None:
        raise NotFound()
    return award


@dataclass(frozen=True)
class PathStepState:
    course_id: int
    title: str
    status: str  # "completed", "in_progress", "enrolled", "open" or "locked"
    enrollment_id: int | None


@dataclass(frozen=True)
class PathState:
    path: LearningPath
    steps: list[PathStepState]
    done: int
    certification: str


def path_progress(
    *, actor: Actor, paths: list[LearningPath], partner_types: set[str]
) -> list[PathState]:
    """The paths for the learner's partner types (all paths when a path names none), with each
    step's state: a step that needs the ones before it stays locked until they are done."""
    mine: dict[int, Enrollment] = {}
    for e in Enrollment.objects.visible_to(actor).filter(Q(user_id=actor.user_id)):
        if e.course_id not in mine or e.status == EnrollmentStatus.COMPLETED:
            mine[e.course_id] = e
    out = []
    for path in paths:
        if path.partner_types and not partner_types.intersection(path.partner_types):
            continue
        steps, blocked = [], False
        for step in path.steps.all():
            taking = mine.get(step.course_id)
            if taking is not None:
                status = taking.status
            else:
                status = "locked" if blocked and step.requires_previous else "open"
            if status != EnrollmentStatus.COMPLETED:
                blocked = True
            steps.append(
                PathStepState(
                    step.course_id, step.course.title, status, taking.pk if taking else None
                )
            )
        certification = ", ".join(c.name for c in path.certifications.all())
        done = sum(s.status == EnrollmentStatus.COMPLETED for s in steps)
        out.append(PathState(path, steps, done, certification))
    return out


@dataclass(frozen=True)
class TeamMember:
    user: Any
    in_progress: int
    completed: int
    overdue: int
    certifications: list[CertificationAward]


def team_learning(*, actor: Actor, partner: Any, people: list[Any]) -> list[TeamMember]:
    """Each person of ``partner``: courses under way, done and overdue, and certifications."""
    if not allows(actor, "learning.see_team", partner):
        raise NotFound()
    today = timezone.localdate()
    rows = Enrollment.objects.visible_to(actor).filter(partner_id=partner.pk)
    counts: dict[int, list[int]] = {}
    for user_id, status, due in rows.values_list("user_id", "status", "due_on"):
        c = counts.setdefault(user_id, [0, 0, 0])
        if status == EnrollmentStatus.COMPLETED:
            c[1] += 1
        else:
            c[0] += 1
            c[2] += bool(due and due < today)
    held: dict[int, list[CertificationAward]] = {}
    awards = CertificationAward.objects.visible_to(actor).filter(
        Q(partner_id=partner.pk), expires_at__gt=timezone.now(), revoked_at__isnull=True
    )
    for award in awards.select_related("certification"):
        held.setdefault(award.user_id, []).append(award)
    out = []
    for person in people:
        going, done, late = counts.get(person.pk, [0, 0, 0])
        out.append(TeamMember(person, going, done, late, held.get(person.pk, [])))
    return out


@dataclass(frozen=True)
class StuckQuiz:
    enrollment: Enrollment
    module: Module
    score: int | None


def stuck_quizzes(*, actor: Actor, partner: Any) -> list[StuckQuiz]:
    """Quizzes the partner's people have failed with no attempt left."""
    rows = enrollments(actor=actor).filter(partner_id=partner.pk)
    out = []
    for enrollment in rows.exclude(status=EnrollmentStatus.COMPLETED):
        for state in progress_of(enrollment).modules:
            if state.attempts_left == 0 and state.status == ProgressStatus.FAILED:
                out.append(StuckQuiz(enrollment, state.module, state.score))
    return out


def my_progress(*, actor: Actor, enrollment_id: int) -> Progress:
    """The signed-in learner's progress in one of their enrollments."""
    found = enrollments(actor=actor, user_id=actor.user_id).filter(pk=enrollment_id).first()
    if found is None:
        raise NotFound()
    return progress_of(found)


def completions(*, actor: Actor) -> QuerySet[Enrollment]:
    """Completed courses of the people ``actor`` may see, newest first (for exports)."""
    rows = Enrollment.objects.visible_to(actor).filter(status=EnrollmentStatus.COMPLETED)
    if actor.is_partner and not actor.has_role("partner_admin"):
        rows = rows.filter(Q(user_id=actor.user_id))
    return rows.select_related("partner", "user", "course", "version").order_by(
        "-completed_at", "-pk"
    )
