"""Demo learning: the catalogue published through the authoring services, then two and a half
years of partners' people taking it: enrollments under way and done, quiz attempts (some
failed), certifications earned, renewed, expiring and expired, with their audit events.

The history is written in bulk (thousands of people), the way an import from a previous
learning system would arrive; the demo logins' own learning goes through the services.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from trellis.accounts.actors import actor_for_user
from trellis.accounts.models import User
from trellis.catalog.models import ProductFamily
from trellis.core import events
from trellis.core.actor import SYSTEM
from trellis.learning import services
from trellis.learning.choices import EnrollmentSource, EnrollmentStatus, ProgressStatus
from trellis.learning.models import (
    Certification,
    CertificationAward,
    Course,
    CourseVersion,
    Enrollment,
    LearningPath,
    ModuleProgress,
    PathStep,
    QuizAttempt,
)
from trellis.learning.services.authoring import AnswerIn, QuestionIn, course_create
from trellis.learning.services.certifying import add_months, verification_code
from trellis.partners.models import PartnerTypeAssignment, Specialization

from .learning_content import CERTIFICATIONS, COURSES, PATHS

BATCH = 2000


@dataclass
class LearningReport:
    courses: int = 0
    enrollments: int = 0
    certifications: int = 0
    expired: int = 0


def seed_learning(*, seed: int, logins: list[str]) -> LearningReport:
    rng = random.Random(seed)
    report = LearningReport()
    with transaction.atomic():
        courses = _catalogue()
        paths = _paths(courses)
        certifications = _certifications(courses, paths)
        report.courses = len(courses)
        _history(rng, courses, paths, certifications, report, skip=set(logins))
    for email in logins:
        _live(email, courses)
    return report


def _catalogue() -> dict[str, Course]:
    out = {}
    for spec in COURSES:
        first = next(iter(spec["editions"].values()))
        course = course_create(
            actor=SYSTEM,
            code=spec["code"],
            title=first[0],
            role=spec["role"],
            product_family=ProductFamily.objects.filter(code=spec["family"] or "").first(),
        )
        for language, (title, summary, modules) in spec["editions"].items():
            draft = services.version_draft(
                actor=SYSTEM, course=course, language=language, title=title, summary=summary
            )
            for m in modules:
                services.module_add(
                    actor=SYSTEM,
                    version=draft,
                    kind=m["kind"],
                    title=m["title"],
                    minutes=m["minutes"],
                    body=m.get("body", ""),
                    video_url=m.get("video_url", ""),
                    pass_mark=m.get("pass_mark", 80),
                    max_attempts=m.get("max_attempts", 3),
                    questions=[
                        QuestionIn(text, [AnswerIn(*a) for a in answers], multiple)
                        for text, multiple, answers in m.get("questions", [])
                    ],
                )
            services.version_publish(actor=SYSTEM, version=draft)
        out[course.code] = course
    out["deal-registration-lesson"] = _scorm_lesson()
    return out


def _scorm_lesson() -> Course:
    """The project's sample SCORM 1.2 lesson, uploaded as a vendor would."""
    import io

    from trellis.learning.samples import scorm_sample_zip
    from trellis.learning.services.content import scorm_module_add

    course = course_create(
        actor=SYSTEM, code="deal-registration-lesson", title="Deal registration in five minutes"
    )
    draft = services.version_draft(
        actor=SYSTEM,
        course=course,
        language="en",
        summary="An interactive lesson (SCORM 1.2) on when and how to register a deal.",
    )
    raw = scorm_sample_zip()
    scorm_module_add(
        actor=SYSTEM,
        version=draft,
        title="Interactive lesson",
        minutes=5,
        upload=io.BytesIO(raw),
        size=len(raw),
    )
    services.version_publish(actor=SYSTEM, version=draft)
    return course


def _paths(courses: dict[str, Course]) -> dict[str, LearningPath]:
    out = {}
    for code, name, role, types, onboarding, steps in PATHS:
        path = LearningPath.objects.create(
            code=code,
            name=name,
            role=role,
            partner_types=types,
            required_for_onboarding=onboarding,
        )
        PathStep.objects.bulk_create(
            PathStep(path=path, course=courses[c], position=i) for i, c in enumerate(steps, 1)
        )
        out[code] = path
    return out


def _certifications(
    courses: dict[str, Course], paths: dict[str, LearningPath]
) -> dict[str, Certification]:
    specs = dict(Specialization.objects.values_list("slug", "pk"))
    out = {}
    for code, name, (by, what), spec, months in CERTIFICATIONS:
        out[code] = Certification.objects.create(
            code=code,
            name=name,
            path=paths[what] if by == "path" else None,
            exam=courses[what] if by == "exam" else None,
            specialization_id=specs.get(spec),
            valid_months=months,
        )
    return out


