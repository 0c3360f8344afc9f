"""Introductions between partners, brokered by the vendor."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from trellis.core.scoping import ScopedManager, ScopedQuerySet

from ..choices import (
    SEEN_BY_TARGET,
    IntroductionStatus,
)


class IntroductionQuerySet(ScopedQuerySet):
    """The requester sees its requests; the partner asked to meet only once the vendor passed one
    on."""

    partner_path = "requester_id"

    def partner_filter(self, actor: Any) -> models.Q:
        return models.Q(requester_id=actor.partner_id) | models.Q(
            target_id=actor.partner_id, status__in=list(SEEN_BY_TARGET)
        )


class Introduction(models.Model):
    """One partner asks to be introduced to another for a customer need; the vendor brokers it."""

    requester = models.ForeignKey(
        "partners.Partner", on_delete=models.PROTECT, related_name="introductions_asked"
    )
    target = models.ForeignKey(
        "partners.Partner", on_delete=models.PROTECT, related_name="introductions_offered"
    )
    deal = models.ForeignKey(
        "deals.DealRegistration", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    need = models.CharField(_("customer need"), max_length=300)
    message = models.TextField(_("message"), blank=True)
    # Why matchmaking suggested this partner, as shown when it was asked for.
    reasons = models.JSONField(default=list, blank=True)
    score = models.FloatField(null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=IntroductionStatus.choices,
        default=IntroductionStatus.REQUESTED,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    brokered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    broker_note = models.TextField(blank=True)
    brokered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answer_note = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    # After an introduction, each side may rate the other (1-5); ratings feed matchmaking.
    requester_rating = models.PositiveSmallIntegerField(null=True, blank=True)
    requester_comment = models.TextField(blank=True)
    target_rating = models.PositiveSmallIntegerField(null=True, blank=True)
    target_comment = models.TextField(blank=True)

    objects = ScopedManager.from_queryset(IntroductionQuerySet)()

    class Meta:
        ordering = ["-requested_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-requested_at"]),
            models.Index(fields=["target", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(requester=models.F("target")),
                name="introduction_to_someone_else",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=IntroductionStatus.values),
                name="introduction_status_valid",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(requester_rating__isnull=True)
                    | models.Q(requester_rating__gte=1, requester_rating__lte=5)
                )
                & (
                    models.Q(target_rating__isnull=True)
                    | models.Q(target_rating__gte=1, target_rating__lte=5)
                ),
                name="introduction_ratings_1_to_5",
            ),
            # One open request per pair at a time.
            models.UniqueConstraint(
                fields=["requester", "target"],
                condition=models.Q(status__in=["requested", "proposed"]),
                name="one_live_introduction_per_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.requester_id} → {self.target_id}"

    @property
    def audit_partner_id(self) -> int:
        return self.requester_id
