"""Taking a course: opening modules (the resume point), completing them, and quiz attempts
marked on the server against the questions that attempt showed."""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trellis.core import events
from trellis.core.actor import Actor
from trellis.core.exceptions import Conflict, InvalidInput, NotFound
from trellis.core.policies import require

from .. import policies  # noqa: F401  (registers the rules)
from ..choices import EnrollmentStatus, ModuleKind, ProgressStatus
from ..engine.quiz import AnswerError, Marked, QuestionKey, check_answers, mark, shown_order
from ..models import Enrollment, Module, ModuleProgress, QuizAttempt
from .certifying import award_for

# A module's time is counted by the page; more than a working day at once is not reading.
MAX_SECONDS = 8 * 3600


def _locked(actor: Actor, enrollment: Enrollment, module: Module) -> Enrollment:
    require(actor, "learning.take", enrollment)
    if module.version_id != enrollment.version_id:
        raise NotFound()
    return Enrollment.objects.select_for_update().get(pk=enrollment.pk)


def module_open(*, actor: Actor, enrollment: Enrollment, module: Module) -> ModuleProgress:
    """Record that the learner opened ``module``: where they resume next time."""
    with transaction.atomic():
        enrollment = _locked(actor, enrollment, module)
        enrollment.last_module = module
        enrollment.save(update_fields=["last_module"])
        start_enrollment(actor, enrollment, module)
        progress, _created = ModuleProgress.objects.get_or_create(
            enrollment=enrollment, module=module
        )
    return progress


def start_enrollment(actor: Actor, enrollment: Enrollment, module: Module) -> None:
    """The first step taken in a course starts it."""
    if enrollment.status == EnrollmentStatus.ENROLLED:
        enrollment.status = EnrollmentStatus.IN_PROGRESS
        enrollment.started_at = timezone.now()
        enrollment.save(update_fields=["status", "started_at"])
        events.record(actor, "course.started", enrollment, after={"module": module.pk})


def module_complete(
    *, actor: Actor, enrollment: Enrollment, module: Module, seconds: int = 0
) -> ModuleProgress:
    """Mark a reading, video or document module done. Quizzes are done by passing them."""
    if module.kind in (ModuleKind.QUIZ, ModuleKind.SCORM):
        raise InvalidInput(_("This module is completed by taking it, not by marking it."))
    if not 0 <= seconds <= MAX_SECONDS:
        raise InvalidInput(_("The time spent is not plausible."), field="seconds")
    with transaction.atomic():
        enrollment = _locked(actor, enrollment, module)
        start_enrollment(actor, enrollment, module)
        progress, _created = ModuleProgress.objects.get_or_create(
            enrollment=enrollment, module=module
        )
        if progress.status != ProgressStatus.COMPLETED:
            progress.status = ProgressStatus.COMPLETED
            progress.completed_at = timezone.now()
            progress.seconds += seconds
            progress.save()
            events.record(actor, "course.module_completed", enrollment, after={"module": module.pk})
            finish_if_done(actor, enrollment)
    return progress


def quiz_start(*, actor: Actor, enrollment: Enrollment, module: Module) -> QuizAttempt:
    """The attempt to answer: the open one if there is one (a reload shows the same
    questions), else a new one while attempts are left."""
    if module.kind != ModuleKind.QUIZ:
        raise NotFound()
    with transaction.atomic():
        enrollment = _locked(actor, enrollment, module)
        attempts = list(QuizAttempt.objects.filter(enrollment=enrollment, module=module))
        open_one = next((a for a in attempts if a.submitted_at is None), None)
        if open_one is not None:
            return open_one
        start_enrollment(actor, enrollment, module)
        if any(a.passed for a in attempts):
            raise Conflict(_("You have passed this quiz already."))
        progress, _created = ModuleProgress.objects.get_or_create(
            enrollment=enrollment, module=module
        )
        allowed = module.max_attempts + progress.extra_attempts
        if len(attempts) >= allowed:
            raise Conflict(_("No attempts left: this quiz allows %(n)s.") % {"n": allowed})
        shown = shown_order(_keys(module), shuffle=module.shuffle, seed=secrets.randbits(32))
        attempt = QuizAttempt.objects.create(
            enrollment=enrollment, module=module, number=len(attempts) + 1, shown=shown
        )
    return attempt


def quiz_submit(
    *, actor: Actor, attempt: QuizAttempt, answers: Mapping[int, Sequence[int]]
) -> Marked:
    """Mark an attempt. Answers must be to the attempt's questions with the choices it offered;
    anything else is refused and nothing is stored."""
    module = attempt.module
    keys = {k.id: k for k in _keys(module)}
    single = {q.pk for q in module.questions.all() if not q.multiple}
    for question, picked in answers.items():
        if question in single and len(picked) > 1:
            raise InvalidInput(
                _("Pick one answer for each single-choice question."), field="answers"
            )
    try:
        check_answers(attempt.shown, answers)
    except AnswerError:
        raise InvalidInput(
            _("These answers are not for the questions of this attempt. Reload the quiz."),
            field="answers",
        ) from None
    with transaction.atomic():
        enrollment = _locked(actor, attempt.enrollment, module)
        attempt = QuizAttempt.objects.select_for_update().get(pk=attempt.pk)
        if attempt.submitted_at is not None:
            raise Conflict(_("This attempt was already submitted."))
        shown_keys = [keys[int(q)] for q, _choices in attempt.shown if int(q) in keys]
        marked = mark(shown_keys, answers, module.pass_mark)
        attempt.answers = {str(q): sorted(set(p)) for q, p in answers.items()}
        attempt.score, attempt.passed = marked.score, marked.passed
        attempt.submitted_at = timezone.now()
        attempt.save()
        progress, _created = ModuleProgress.objects.get_or_create(
            enrollment=enrollment, module=module
        )
        if progress.status != ProgressStatus.COMPLETED:
            progress.score = max(progress.score or 0, marked.score)
            progress.status = ProgressStatus.COMPLETED if marked.passed else ProgressStatus.FAILED
            progress.completed_at = attempt.submitted_at if marked.passed else None
            progress.save()
        events.record(
            actor,
            "quiz.submitted",
            enrollment,
            after={
                "module": module.pk,
                "attempt": attempt.number,
                "score": marked.score,
                "passed": marked.passed,
            },
        )
        if marked.passed:
            finish_if_done(actor, enrollment)
    return marked


def _keys(module: Module) -> list[QuestionKey]:
    return [
        QuestionKey(
            q.pk,
            tuple(c.pk for c in q.choices.all()),
            frozenset(c.pk for c in q.choices.all() if c.correct),
        )
        for q in module.questions.prefetch_related("choices")
    ]


def finish_if_done(actor: Actor, enrollment: Enrollment) -> None:
    """Complete the enrollment once every module is done, and award what that earns."""
    if enrollment.status == EnrollmentStatus.COMPLETED:
        return
    modules = set(enrollment.version.modules.values_list("pk", flat=True))
    done = set(
        ModuleProgress.objects.filter(
            enrollment=enrollment, status=ProgressStatus.COMPLETED
        ).values_list("module_id", flat=True)
    )
    if not modules <= done:
        return
    enrollment.status = EnrollmentStatus.COMPLETED
    enrollment.completed_at = timezone.now()
    enrollment.save(update_fields=["status", "completed_at"])
    events.record(
        actor,
        "course.completed",
        enrollment,
        after={"course": enrollment.course.code, "version": enrollment.version.number},
    )
    award_for(actor, enrollment)
    if enrollment.path_id is not None:
        from .enrolling import path_continue

        path_continue(actor, enrollment)
