"""Offboarding: a partner leaving the program (by its choice or the vendor's), what happened to
its open work, its payouts held for a final statement, its data export, and when its people's
personal data is anonymised."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trellis.core.scoping import ScopedManager, ScopedQuerySet

from ..choices import ExitKind, HandoverItem, HandoverOutcome


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
    to_manager = models.PositiveIntegerField(default=0)
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


class HandoverQuerySet(ScopedQuerySet):
    partner_path = "exit__partner_id"  # the departing partner's record, not the receiver's


class Handover(models.Model):
    """What became of one open registration or lead of a departing partner, and who has it now:
    the record the channel manager works from."""

    exit = models.ForeignKey(PartnerExit, on_delete=models.CASCADE, related_name="handovers")
    item = models.CharField(max_length=4, choices=HandoverItem.choices)
    item_id = models.PositiveBigIntegerField()
    customer_name = models.CharField(_("customer"), max_length=250)
    outcome = models.CharField(max_length=8, choices=HandoverOutcome.choices)
    to_partner = models.ForeignKey(
        "partners.Partner", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    chosen_one_by_one = models.BooleanField(default=False)

    objects = ScopedManager.from_queryset(HandoverQuerySet)()

    class Meta:
        ordering = ["item", "item_id"]
        constraints = [
            models.UniqueConstraint(fields=["exit", "item", "item_id"], name="handover_once"),
            models.CheckConstraint(
                condition=~Q(outcome="moved") | Q(to_partner__isnull=False),
                name="handover_moved_names_partner",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} {self.item_id}: {self.outcome}"
