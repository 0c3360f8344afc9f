"""Authoring the catalogue: courses, their versions per language, modules and quiz questions.

A published version is never edited: a change starts a new draft that copies it, so a
learner's progress and results always refer to the content they saw.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from trellis.core import events
from trellis.core.actor import Actor
from trellis.core.exceptions import InvalidInput, InvalidTransition
from trellis.core.markdown import render_markdown
from trellis.core.policies import require

from .. import policies  # noqa: F401  (registers the rules)
from ..choices import ModuleKind, VersionStatus
from ..models import Choice, Course, CourseVersion, Module, Question


@dataclass(frozen=True)
class AnswerIn:
    text: str
    correct: bool = False
    feedback: str = ""


@dataclass(frozen=True)
class QuestionIn:
    text: str
    answers: list[AnswerIn] = field(default_factory=list)
    multiple: bool = False


def course_create(
    *, actor: Actor, code: str, title: str, product_family: Any = None, role: str = ""
) -> Course:
    require(actor, "learning.author")
    code, title = code.strip(), title.strip()
    if not code or not title:
        raise InvalidInput(_("Enter the course's code and title."), field="title")
    if Course.objects.filter(code=code).exists():
        raise InvalidInput(_("Another course already uses this code."), field="code")
    with transaction.atomic():
        course = Course.objects.create(
            code=code, title=title, product_family=product_family, role=role
        )
        events.record(actor, "course.created", course, after={"code": code, "title": title})
    return course


def version_draft(
    *, actor: Actor, course: Course, language: str, title: str = "", summary: str = ""
) -> CourseVersion:
    """A new draft of ``course`` in ``language``, starting from the published version's
    content when there is one."""
    require(actor, "learning.author", course)
    if language not in dict(settings.LANGUAGES):
        raise InvalidInput(_("Choose one of the portal's languages."), field="language")
    with transaction.atomic():
        mine = CourseVersion.objects.select_for_update().filter(course=course, language=language)
        if mine.filter(status=VersionStatus.DRAFT).exists():
            raise InvalidInput(
                _("This course already has a draft in that language; edit it instead."),
                field="language",
            )
        number = (mine.aggregate(n=Max("number"))["n"] or 0) + 1
        current = mine.filter(status=VersionStatus.PUBLISHED).first()
        draft = CourseVersion.objects.create(
            course=course,
            language=language,
            number=number,
            title=(title or (current.title if current else course.title)).strip(),
            summary=summary or (current.summary if current else ""),
        )
        if current is not None:
            _copy_modules(current, draft)
        events.record(
            actor, "course.version_drafted", draft, after={"language": language, "number": number}
        )
    return draft


def _copy_modules(source: CourseVersion, draft: CourseVersion) -> None:
    for module in source.modules.prefetch_related("questions__choices"):
        questions = list(module.questions.all())
        module.pk = None
        module.version = draft
        module.save(force_insert=True)
        for question in questions:
            choices = list(question.choices.all())
            question.pk = None
            question.module = module
            question.save(force_insert=True)
            for choice in choices:
                choice.pk = None
                choice.question = question
            Choice.objects.bulk_create(choices)


def module_add(
    *,
    actor: Actor,
    version: CourseVersion,
    kind: str,
    title: str,
    minutes: int = 5,
    body: str = "",
    video_url: str = "",
    pass_mark: int = 80,
    max_attempts: int = 3,
    shuffle: bool = True,
    questions: list[QuestionIn] | None = None,
) -> Module:
    """Add a reading, video or quiz module at the end of a draft version (documents and SCORM
    packages come with a file: ``services.content``)."""
    if kind in (ModuleKind.DOCUMENT, ModuleKind.SCORM):
        raise InvalidInput(_("Upload the file for this module."), field="kind")
    if kind not in ModuleKind.values:
        raise InvalidInput(_("Choose a kind of module."), field="kind")
    check_module(actor, version, title, minutes)
    body_html = render_markdown(body) if body else ""
    if kind == ModuleKind.VIDEO:
        _check_video(video_url)
    questions = questions or []
    if kind == ModuleKind.QUIZ:
        _check_quiz(questions, pass_mark, max_attempts)
    with transaction.atomic():
        module = append_module(
            actor,
            version,
            kind=kind,
            title=title.strip(),
            minutes=minutes,
            body=body,
            body_html=body_html,
            video_url=video_url,
            pass_mark=pass_mark,
            max_attempts=max_attempts,
            shuffle=shuffle,
        )
        for q_position, q in enumerate(questions, start=1):
            question = Question.objects.create(
                module=module, position=q_position, text=q.text.strip(), multiple=q.multiple
            )
            Choice.objects.bulk_create(
                Choice(
                    question=question,
                    position=a_position,
                    text=a.text.strip(),
                    correct=a.correct,
                    feedback=a.feedback.strip(),
                )
                for a_position, a in enumerate(q.answers, start=1)
            )
    return module


def check_module(actor: Actor, version: CourseVersion, title: str, minutes: int) -> None:
    """What every new module needs: an author, a draft to add it to, a title, a length."""
    require(actor, "learning.author", version)
    if version.status != VersionStatus.DRAFT:
        raise InvalidInput(
            _("Published versions are not edited: start a new draft of the course."),
            field="version",
        )
    if not title.strip():
        raise InvalidInput(_("Enter the module's title."), field="title")
    if not 1 <= minutes <= 600:
        raise InvalidInput(_("A module takes between 1 and 600 minutes."), field="minutes")


def append_module(actor: Actor, version: CourseVersion, **fields: Any) -> Module:
    """Write a module at the end of ``version``, audited; in the caller's transaction."""
    last = version.modules.aggregate(p=Max("position"))["p"] or 0
    module = Module.objects.create(version=version, position=last + 1, **fields)
    events.record(
        actor,
        "course.module_added",
        module,
        after={"version": version.pk, "kind": module.kind, "title": module.title},
    )
    return module


