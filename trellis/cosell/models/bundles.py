"""Joint solutions: vendor products and several partners' services, offered together with every
partner's consent."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from trellis.core.scoping import ScopedManager, ScopedQuerySet

from ..choices import BundleStatus, MemberConsent


class BundleQuerySet(ScopedQuerySet):
    """Published bundles are a catalogue every partner may browse; a draft only its members see."""

    partner_path = "members__partner_id"

    def partner_filter(self, actor: Any) -> models.Q:
        member = BundleMember.objects.filter(
            bundle_id=models.OuterRef("pk"), partner_id=actor.partner_id
        )
        return models.Q(status=BundleStatus.PUBLISHED) | models.Q(models.Exists(member))


class Bundle(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    summary = models.CharField(_("summary"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    products = models.ManyToManyField(
        "catalog.Product", related_name="+", verbose_name=_("vendor products")
    )
    specializations = models.ManyToManyField(
        "partners.Specialization", blank=True, related_name="+", verbose_name=_("expertise")
    )
    countries = models.JSONField(_("offered in"), default=list)
    status = models.CharField(
        _("status"), max_length=10, choices=BundleStatus.choices, default=BundleStatus.DRAFT
    )
    # A partner that composed the bundle may edit it while it is a draft; None: the vendor did.
    lead_partner = models.ForeignKey(
        "partners.Partner",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_bundles",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    search_text = models.TextField(
        blank=True, editable=False
    )  # name, summary, members, products: for finding

    objects = ScopedManager.from_queryset(BundleQuerySet)()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["status", "name"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=BundleStatus.values), name="bundle_status_valid"
            ),
            models.CheckConstraint(condition=~models.Q(name=""), name="bundle_named"),
            models.CheckConstraint(
                condition=~models.Q(status=BundleStatus.PUBLISHED)
                | models.Q(published_at__isnull=False),
                name="published_bundle_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_partner_id(self) -> int | None:
        return self.lead_partner_id


class BundleMemberQuerySet(ScopedQuerySet):
    partner_path = "partner_id"

    def partner_filter(self, actor: Any) -> models.Q:
        """A partner sees the members of bundles it may see (names and services are part of the
        offer)."""
        return models.Q(bundle__in=Bundle.objects.visible_to(actor).values("pk"))


class BundleMember(models.Model):
    """One partner's part in a bundle, and whether it agreed to be offered in it."""

    bundle = models.ForeignKey(Bundle, on_delete=models.CASCADE, related_name="members")
    partner = models.ForeignKey(
        "partners.Partner", on_delete=models.PROTECT, related_name="bundle_memberships"
    )
    service = models.CharField(_("service"), max_length=200)
    consent = models.CharField(
        max_length=10, choices=MemberConsent.choices, default=MemberConsent.INVITED
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager.from_queryset(BundleMemberQuerySet)()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["bundle", "partner"], name="bundle_member_once"),
            models.CheckConstraint(
                condition=models.Q(consent__in=MemberConsent.values), name="bundle_consent_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bundle_id}:{self.partner_id}"

    @property
    def audit_partner_id(self) -> int:
        return self.partner_id
