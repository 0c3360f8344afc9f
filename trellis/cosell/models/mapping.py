"""A partner's own account list, the overlap with the vendor's accounts, and how much of it may be
shared."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from trellis.core.scoping import ScopedManager, ScopedQuerySet

from ..choices import (
    AccountStatus,
    SharingLevel,
    UploadStatus,
)


class PartnerAccountQuerySet(ScopedQuerySet):
    """A partner's uploaded list: its own people see it; vendor staff only through the overlap, per
    policy."""

    partner_path = "partner_id"


class PartnerAccount(models.Model):
    partner = models.ForeignKey(
        "partners.Partner", on_delete=models.CASCADE, related_name="mapped_accounts"
    )
    name = models.CharField(_("company"), max_length=250)
    domain = models.CharField(_("domain"), max_length=253, blank=True)
    country = models.CharField(_("country"), max_length=2)
    status = models.CharField(_("status"), max_length=12, choices=AccountStatus.choices)
    # Match keys, prepared once when the list is stored (cosell.engine.mapping).
    name_key = models.CharField(max_length=260, blank=True, editable=False)
    domain_key = models.CharField(max_length=253, blank=True, editable=False)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager.from_queryset(PartnerAccountQuerySet)()

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["partner", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=AccountStatus.values), name="mapped_status_valid"
            )
        ]

    def __str__(self) -> str:
        return self.name


class OverlapQuerySet(ScopedQuerySet):
    partner_path = "partner_id"


class AccountOverlap(models.Model):
    """One company both sides know, with where it stands with each (recomputed on every upload)."""

    partner = models.ForeignKey(
        "partners.Partner", on_delete=models.CASCADE, related_name="account_overlaps"
    )
    partner_account = models.OneToOneField(
        PartnerAccount, on_delete=models.CASCADE, related_name="overlap"
    )
    customer = models.ForeignKey(
        "customers.CustomerAccount", on_delete=models.CASCADE, related_name="+"
    )
    vendor_status = models.CharField(max_length=12, choices=AccountStatus.choices)
    partner_status = models.CharField(max_length=12, choices=AccountStatus.choices)
    by_domain = models.BooleanField(default=False)
    # Found by the customers matcher after the exact keys missed (a typo, another spelling): its
    # score.
    similarity = models.FloatField(null=True, blank=True)

    objects = ScopedManager.from_queryset(OverlapQuerySet)()

    class Meta:
        indexes = [models.Index(fields=["partner", "vendor_status", "partner_status"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(similarity__isnull=True)
                | models.Q(similarity__gte=0, similarity__lte=1),
                name="overlap_similarity_in_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.partner_id}: {self.customer_id}"


class PolicyQuerySet(ScopedQuerySet):
    partner_path = "partner_id"


class SharingPolicy(models.Model):
    """What the vendor offers to share with a partner, and what the partner agreed to; the lower
    applies."""

    partner = models.OneToOneField(
        "partners.Partner", on_delete=models.CASCADE, related_name="sharing_policy"
    )
    vendor_level = models.PositiveSmallIntegerField(
        choices=SharingLevel.choices, default=SharingLevel.COUNTS
    )
    partner_consent = models.PositiveSmallIntegerField(
        choices=SharingLevel.choices, default=SharingLevel.COUNTS
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedManager.from_queryset(PolicyQuerySet)()

    class Meta:
        verbose_name_plural = "sharing policies"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(vendor_level__lte=2, partner_consent__lte=2),
                name="sharing_levels_known",
            )
        ]

    def __str__(self) -> str:
        return f"Sharing with {self.partner_id}"

    @property
    def effective(self) -> int:
        return min(self.vendor_level, self.partner_consent)

    @property
    def audit_partner_id(self) -> int:
        return self.partner_id


class UploadQuerySet(ScopedQuerySet):
    partner_path = "partner_id"


class AccountListUpload(models.Model):
    """One upload of a partner's account list; large ones are compared in the background."""

    partner = models.ForeignKey(
        "partners.Partner", on_delete=models.CASCADE, related_name="account_uploads"
    )
    status = models.CharField(
        max_length=8, choices=UploadStatus.choices, default=UploadStatus.QUEUED
    )
    # The validated rows ([name, country, status, domain]) until the worker has stored them.
    rows = models.JSONField(default=list, blank=True)
    accounts = models.PositiveIntegerField(default=0)
    shared = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager.from_queryset(UploadQuerySet)()

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        indexes = [models.Index(fields=["partner", "-uploaded_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=UploadStatus.values), name="upload_status_valid"
            )
        ]

    def __str__(self) -> str:
        return f"Account list of {self.partner_id} ({self.accounts})"

    @property
    def audit_partner_id(self) -> int:
        return self.partner_id

    @property
    def pending(self) -> bool:
        return self.status == UploadStatus.QUEUED