def _check_video(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.netloc:
        raise InvalidInput(_("Enter the video's https:// address."), field="video_url")


def _check_quiz(questions: list[QuestionIn], pass_mark: int, max_attempts: int) -> None:
    if not questions:
        raise InvalidInput(_("A quiz needs at least one question."), field="questions")
    if not 1 <= pass_mark <= 100:
        raise InvalidInput(_("The pass mark is a percentage from 1 to 100."), field="pass_mark")
    if not 1 <= max_attempts <= 20:
        raise InvalidInput(_("Allow from 1 to 20 attempts."), field="max_attempts")
    for number, q in enumerate(questions, start=1):
        right = sum(a.correct for a in q.answers)
        if not q.text.strip() or len(q.answers) < 2:
            raise InvalidInput(
                _("Question %(n)s needs its text and at least two answers.") % {"n": number},
                field="questions",
            )
        if right == 0 or (right > 1 and not q.multiple):
            raise InvalidInput(
                _("Question %(n)s needs exactly one right answer (or allow several).")
                % {"n": number},
                field="questions",
            )


def version_publish(*, actor: Actor, version: CourseVersion) -> CourseVersion:
    """Offer a draft to learners; the version it replaces in that language is retired (people
    already taking it finish it as it was)."""
    require(actor, "learning.author", version)
    with transaction.atomic():
        version = CourseVersion.objects.select_for_update().get(pk=version.pk)
        if version.status != VersionStatus.DRAFT:
            raise InvalidTransition(version.status, VersionStatus.PUBLISHED)
        if not version.modules.exists():
            raise InvalidInput(_("Add at least one module before publishing."), field="version")
        replaced = list(
            CourseVersion.objects.filter(
                course_id=version.course_id,
                language=version.language,
                status=VersionStatus.PUBLISHED,
            ).values_list("pk", flat=True)
        )
        CourseVersion.objects.filter(pk__in=replaced).update(status=VersionStatus.RETIRED)
        version.status = VersionStatus.PUBLISHED
        version.published_at = timezone.now()
        version.save(update_fields=["status", "published_at"])
        events.record(
            actor,
            "course.version_published",
            version,
            before={"published": replaced},
            after={"published": version.pk, "number": version.number},
        )
    return version


def version_describe(
    *, actor: Actor, version: CourseVersion, title: str, summary: str
) -> CourseVersion:
    """Change a draft's title and summary (what learners see in the catalogue)."""
    require(actor, "learning.author", version)
    if version.status != VersionStatus.DRAFT:
        raise InvalidInput(
            _("Published versions are not edited: start a new draft of the course."),
            field="title",
        )
    if not title.strip():
        raise InvalidInput(_("Enter the course's code and title."), field="title")
    with transaction.atomic():
        before = {"title": version.title, "summary": version.summary}
        version.title, version.summary = title.strip(), summary.strip()
        version.save(update_fields=["title", "summary"])
        events.record(
            actor,
            "course.version_described",
            version,
            before=before,
            after={"title": version.title, "summary": version.summary},
        )
    return version


def module_remove(*, actor: Actor, module: Module) -> None:
    """Take a module out of a draft; the ones after it move up."""
    version = module.version
    require(actor, "learning.author", version)
    if version.status != VersionStatus.DRAFT:
        raise InvalidInput(
            _("Published versions are not edited: start a new draft of the course."),
            field="version",
        )
    with transaction.atomic():
        events.record(
            actor,
            "course.module_removed",
            module,
            before={"title": module.title, "kind": module.kind},
        )
        position = module.position
        module.delete()
        close_gap(version.modules.all(), position)


def close_gap(rows: Any, position: int) -> None:
    """Move the rows after a removed ``position`` up by one. Row by row, lowest first: each
    moves into the place just freed, so a (parent, position) constraint holds throughout on
    every database (one UPDATE may meet its rows in any order)."""
    for later in rows.filter(position__gt=position).order_by("position"):
        later.position -= 1
        later.save(update_fields=["position"])
