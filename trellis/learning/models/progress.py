"""Learning by people of a partner: enrollments in a course version, progress per module,
quiz attempts and the certifications they hold. Each row belongs to one partner."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trellis.core.fields import FastJSONField
from trellis.core.scoping import ScopedManager, ScopedQuerySet

from ..choices import EnrollmentSource, EnrollmentStatus, ProgressStatus


class ThroughEnrollment(ScopedQuerySet):
    partner_path = "enrollment__partner_id"


class Enrollment(models.Model):
    partner = models.ForeignKey(
        "partners.Partner", on_delete=models.CASCADE, related_name="course_enrollments"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrollments"
    )
    course = models.ForeignKey(
        "learning.Course", on_delete=models.PROTECT, related_name="enrollments"
    )
    # The edition taken: a newer edition published later leaves this one's progress as it is.
    version = models.ForeignKey(
        "learning.CourseVersion", on_delete=models.PROTECT, related_name="enrollments"
    )
    path = models.ForeignKey(
        "learning.LearningPath",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enrollments",
    )
    source = models.CharField(_("how"), max_length=8, choices=EnrollmentSource.choices)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=EnrollmentStatus.choices,
        default=EnrollmentStatus.ENROLLED,
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    enrolled_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    # Where to resume: the module the learner last opened.
    last_module = models.ForeignKey(
        "learning.Module", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The day the last due-date reminder went out: a reminder task run twice sends one.
    reminded_on = models.DateField(null=True, blank=True)

    objects = ScopedManager()

    class Meta:
        ordering = ["-enrolled_at", "-id"]
        indexes = [
            models.Index(fields=["partner", "status"]),
            models.Index(fields=["user", "status"]),
            models.Index(fields=["course", "status"]),
        ]
        constraints = [
            # One course under way per person; a finished course may be taken again (to
            # renew its certification, or as a refresher), as a new enrollment.
            models.UniqueConstraint(
                fields=["user", "course"],
                condition=~Q(status="completed"),
                name="one_unfinished_enrollment_per_course",
                violation_error_message=_("Already enrolled in this course."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=EnrollmentStatus.values), name="enrollment_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(source__in=EnrollmentSource.values), name="enrollment_source_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=EnrollmentStatus.COMPLETED) | Q(completed_at__isnull=False),
                name="completed_enrollment_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.version}"

    @property
    def audit_partner_id(self) -> int:
        return self.partner_id


class ModuleProgress(models.Model):
    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="progress")
    module = models.ForeignKey("learning.Module", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=10, choices=ProgressStatus.choices, default=ProgressStatus.STARTED
    )
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    seconds = models.PositiveIntegerField(default=0)
    completed_at = models.DateTimeField(null=True, blank=True)
    # Attempts at a quiz the vendor allowed beyond the course's own limit.
    extra_attempts = models.PositiveSmallIntegerField(default=0)
    # A SCORM package's own runtime data (cmi.* values it stored), kept to resume it.
    runtime = FastJSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager.from_queryset(ThroughEnrollment)()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "module"], name="progress_once"),
            models.CheckConstraint(
                condition=Q(status__in=ProgressStatus.values), name="progress_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__lte=100), name="progress_score_percent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.module_id} in {self.enrollment_id}: {self.status}"


class QuizAttempt(models.Model):
    """One try at a quiz: the questions and answer order shown (fixed when it starts, so a
    reload shows the same), the answers given and the result."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="attempts")
    module = models.ForeignKey("learning.Module", on_delete=models.PROTECT, related_name="+")
    number = models.PositiveSmallIntegerField()
    # [[question id, [choice id, ...]], ...] in the order shown.
    shown = FastJSONField(default=list)
    # {question id: [choice id, ...]} as submitted.
    answers = FastJSONField(default=dict, blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    passed = models.BooleanField(null=True)
    started_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager.from_queryset(ThroughEnrollment)()

    class Meta:
        ordering = ["enrollment_id", "module_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "module", "number"],
                name="attempt_number_once",
                violation_error_message=_("This attempt was already started."),
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="attempt_from_one"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__lte=100), name="attempt_score_percent"
            ),
            models.CheckConstraint(
                condition=Q(submitted_at__isnull=True)
                | Q(score__isnull=False, passed__isnull=False),
                name="submitted_attempt_is_marked",
            ),
        ]

    def __str__(self) -> str:
        return f"attempt {self.number} at {self.module_id} in {self.enrollment_id}"


class CertificationAward(models.Model):
    """A person's certification: from when, until when, and the code anyone may check it by.
    It counts only while ``expires_at`` is ahead; nothing has to run for it to stop counting."""

    partner = models.ForeignKey(
        "partners.Partner", on_delete=models.CASCADE, related_name="certification_awards"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="certifications"
    )
    certification = models.ForeignKey(
        "learning.Certification", on_delete=models.PROTECT, related_name="awards"
    )
    # The holder's name as printed on the certificate the day it was earned.
    holder_name = models.CharField(max_length=150)
    code = models.CharField(max_length=16, unique=True)
    earned_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    # What earned it: the enrollment whose completion (exam or last step of a path) did.
    enrollment = models.ForeignKey(
        Enrollment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=300, blank=True)
    # When the expiry warning and the expiry event went out (each exactly once).
    warned_at = models.DateTimeField(null=True, blank=True)
    expiry_recorded_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager()

    class Meta:
        ordering = ["-earned_at", "-id"]
        indexes = [
            models.Index(fields=["partner", "expires_at"]),
            models.Index(fields=["user", "certification"]),
            models.Index(fields=["expires_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("earned_at")),
                name="certification_expires_after_earned",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.certification_id} held by {self.user_id}"

    @property
    def state(self) -> str:
        """ "valid", "expiring" (within its warning period), "expired" or "revoked"."""
        now = timezone.now()
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at <= now:
            return "expired"
        warn = dt.timedelta(days=self.certification.warn_days)
        return "expiring" if self.expires_at - warn <= now else "valid"

    @property
    def audit_partner_id(self) -> int:
        return self.partner_id
