"""Prospect lists: companies the vendor would like as partners, uploaded as CSV and ranked by
fit (predictive recruitment)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trellis.core.scoping import ScopedManager, ScopedQuerySet

from .recruitment import FitModelRun


class VendorOnlyQuerySet(ScopedQuerySet):
    """The vendor's recruiting work: a partner user sees none of it."""

    partner_path = None


class ProspectList(models.Model):
    name = models.CharField(_("name"), max_length=150)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    scored_at = models.DateTimeField()
    fit_model = models.ForeignKey(
        FitModelRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    size = models.PositiveIntegerField(_("companies"))

    objects = ScopedManager.from_queryset(VendorOnlyQuerySet)()

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="prospect_list_named"),
        ]

    def __str__(self) -> str:
        return self.name


class Prospect(models.Model):
    """One candidate company of a list, with its fit and why."""

    prospect_list = models.ForeignKey(
        ProspectList, on_delete=models.CASCADE, related_name="prospects"
    )
    line = models.PositiveIntegerField()
    company_name = models.CharField(_("company"), max_length=200)
    website = models.CharField(_("website"), max_length=300, blank=True)
    domain = models.CharField(_("domain"), max_length=253, blank=True)
    country = models.CharField(_("country"), max_length=2)
    partner_types = models.JSONField(default=list, blank=True)
    industries = models.JSONField(default=list, blank=True)
    specializations = models.JSONField(default=list, blank=True)
    size = models.CharField(max_length=12, blank=True)
    esg = models.JSONField(default=list, blank=True)
    fit_score = models.PositiveSmallIntegerField(_("fit score"))
    fit_factors = models.JSONField(default=list)
    fit_blocked_by = models.JSONField(default=list, blank=True)
    # An existing partner this company already is (same domain, or the matcher's same company).
    partner_id_known = models.PositiveIntegerField(null=True, blank=True)
    partner_name_known = models.CharField(max_length=200, blank=True)
    # Compared with every partner by the account matcher (a background job after the upload;
    # the upload itself checks domains and exact names only).
    checked = models.BooleanField(default=False)

    objects = ScopedManager.from_queryset(VendorOnlyQuerySet)()

    class Meta:
        ordering = ["-fit_score", "line"]
        constraints = [
            models.CheckConstraint(condition=Q(fit_score__lte=100), name="prospect_fit_range"),
            models.UniqueConstraint(fields=["prospect_list", "line"], name="prospect_line_once"),
        ]
        indexes = [
            models.Index(fields=["prospect_list", "-fit_score"]),
            models.Index(fields=["prospect_list", "checked"]),
        ]

    def __str__(self) -> str:
        return self.company_name
