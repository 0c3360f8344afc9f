"""The catalogue: courses in versions and languages, their modules and quiz questions,
learning paths and the certifications they lead to. Published content is the same for every
partner; drafts are the vendor's."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trellis.core.scoping import ScopedManager, ScopedQuerySet

from ..choices import MICRO_MINUTES, LearnerRole, ModuleKind, VersionStatus


class CatalogueQuerySet(ScopedQuerySet):
    """Paths and certifications: one catalogue every signed-in partner reads."""

    partner_path = None
    public_to_partners = True


class CourseQuerySet(ScopedQuerySet):
    """A partner sees a course once one of its versions is published."""

    partner_path = None

    def partner_filter(self, actor: Any) -> Q:
        published = CourseVersion.objects.filter(
            course_id=models.OuterRef("pk"), status=VersionStatus.PUBLISHED
        )
        return Q(models.Exists(published))


class VersionQuerySet(ScopedQuerySet):
    """A partner sees published versions, and a retired one its own people are taking."""

    partner_path = None

    def partner_filter(self, actor: Any) -> Q:
        from .progress import Enrollment

        taking = Enrollment.objects.filter(
            version_id=models.OuterRef("pk"), partner_id=actor.partner_id
        )
        return Q(status=VersionStatus.PUBLISHED) | Q(
            models.Exists(taking), status=VersionStatus.RETIRED
        )


class Course(models.Model):
    code = models.SlugField(
        _("code"),
        max_length=60,
        unique=True,
        error_messages={"unique": _("Another course already uses this code.")},
    )
    title = models.CharField(_("title"), max_length=160)
    product_family = models.ForeignKey(
        "catalog.ProductFamily",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="courses",
        verbose_name=_("product family"),
        help_text=_("Recommended to partners with open deals and leads in this family."),
    )
    role = models.CharField(_("for"), max_length=12, choices=LearnerRole.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager.from_queryset(CourseQuerySet)()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(condition=~Q(code=""), name="course_code_required"),
            models.CheckConstraint(condition=~Q(title=""), name="course_title_required"),
        ]

    def __str__(self) -> str:
        return self.title


class CourseVersion(models.Model):
    """One edition of a course in one language. Editing a published course makes a new
    version; progress and results stay tied to the version taken."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="versions")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    title = models.CharField(_("title"), max_length=160)
    summary = models.TextField(_("summary"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager.from_queryset(VersionQuerySet)()

    class Meta:
        ordering = ["course_id", "language", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "language", "number"], name="course_version_number_once"
            ),
            # Learners are offered one edition per language.
            models.UniqueConstraint(
                fields=["course", "language"],
                condition=Q(status=VersionStatus.PUBLISHED),
                name="one_published_version_per_language",
            ),
            models.CheckConstraint(
                condition=Q(status__in=VersionStatus.values), name="course_version_status_valid"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="course_version_from_one"),
            models.CheckConstraint(
                condition=~Q(status=VersionStatus.PUBLISHED) | Q(published_at__isnull=False),
                name="published_version_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.number}, {self.language})"

    @property
    def minutes(self) -> int:
        return sum(m.minutes for m in self.modules.all())


class Module(models.Model):
    version = models.ForeignKey(CourseVersion, on_delete=models.CASCADE, related_name="modules")
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=10, choices=ModuleKind.choices)
    title = models.CharField(_("title"), max_length=160)
    minutes = models.PositiveSmallIntegerField(_("minutes"), default=5)
    # Markdown as written, and as shown: rendered and sanitised once, when saved.
    body = models.TextField(_("text (Markdown)"), blank=True)
    body_html = models.TextField(blank=True, editable=False)
    video_url = models.URLField(_("video address"), blank=True)
    package = models.ForeignKey(
        "learning.ScormPackage",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="modules",
        verbose_name=_("SCORM package"),
    )
    # A document learners download: stored under documents/, checked by its content on upload.
    document = models.FileField(_("document"), upload_to="documents/%Y/%m/", blank=True)
    document_name = models.CharField(max_length=200, blank=True)
    document_type = models.CharField(max_length=100, blank=True)
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=80, help_text=_("Share of questions answered right to pass.")
    )
    max_attempts = models.PositiveSmallIntegerField(_("attempts allowed"), default=3)
    shuffle = models.BooleanField(_("questions in random order"), default=True)

    objects = ScopedManager.from_queryset(CatalogueQuerySet)()

    class Meta:
        ordering = ["version_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "position"], name="module_position_once"),
            models.CheckConstraint(
                condition=Q(kind__in=ModuleKind.values), name="module_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(pass_mark__gte=1, pass_mark__lte=100), name="module_pass_mark_percent"
            ),
            models.CheckConstraint(condition=Q(max_attempts__gte=1), name="module_one_attempt"),
            models.CheckConstraint(condition=Q(minutes__gte=1), name="module_takes_a_minute"),
            models.CheckConstraint(
                condition=~Q(kind="scorm") | Q(package__isnull=False),
                name="scorm_module_has_package",
            ),
            models.CheckConstraint(
                condition=~Q(kind="document") | ~Q(document=""),
                name="document_module_has_file",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_micro(self) -> bool:
        return self.minutes <= MICRO_MINUTES


class Question(models.Model):
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField()
    text = models.TextField(_("question"))
    multiple = models.BooleanField(_("several answers are right"), default=False)

    objects = ScopedManager.from_queryset(CatalogueQuerySet)()

    class Meta:
        ordering = ["module_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["module", "position"], name="question_position_once"),
            models.CheckConstraint(condition=~Q(text=""), name="question_text_required"),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveSmallIntegerField()
    text = models.CharField(_("answer"), max_length=300)
    correct = models.BooleanField(_("right"), default=False)
    # What the learner reads after answering: why this answer is right or wrong.
    feedback = models.CharField(_("feedback"), max_length=500, blank=True)

    objects = ScopedManager.from_queryset(CatalogueQuerySet)()

    class Meta:
        ordering = ["question_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["question", "position"], name="choice_position_once"),
        ]

    def __str__(self) -> str:
        return self.text


class LearningPath(models.Model):
    """Courses in order for a partner type and role ("MSP sales"), each step open once the
    steps before it are done when it says so."""

    code = models.SlugField(
        _("code"),
        max_length=60,
        unique=True,
        error_messages={"unique": _("Another learning path already uses this code.")},
    )
    name = models.CharField(_("name"), max_length=160)
    description = models.TextField(_("description"), blank=True)
    role = models.CharField(_("for"), max_length=12, choices=LearnerRole.choices, blank=True)
    partner_types = models.JSONField(
        _("partner types"), default=list, blank=True, help_text=_("Empty means every type.")
    )
    required_for_onboarding = models.BooleanField(_("required during onboarding"), default=False)
    required_for_tiers = models.ManyToManyField(
        "partners.Tier", blank=True, related_name="required_paths", verbose_name=_("required for")
    )

    objects = ScopedManager.from_queryset(CatalogueQuerySet)()

    class Meta:
        ordering = ["name"]
        constraints = [models.CheckConstraint(condition=~Q(name=""), name="path_named")]

    def __str__(self) -> str:
        return self.name


class PathStep(models.Model):
    path = models.ForeignKey(LearningPath, on_delete=models.CASCADE, related_name="steps")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="path_steps")
    position = models.PositiveSmallIntegerField()
    requires_previous = models.BooleanField(
        _("needs the steps before it"),
        default=True,
        help_text=_("Learners open this course once the courses before it are completed."),
    )

    objects = ScopedManager.from_queryset(CatalogueQuerySet)()

    class Meta:
        ordering = ["path_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["path", "position"], name="path_step_position_once"),
            models.UniqueConstraint(fields=["path", "course"], name="path_course_once"),
        ]

    def __str__(self) -> str:
        return f"{self.path_id} step {self.position}"


class Certification(models.Model):
    """What a person can be certified in: earned by completing a path or passing an exam
    course, valid for a number of months, renewed by earning it again."""

    code = models.SlugField(
        _("code"),
        max_length=60,
        unique=True,
        error_messages={"unique": _("Another certification already uses this code.")},
    )
    name = models.CharField(_("name"), max_length=160)
    description = models.TextField(_("description"), blank=True)
    path = models.ForeignKey(
        LearningPath,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certifications",
        verbose_name=_("earned by completing the path"),
    )
    exam = models.ForeignKey(
        Course,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certifications",
        verbose_name=_("earned by passing the course"),
    )
    specialization = models.ForeignKey(
        "partners.Specialization",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certifications",
        verbose_name=_("counts towards the specialization"),
    )
    valid_months = models.PositiveSmallIntegerField(_("valid for (months)"), default=24)
    warn_days = models.PositiveSmallIntegerField(
        _("warn before expiry (days)"),
        default=60,
        help_text=_("Holders are reminded this many days before it expires, and may renew."),
    )

    objects = ScopedManager.from_queryset(CatalogueQuerySet)()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(path__isnull=True, exam__isnull=False)
                | Q(path__isnull=False, exam__isnull=True),
                name="certification_by_path_or_exam",
                violation_error_message=_("A certification is earned by a path or by an exam."),
            ),
            models.CheckConstraint(
                condition=Q(valid_months__gte=1), name="certification_valid_a_month"
            ),
        ]

    def __str__(self) -> str:
        return self.name
