"""Reads of the console's course editor: a course with its versions, a version with its
modules, and the quiz questions learners most often get wrong."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q

from trellis.core.actor import Actor
from trellis.core.exceptions import NotFound

from ..choices import EnrollmentStatus
from ..models import (
    Certification,
    Course,
    CourseVersion,
    LearningPath,
    Module,
    PathStep,
    QuizAttempt,
)


def course_for_editing(*, actor: Actor, course_id: int) -> Course:
    course = (
        Course.objects.visible_to(actor)
        .filter(pk=course_id)
        .select_related("product_family")
        .annotate(
            enrolled=Count("enrollments"),
            started=Count("enrollments", filter=~Q(enrollments__status=EnrollmentStatus.ENROLLED)),
            completed=Count(
                "enrollments", filter=Q(enrollments__status=EnrollmentStatus.COMPLETED)
            ),
        )
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=CourseVersion.objects.annotate(modules_count=Count("modules")).order_by(
                    "language", "-number"
                ),
            )
        )
        .first()
    )
    if course is None:
        raise NotFound()
    return course


def version_for_editing(*, actor: Actor, version_id: int) -> CourseVersion:
    modules = Module.objects.select_related("package").prefetch_related("questions__choices")
    version = (
        CourseVersion.objects.visible_to(actor)
        .filter(pk=version_id)
        .select_related("course")
        .prefetch_related(Prefetch("modules", queryset=modules.order_by("position")))
        .first()
    )
    if version is None:
        raise NotFound()
    return version


@dataclass(frozen=True)
class MissedQuestion:
    text: str
    quiz: str
    language: str
    answered: int
    wrong: int

    @property
    def share(self) -> int:
        return (100 * self.wrong) // self.answered if self.answered else 0


def missed_questions(*, actor: Actor, course: Course, limit: int = 10) -> list[MissedQuestion]:
    """The course's quiz questions, most often answered wrong first (among submitted
    attempts; at least five answers, so one unlucky learner does not top the list)."""
    quizzes = list(
        Module.objects.visible_to(actor)
        .filter(version__course=course, kind="quiz")
        .select_related("version")
        .prefetch_related("questions__choices")
    )
    keys = {
        q.pk: (q, frozenset(c.pk for c in q.choices.all() if c.correct), m)
        for m in quizzes
        for q in m.questions.all()
    }
    tally: dict[int, list[int]] = {}
    attempts = QuizAttempt.objects.visible_to(actor).filter(
        module__in=quizzes, submitted_at__isnull=False
    )
    for shown, answers in attempts.values_list("shown", "answers").iterator():
        for question_id, _choices in shown:
            key = keys.get(int(question_id))
            if key is None:
                continue
            picked = frozenset(answers.get(str(question_id), []))
            counts = tally.setdefault(int(question_id), [0, 0])
            counts[0] += 1
            counts[1] += picked != key[1]
    rows = [
        MissedQuestion(
            keys[q][0].text, keys[q][2].title, keys[q][2].version.language, answered, wrong
        )
        for q, (answered, wrong) in tally.items()
        if answered >= 5
    ]
    rows.sort(key=lambda r: (-r.share, -r.answered, r.text))
    return rows[:limit]


def path_for_editing(*, actor: Actor, path_id: int) -> LearningPath:
    path = (
        LearningPath.objects.visible_to(actor)
        .filter(pk=path_id)
        .prefetch_related(
            Prefetch(
                "steps", queryset=PathStep.objects.select_related("course").order_by("position")
            ),
            "certifications__specialization",
            "required_for_tiers",
        )
        .first()
    )
    if path is None:
        raise NotFound()
    return path


def courses_to_pick(*, actor: Actor) -> list[tuple[int, str]]:
    return list(Course.objects.visible_to(actor).order_by("title").values_list("pk", "title"))


def certification_of_exam(*, actor: Actor, course: Course) -> Certification | None:
    return Certification.objects.visible_to(actor).filter(exam=course).first()
