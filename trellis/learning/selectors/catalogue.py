"""Reads of the catalogue: which edition of a course a person is offered, the courses and
paths on offer, and a certificate as the public may check it."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from trellis.core.actor import Actor
from trellis.core.exceptions import NotFound

from ..choices import EnrollmentStatus, VersionStatus
from ..models import CertificationAward, Course, CourseVersion, LearningPath, Module, PathStep


def offered_version(course: Course, language: str) -> CourseVersion | None:
    """The published edition in ``language``; else English; else the first published."""
    published = {
        v.language: v
        for v in CourseVersion.objects.filter(course=course, status=VersionStatus.PUBLISHED)
    }
    if not published:
        return None
    return (
        published.get(language)
        or published.get("en")
        or min(published.values(), key=lambda v: v.pk)
    )


@dataclass(frozen=True)
class Offer:
    """A course as a learner is offered it: the edition in their language, and the others."""

    course: Course
    version: CourseVersion
    languages: tuple[str, ...]
    minutes: int
    modules: int
    micro: bool


def course_catalogue(*, actor: Actor, language: str, q: str = "") -> list[Offer]:
    """Published courses, each in the reader's language where there is one."""
    versions = (
        CourseVersion.objects.visible_to(actor)
        .filter(status=VersionStatus.PUBLISHED)
        .select_related("course__product_family")
        .prefetch_related(
            Prefetch("modules", queryset=Module.objects.only("pk", "minutes", "version_id"))
        )
    )
    if q:
        versions = versions.filter(title__icontains=q)
    by_course: dict[int, list[CourseVersion]] = {}
    for version in versions:
        by_course.setdefault(version.course_id, []).append(version)
    offers = []
    for editions in by_course.values():
        mine = {v.language: v for v in editions}
        version = mine.get(language) or mine.get("en") or min(editions, key=lambda v: v.pk)
        modules = list(version.modules.all())
        minutes = sum(m.minutes for m in modules)
        offers.append(
            Offer(
                version.course,
                version,
                tuple(sorted(mine)),
                minutes,
                len(modules),
                bool(modules) and all(m.is_micro for m in modules),
            )
        )
    return sorted(offers, key=lambda o: o.version.title.casefold())


def course_get(*, actor: Actor, course_id: int) -> Course:
    course = Course.objects.visible_to(actor).filter(pk=course_id).first()
    if course is None:
        raise NotFound()
    return course


def paths(*, actor: Actor) -> QuerySet[LearningPath]:
    steps = PathStep.objects.select_related("course").order_by("position")
    return (
        LearningPath.objects.visible_to(actor)
        .prefetch_related(Prefetch("steps", queryset=steps), "certifications")
        .order_by("name")
    )


@dataclass(frozen=True)
class Verification:
    """All the public learns from a verification code."""

    holder: str
    certification: str
    earned_on: str
    expires_on: str
    valid: bool
    revoked: bool


def verification(code: str) -> Verification | None:
    """A certificate as anyone holding its code may check it: the holder's name, the
    certification and its validity; nothing about the partner or the person's other data."""
    award = (
        CertificationAward.objects.filter(code=code.strip().upper())
        .select_related("certification")
        .first()
    )
    if award is None:
        return None
    revoked = award.revoked_at is not None
    return Verification(
        holder=award.holder_name,
        certification=award.certification.name,
        earned_on=award.earned_at.date().isoformat(),
        expires_on=award.expires_at.date().isoformat(),
        valid=not revoked and award.expires_at > timezone.now(),
        revoked=revoked,
    )


@dataclass(frozen=True)
class CourseFigures:
    course: Course
    versions: list[CourseVersion]
    enrolled: int
    started: int
    completed: int

    @property
    def completion(self) -> int:
        """Share of those who started that finished, in percent."""
        return (100 * self.completed) // self.started if self.started else 0

    @property
    def rarely_finished(self) -> bool:
        # Worth a look: enough people started it to tell, and fewer than half finished.
        return self.started >= 5 and self.completion < 50


def course_overview(*, actor: Actor) -> list[CourseFigures]:
    """Every course with its versions and how many enrolled, started and finished it."""
    courses = (
        Course.objects.visible_to(actor)
        .annotate(
            enrolled=Count("enrollments"),
            started=Count("enrollments", filter=~Q(enrollments__status=EnrollmentStatus.ENROLLED)),
            completed=Count(
                "enrollments", filter=Q(enrollments__status=EnrollmentStatus.COMPLETED)
            ),
        )
        .prefetch_related(
            Prefetch("versions", queryset=CourseVersion.objects.order_by("language", "-number"))
        )
        .order_by("title")
    )
    return [
        CourseFigures(c, list(c.versions.all()), c.enrolled, c.started, c.completed)  # type: ignore[attr-defined]
        for c in courses
    ]