def _history(
    rng: random.Random,
    courses: dict[str, Course],
    paths: dict[str, LearningPath],
    certifications: dict[str, Certification],
    report: LearningReport,
    *,
    skip: set[str],
) -> None:
    now = timezone.now()
    versions = {
        (v.course_id, v.language): v
        for v in CourseVersion.objects.filter(status="published").prefetch_related(
            "modules__questions__choices"
        )
    }
    types: dict[int, set[str]] = {}
    for pid, kind in PartnerTypeAssignment.objects.values_list("partner_id", "partner_type"):
        types.setdefault(pid, set()).add(kind)
    people = list(
        User.objects.filter(partner__isnull=False, partner__status="active")
        .exclude(email__in=skip)
        .values_list("pk", "partner_id", "language", "full_name", "email")
    )
    # Partners differ: some train everyone, most train a few, some nobody.
    keen = {pid: rng.choice((0.0, 0.3, 0.5, 0.5, 0.8, 0.95)) for _u, pid, *_ in people}
    plans = []
    for user_id, pid, language, name, email in people:
        if rng.random() > keen[pid]:
            continue
        mine = [
            p
            for p in paths.values()
            if not p.partner_types or types.get(pid, set()) & set(p.partner_types)
        ]
        # Most start with onboarding; many go on to a path for their role.
        for path in rng.sample(mine, k=min(len(mine), rng.choice((1, 2, 2)))):
            plans.append((user_id, pid, language, name or email, path))
    enrollments = []
    steps_of = {p.pk: [s.course for s in p.steps.select_related("course")] for p in paths.values()}
    taken: dict[tuple[int, int], str] = {}  # a course two paths share is taken once
    for user_id, pid, language, _holder, path in plans:
        started = now - dt.timedelta(days=rng.randint(5, 900))
        for course in steps_of[path.pk]:
            if (user_id, course.pk) in taken:
                if taken[user_id, course.pk] != EnrollmentStatus.COMPLETED:
                    break
                continue
            version = versions.get((course.pk, language)) or versions[(course.pk, "en")]
            roll = rng.random()
            status = (
                EnrollmentStatus.COMPLETED
                if roll < 0.74
                else EnrollmentStatus.IN_PROGRESS
                if roll < 0.9
                else EnrollmentStatus.ENROLLED
            )
            completed = started + dt.timedelta(days=rng.randint(1, 20))
            if completed > now:
                completed, status = now - dt.timedelta(hours=1), EnrollmentStatus.IN_PROGRESS
            enrollments.append(
                (
                    Enrollment(
                        partner_id=pid,
                        user_id=user_id,
                        course=course,
                        version=version,
                        path=path,
                        source=rng.choice(
                            [EnrollmentSource.SELF, EnrollmentSource.TEAM, EnrollmentSource.PATH]
                        ),
                        status=status,
                        due_on=(started + dt.timedelta(days=30)).date()
                        if rng.random() < 0.4
                        else None,
                        started_at=started if status != EnrollmentStatus.ENROLLED else None,
                        completed_at=completed if status == EnrollmentStatus.COMPLETED else None,
                    ),
                    started,
                )
            )
            taken[user_id, course.pk] = status
            if status != EnrollmentStatus.COMPLETED:
                break  # the next step waits for this one
            started = completed + dt.timedelta(days=rng.randint(1, 40))
    rows = Enrollment.objects.bulk_create([e for e, _ in enrollments], batch_size=BATCH)
    # Enrolled at the day they started, not at seeding time (auto_now_add set it to now).
    for e, (_row, started) in zip(rows, enrollments, strict=True):
        e.enrolled_at = started - dt.timedelta(days=rng.randint(0, 10))
    Enrollment.objects.bulk_update(rows, ["enrolled_at"], batch_size=BATCH)
    report.enrollments = len(rows)
    _progress(rng, rows, versions)
    _awards(rng, rows, certifications, report, now)


