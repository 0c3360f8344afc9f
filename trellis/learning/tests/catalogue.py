"""A small published catalogue for tests: a course with a reading and a quiz (in English and
German), a path of it and an exam course, and their certifications."""

from __future__ import annotations

from dataclasses import dataclass

from trellis.accounts.actors import actor_for_user
from trellis.core.actor import SYSTEM
from trellis.learning import services
from trellis.learning.models import (
    Certification,
    Course,
    CourseVersion,
    Enrollment,
    LearningPath,
    Module,
    PathStep,
)
from trellis.learning.services.authoring import AnswerIn, QuestionIn, course_create


@dataclass
class Catalogue:
    course: Course
    english: CourseVersion
    german: CourseVersion
    reading: Module
    quiz: Module
    exam: Course
    path: LearningPath
    by_path: Certification
    by_exam: Certification

    def right_answers(self, module: Module) -> dict[int, list[int]]:
        return {
            q.pk: [c.pk for c in q.choices.all() if c.correct]
            for q in module.questions.prefetch_related("choices")
        }

    def wrong_answers(self, module: Module) -> dict[int, list[int]]:
        return {
            q.pk: [next(c.pk for c in q.choices.all() if not c.correct)]
            for q in module.questions.prefetch_related("choices")
        }


QUESTIONS = [
    QuestionIn(
        "When do you register a deal?",
        [
            AnswerIn("Before the first quote", True, "Protection starts at approval."),
            AnswerIn("After signature", False, "Too late."),
        ],
    ),
    QuestionIn(
        "What counts towards your tier?",
        [AnswerIn("Revenue", True), AnswerIn("Certified people", True), AnswerIn("Logins")],
        multiple=True,
    ),
]


def publish(course: Course, language: str, title: str, *, max_attempts: int = 2) -> CourseVersion:
    draft = services.version_draft(actor=SYSTEM, course=course, language=language, title=title)
    services.module_add(
        actor=SYSTEM, version=draft, kind="text", title="Read me", minutes=3, body="# Hello"
    )
    services.module_add(
        actor=SYSTEM,
        version=draft,
        kind="quiz",
        title="Check",
        minutes=2,
        pass_mark=100,
        max_attempts=max_attempts,
        questions=QUESTIONS,
    )
    return services.version_publish(actor=SYSTEM, version=draft)


def build_catalogue() -> Catalogue:
    course = course_create(actor=SYSTEM, code="essentials", title="Program essentials")
    english = publish(course, "en", "Program essentials")
    german = publish(course, "de", "Grundlagen")
    exam = course_create(actor=SYSTEM, code="exam", title="Specialist exam")
    publish(exam, "en", "Specialist exam")
    path = LearningPath.objects.create(code="sales", name="Reseller sales")
    PathStep.objects.create(path=path, course=course, position=1)
    by_path = Certification.objects.create(code="sales-pro", name="Sales Professional", path=path)
    by_exam = Certification.objects.create(
        code="specialist", name="Certified Specialist", exam=exam, valid_months=12
    )
    modules = list(english.modules.order_by("position"))
    return Catalogue(course, english, german, modules[0], modules[1], exam, path, by_path, by_exam)


def pass_course(enrollment: Enrollment, catalogue: Catalogue) -> None:
    """The enrollment's person reads the reading and passes the quiz."""
    actor = actor_for_user(enrollment.user)
    reading = enrollment.version.modules.get(kind="text")
    quiz = enrollment.version.modules.get(kind="quiz")
    services.module_complete(actor=actor, enrollment=enrollment, module=reading, seconds=120)
    attempt = services.quiz_start(actor=actor, enrollment=enrollment, module=quiz)
    services.quiz_submit(actor=actor, attempt=attempt, answers=catalogue.right_answers(quiz))


def scorm_course(code: str = "scorm-course") -> tuple[Course, Module]:
    """A published course whose one module is the project's sample SCORM 1.2 lesson."""
    import io

    from trellis.learning.samples import scorm_sample_zip
    from trellis.learning.services.content import scorm_module_add

    course = course_create(actor=SYSTEM, code=code, title="Deal registration lesson")
    draft = services.version_draft(actor=SYSTEM, course=course, language="en")
    raw = scorm_sample_zip()
    module = scorm_module_add(
        actor=SYSTEM,
        version=draft,
        title="The lesson",
        minutes=5,
        upload=io.BytesIO(raw),
        size=len(raw),
    )
    services.version_publish(actor=SYSTEM, version=draft)
    return course, module
