"""Offboarding: a partner leaving the program (by its choice or the vendor's), what happened to
its open work, its payouts held for a final statement, its data export, and when its people's
personal data is anonymised."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trellis.core.scoping import ScopedManager, ScopedQuerySet

from ..choices import ExitKind


class ExitQuerySet(ScopedQuerySet):
    partner_path = "partner_id"


class PartnerExit(models.Model):
    partner = models.ForeignKey("partners.Partner", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=12, choices=ExitKind.choices)
    reason = models.TextField(_("reason"))
    started_at = models.DateTimeField(auto_now_add=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    deals_to = models.ForeignKey(
        "partners.Partner", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    leads_to = models.ForeignKey(
        "partners.Partner", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    deals_moved = models.PositiveIntegerField(default=0)
    deals_closed = models.PositiveIntegerField(default=0)
    leads_moved = models.PositiveIntegerField(default=0)
    # Payouts still owed are held for a final statement (the incentives app reads this).
    payouts_held = models.BooleanField(default=True)
    export_sent_at = models.DateTimeField(null=True, blank=True)
    anonymise_on = models.DateField()
    anonymised_at = models.DateTimeField(null=True, blank=True)
    reactivated_at = models.DateTimeField(null=True, blank=True)
    reactivated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedManager.from_queryset(ExitQuerySet)()

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="partner_exit_has_reason"),
            models.CheckConstraint(
                condition=Q(anonymised_at__isnull=True) | Q(reactivated_at__isnull=True),
                name="partner_exit_not_back_after_anonymised",
            ),
        ]

    def __str__(self) -> str:
        return f"exit of {self.partner_id}"

    @property
    def audit_partner_id(self) -> int:
        return self.partner_id