def _progress(rng: random.Random, rows: list[Enrollment], versions: dict) -> None:
    by_id = {v.pk: v for v in versions.values()}
    progress, attempts = [], []
    for e in rows:
        modules = list(by_id[e.version_id].modules.all())
        if e.status == EnrollmentStatus.ENROLLED:
            continue
        upto = (
            len(modules)
            if e.status == EnrollmentStatus.COMPLETED
            else rng.randint(0, len(modules) - 1)
        )
        for module in modules[: upto + (e.status != EnrollmentStatus.COMPLETED)]:
            finished = modules.index(module) < upto
            score = None
            if module.kind == "quiz":
                keys = [
                    (
                        q.pk,
                        [c.pk for c in q.choices.all()],
                        [c.pk for c in q.choices.all() if c.correct],
                    )
                    for q in module.questions.all()
                ]
                failures = rng.choice((0, 0, 0, 1)) if finished else rng.choice((0, 1))
                for number in range(1, failures + 2):
                    passed = finished and number == failures + 1
                    answers = {
                        str(q): right
                        if passed or rng.random() < 0.5
                        else [c for c in choices if c not in right][:1]
                        for q, choices, right in keys
                    }
                    right_count = sum(answers[str(q)] == right for q, _c, right in keys)
                    score = 100 * right_count // len(keys)
                    passed = score >= module.pass_mark
                    attempts.append(
                        QuizAttempt(
                            enrollment=e,
                            module=module,
                            number=number,
                            shown=[[q, choices] for q, choices, _r in keys],
                            answers=answers,
                            score=score,
                            passed=passed,
                            submitted_at=e.started_at,
                        )
                    )
                    if passed:
                        break
                finished = finished and bool(passed)
            progress.append(
                ModuleProgress(
                    enrollment=e,
                    module=module,
                    status=ProgressStatus.COMPLETED
                    if finished
                    else ProgressStatus.FAILED
                    if score is not None
                    else ProgressStatus.STARTED,
                    score=score,
                    seconds=module.minutes * 60 + rng.randint(-60, 240),
                    completed_at=e.completed_at or e.started_at if finished else None,
                )
            )
    for p in progress:
        p.seconds = max(30, p.seconds)
    ModuleProgress.objects.bulk_create(progress, batch_size=BATCH)
    QuizAttempt.objects.bulk_create(attempts, batch_size=BATCH)


def _awards(
    rng: random.Random,
    rows: list[Enrollment],
    certifications: dict[str, Certification],
    report: LearningReport,
    now: dt.datetime,
) -> None:
    completed: dict[int, dict[int, Enrollment]] = {}
    for e in rows:
        if e.status == EnrollmentStatus.COMPLETED:
            completed.setdefault(e.user_id, {})[e.course_id] = e
    needed: dict[int, set[int]] = {}
    for c in certifications.values():
        if c.path is not None:
            needed[c.pk] = {s.course_id for s in c.path.steps.all()}
        elif c.exam_id is not None:
            needed[c.pk] = {c.exam_id}
    names = dict(User.objects.filter(pk__in=list(completed)).values_list("pk", "full_name"))
    awards = []
    for user_id, done in completed.items():
        for cert in certifications.values():
            if not needed[cert.pk] <= set(done):
                continue
            last = max((done[c] for c in needed[cert.pk]), key=lambda e: e.completed_at or now)
            earned = last.completed_at or now
            awards.append(
                CertificationAward(
                    partner_id=last.partner_id,
                    user_id=user_id,
                    certification=cert,
                    holder_name=names.get(user_id) or f"#{user_id}",
                    code=verification_code(),
                    earned_at=earned,
                    expires_at=add_months(earned, cert.valid_months),
                    enrollment=last,
                )
            )
    for award in awards:
        if award.expires_at <= now:
            award.expiry_recorded_at = award.expires_at  # the expiry job saw it at the time
    made = CertificationAward.objects.bulk_create(awards, batch_size=BATCH)
    report.certifications = len(made)
    report.expired = sum(a.expires_at <= now for a in made)
    history = [
        events.build(
            SYSTEM,
            "certification.earned",
            a,
            after={"certification": a.certification.code, "expires_at": a.expires_at},
        )
        for a in made
    ]
    history += [
        events.build(
            SYSTEM,
            "certification.expired",
            a,
            after={"certification": a.certification.code, "expired_at": a.expires_at},
        )
        for a in made
        if a.expiry_recorded_at is not None
    ]
    events.record_all(history)


def _live(email: str, courses: dict[str, Course]) -> None:
    """A demo login's own learning, through the services: one course under way."""
    user = User.objects.filter(email=email).first()
    if user is None or user.partner_id is None:
        return
    actor = actor_for_user(user)
    enrollment = services.enroll(actor=actor, learner=user, course=courses["program-essentials"])
    first = enrollment.version.modules.order_by("position").first()
    if first is not None:
        services.module_complete(actor=actor, enrollment=enrollment, module=first, seconds=240)
    services.enroll(
        actor=actor,
        learner=user,
        course=courses["selling-cloud-platform"],
        due_on=timezone.localdate() + dt.timedelta(days=14),
    )
    # And a certification earned the way anyone earns one: passing its exam.
    exam = services.enroll(actor=actor, learner=user, course=courses["technical-specialist-exam"])
    quiz = exam.version.modules.get(kind="quiz")
    attempt = services.quiz_start(actor=actor, enrollment=exam, module=quiz)
    right = {
        q.pk: [c.pk for c in q.choices.all() if c.correct]
        for q in quiz.questions.prefetch_related("choices")
    }
    services.quiz_submit(actor=actor, attempt=attempt, answers=right)
