"""Onboarding: the partner agreement in versions with click-to-accept, journeys of steps with due
days, each new partner's progress through its journey, and the documents it uploads."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trellis.core.scoping import ScopedManager, ScopedQuerySet

from ..choices import DocumentKind, DocumentStatus, StepKind, StepStatus


class PartnerOwned(ScopedQuerySet):
    partner_path = "partner_id"


class AgreementVersion(models.Model):
    """One published version of the partner agreement; the newest is the one to accept."""

    number = models.PositiveIntegerField(unique=True)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    body_html = models.TextField(editable=False)
    published_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-number"]
        constraints = [models.CheckConstraint(condition=~Q(body=""), name="agreement_has_text")]

    def __str__(self) -> str:
        return f"{self.title} v{self.number}"


class AgreementAcceptance(models.Model):
    """Who accepted which version for their company, when and from where."""

    partner = models.ForeignKey("partners.Partner", on_delete=models.CASCADE, related_name="+")
    version = models.ForeignKey(AgreementVersion, on_delete=models.PROTECT, related_name="+")
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_by_name = models.CharField(max_length=200)
    accepted_at = models.DateTimeField(auto_now_add=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)

    objects = ScopedManager.from_queryset(PartnerOwned)()

    class Meta:
        ordering = ["-accepted_at"]
        constraints = [
            models.UniqueConstraint(fields=["partner", "version"], name="agreement_accepted_once")
        ]

    def __str__(self) -> str:
        return f"{self.partner_id} accepted v{self.version_id}"

    @property
    def audit_partner_id(self) -> int:
        return self.partner_id


class Journey(models.Model):
    """The steps a new partner goes through, for a program and partner types (none: all)."""

    name = models.CharField(_("name"), max_length=150)
    program = models.ForeignKey(
        "partners.Program", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    partner_types = models.JSONField(_("partner types"), default=list, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class JourneyStep(models.Model):
    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(_("kind"), max_length=24, choices=StepKind.choices)
    title = models.CharField(_("title"), max_length=150)
    help_text = models.TextField(_("what to do"), blank=True)
    due_days = models.PositiveSmallIntegerField(
        _("due after (days)"), help_text=_("Days after onboarding starts.")
    )
    document_kind = models.CharField(max_length=20, choices=DocumentKind.choices, blank=True)
    min_people = models.PositiveSmallIntegerField(default=3)

    class Meta:
        ordering = ["journey", "position"]
        constraints = [
            models.UniqueConstraint(fields=["journey", "position"], name="journey_step_position"),
            models.CheckConstraint(
                condition=~Q(kind="upload_document") | ~Q(document_kind=""),
                name="journey_step_document_named",
            ),
            models.CheckConstraint(condition=Q(due_days__lte=365), name="journey_step_due_range"),
        ]

    def __str__(self) -> str:
        return self.title


class Onboarding(models.Model):
    partner = models.OneToOneField(
        "partners.Partner", on_delete=models.CASCADE, related_name="onboarding"
    )
    journey = models.ForeignKey(Journey, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager.from_queryset(PartnerOwned)()

    class Meta:
        indexes = [models.Index(fields=["completed_at", "started_at"])]

    def __str__(self) -> str:
        return f"onboarding of {self.partner_id}"

    @property
    def audit_partner_id(self) -> int:
        return self.partner_id


class OnboardingStepQuerySet(ScopedQuerySet):
    partner_path = "onboarding__partner_id"


class OnboardingStep(models.Model):
    onboarding = models.ForeignKey(Onboarding, on_delete=models.CASCADE, related_name="steps")
    step = models.ForeignKey(JourneyStep, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=8, choices=StepStatus.choices, default=StepStatus.OPEN)
    due_at = models.DateTimeField()
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager.from_queryset(OnboardingStepQuerySet)()

    class Meta:
        ordering = ["onboarding", "step__position"]
        constraints = [
            models.UniqueConstraint(fields=["onboarding", "step"], name="onboarding_step_once"),
            models.CheckConstraint(
                condition=Q(status="open", done_at__isnull=True)
                | (~Q(status="open") & Q(done_at__isnull=False)),
                name="onboarding_step_done_dated",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_at"])]

    def __str__(self) -> str:
        return f"{self.onboarding_id}: {self.step_id}"

    @property
    def audit_partner_id(self) -> int:
        return self.onboarding.partner_id


class PartnerDocument(models.Model):
    """A document a partner uploads (tax form, insurance certificate), checked by content."""

    partner = models.ForeignKey("partners.Partner", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    file = models.FileField(upload_to="partner-documents/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    status = models.CharField(
        max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.SUBMITTED
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_note = models.TextField(blank=True)

    objects = ScopedManager.from_queryset(PartnerOwned)()

    class Meta:
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def audit_partner_id(self) -> int:
        return self.partner_id
