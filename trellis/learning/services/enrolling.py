"""Enrolling people in courses: themselves, their team (partner admin) or anyone at a partner
the vendor steward assigns. A person is enrolled in the course's edition in their language."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from trellis.core import events
from trellis.core.actor import SYSTEM, Actor
from trellis.core.exceptions import DomainError, InvalidInput, NotFound
from trellis.core.notifications import Recipient, notify
from trellis.core.policies import require

from .. import policies  # noqa: F401  (registers the rules)
from ..choices import EnrollmentSource, EnrollmentStatus
from ..models import Course, Enrollment, LearningPath
from ..selectors import offered_version


def enroll(
    *,
    actor: Actor,
    learner: Any,
    course: Course,
    due_on: dt.date | None = None,
    path: LearningPath | None = None,
) -> Enrollment:
    """Enrol ``learner`` in ``course``; enrolling again while a course is unfinished returns
    the enrollment there is (a double click, a retried request). A completed course may be
    taken again, in its current edition: that is how a certification is renewed."""
    require(actor, "learning.enroll", learner)
    if not getattr(learner, "is_active", True):
        raise InvalidInput(_("This person no longer has access."), field="user")
    if due_on is not None and due_on < timezone.localdate():
        raise InvalidInput(_("The due date is in the past."), field="due_on")
    version = offered_version(course, learner.language)
    if version is None:
        raise NotFound(_("This course is not offered yet."))
    unfinished = (
        Enrollment.objects.filter(user=learner, course=course)
        .exclude(status=EnrollmentStatus.COMPLETED)
        .first()
    )
    if unfinished is not None:
        return unfinished
    if path is not None:
        source = EnrollmentSource.PATH
    elif actor.user_id == learner.pk:
        source = EnrollmentSource.SELF
    else:
        source = EnrollmentSource.VENDOR if actor.is_staff else EnrollmentSource.TEAM
    try:
        with transaction.atomic():
            enrollment = Enrollment.objects.create(
                partner_id=learner.partner_id,
                user=learner,
                course=course,
                version=version,
                path=path,
                source=source,
                assigned_by_id=None if actor.user_id == learner.pk else actor.user_id,
                due_on=due_on,
            )
            events.record(
                actor,
                "course.enrolled",
                enrollment,
                after={
                    "user": learner.pk,
                    "course": course.code,
                    "version": version.number,
                    "language": version.language,
                    "source": source,
                    "due_on": due_on,
                },
            )
            if enrollment.assigned_by_id is not None:
                _tell_learner(enrollment)
    except IntegrityError:
        # Two requests at once: the other one enrolled them; theirs is the enrollment.
        return (
            Enrollment.objects.filter(user=learner, course=course)
            .exclude(status=EnrollmentStatus.COMPLETED)
            .get()
        )
    return enrollment


def path_enroll(
    *, actor: Actor, learner: Any, path: LearningPath, due_on: dt.date | None = None
) -> Enrollment | None:
    """Put ``learner`` on a path: enrolled in its first course not yet completed; each next
    one follows when the one before is completed. None when every course is done already."""
    done = set(
        Enrollment.objects.filter(user=learner, status=EnrollmentStatus.COMPLETED).values_list(
            "course_id", flat=True
        )
    )
    upcoming = next(
        (
            s.course
            for s in path.steps.order_by("position").select_related("course")
            if s.course_id not in done
        ),
        None,
    )
    if upcoming is None:
        return None
    return enroll(actor=actor, learner=learner, course=upcoming, due_on=due_on, path=path)


def path_continue(actor: Actor, finished: Enrollment) -> Enrollment | None:
    """After a step of a path is completed, enrol its learner in the next one (in the
    caller's transaction); nothing when the path is done."""
    path = finished.path
    if path is None:
        return None
    due = finished.due_on if finished.due_on and finished.due_on >= timezone.localdate() else None
    try:
        return path_enroll(actor=SYSTEM, learner=finished.user, path=path, due_on=due)
    except (DomainError, NotFound):
        return None  # the next course is not offered (yet): the path waits for it


def _tell_learner(enrollment: Enrollment) -> None:
    learner = enrollment.user
    title = enrollment.version.title
    due = enrollment.due_on

    def render() -> tuple[str, str]:
        subject = _("New course for you: %(title)s") % {"title": title}
        if due is None:
            return subject, _("You were enrolled in %(title)s.") % {"title": title}
        return subject, _("You were enrolled in %(title)s, due %(due)s.") % {
            "title": title,
            "due": due.isoformat(),
        }

    notify(
        [Recipient(user_id=learner.pk, email=learner.email, language=learner.language)],
        verb="course.enrolled",
        partner_id=enrollment.partner_id,
        url=reverse("portal:course_take", args=[enrollment.pk]),
        render=render,
        dedupe_key=f"course.enrolled:{enrollment.pk}",
    )


# Reminders go out this many days before the due date, and weekly once it has passed.
REMIND_BEFORE_DAYS = 3
OVERDUE_EVERY_DAYS = 7


def due_reminders(*, today: dt.date | None = None) -> int:
    """Remind people of courses due within a few days, and weekly of overdue ones. A person
    is reminded of a course at most once a day, however often this runs."""
    today = today or timezone.localdate()
    due = (
        Enrollment.objects.exclude(status=EnrollmentStatus.COMPLETED)
        .filter(due_on__isnull=False, due_on__lte=today + dt.timedelta(days=REMIND_BEFORE_DAYS))
        .select_related("user", "version")
    )
    sent = 0
    for enrollment in due.iterator():
        last = enrollment.reminded_on
        overdue = enrollment.due_on < today  # type: ignore[operator]
        if last is not None and (not overdue or (today - last).days < OVERDUE_EVERY_DAYS):
            continue
        with transaction.atomic():
            claimed = Enrollment.objects.filter(pk=enrollment.pk, reminded_on=last).update(
                reminded_on=today
            )
            if not claimed:
                continue  # another worker reminded them
            _remind(enrollment, overdue)
        sent += 1
    return sent


def _remind(enrollment: Enrollment, overdue: bool) -> None:
    learner, title, due = enrollment.user, enrollment.version.title, enrollment.due_on

    def render() -> tuple[str, str]:
        words = {"title": title, "due": due.isoformat() if due else ""}
        if overdue:
            return (
                _("Overdue: %(title)s") % words,
                _("%(title)s was due on %(due)s. Pick up where you left off.") % words,
            )
        return (
            _("Due soon: %(title)s") % words,
            _("%(title)s is due on %(due)s.") % words,
        )

    notify(
        [Recipient(user_id=learner.pk, email=learner.email, language=learner.language)],
        verb="course.due",
        partner_id=enrollment.partner_id,
        url=reverse("portal:course_take", args=[enrollment.pk]),
        render=render,
        dedupe_key=f"course.due:{enrollment.pk}:{timezone.localdate().isoformat()}",
    )
