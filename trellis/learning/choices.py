"""The learning vocabulary: kinds of module, statuses and how someone came to a course."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ModuleKind(models.TextChoices):
    TEXT = "text", _("Reading")
    VIDEO = "video", _("Video")
    DOCUMENT = "document", _("Document")
    QUIZ = "quiz", _("Quiz")
    SCORM = "scorm", _("SCORM package")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Retired")


class EnrollmentSource(models.TextChoices):
    SELF = "self", _("Enrolled themselves")
    TEAM = "team", _("Assigned by their partner admin")
    VENDOR = "vendor", _("Assigned by the vendor")
    PATH = "path", _("Part of a learning path")


class EnrollmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")


class ProgressStatus(models.TextChoices):
    STARTED = "started", _("Started")
    COMPLETED = "completed", _("Completed")
    FAILED = "failed", _("Not passed")


class LearnerRole(models.TextChoices):
    """The job a learning path prepares for (partner roles say what people may do in Trellis;
    this says what they do for customers)."""

    SALES = "sales", _("Sales")
    PRESALES = "presales", _("Pre-sales")
    TECHNICAL = "technical", _("Technical")
    MARKETING = "marketing", _("Marketing")
    SUPPORT = "support", _("Support")


# A module of at most this many minutes is micro-learning: marked as such, fine on a phone.
MICRO_MINUTES = 5
LANGUAGES = ("en", "de", "fr", "es", "ja")
