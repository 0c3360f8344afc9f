"""Co-sells: the vendor and one partner pursuing one opportunity, with a shared thread and next
steps."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trellis.core.scoping import ScopedManager, ScopedQuerySet

from ..choices import (
    CoSellStatus,
    DeclineReason,
    Side,
)

if TYPE_CHECKING:
    from trellis.deals.models import DealRegistration, DirectOpportunity


class CoSellQuerySet(ScopedQuerySet):
    """A partner sees the co-sells it is part of; each one's thread and steps go with it."""

    partner_path = "partner_id"


class CoSell(models.Model):
    """The vendor and one partner pursuing one opportunity together.

    Either the vendor invites a partner into one of its own opportunities
    (``opportunity``), or a partner invites the vendor into one of its
    registrations (``deal``). The side that owns the opportunity decides which
    of its fields the other side sees (``shared_fields``).
    """

    partner = models.ForeignKey(
        "partners.Partner", on_delete=models.PROTECT, related_name="co_sells"
    )
    origin = models.CharField(_("invited by"), max_length=8, choices=Side.choices)
    opportunity = models.ForeignKey(
        "deals.DirectOpportunity",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="co_sells",
    )
    deal = models.ForeignKey(
        "deals.DealRegistration",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="co_sells",
    )
    customer = models.ForeignKey(
        "customers.CustomerAccount", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=250)
    status = models.CharField(
        _("status"), max_length=10, choices=CoSellStatus.choices, default=CoSellStatus.INVITED
    )
    shared_fields = models.JSONField(_("shared with the other side"), default=list, blank=True)
    message = models.TextField(_("invitation"), blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_at = models.DateTimeField(auto_now_add=True)
    # Who leads on each side (the inviter, and whoever accepted).
    vendor_lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    partner_lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.CharField(max_length=16, choices=DeclineReason.choices, blank=True)
    decline_note = models.TextField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager.from_queryset(CoSellQuerySet)()

    class Meta:
        ordering = ["-invited_at", "-id"]
        indexes = [
            models.Index(fields=["partner", "status"]),
            models.Index(fields=["status", "-invited_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=CoSellStatus.values), name="cosell_status_valid"
            ),
            # The vendor's invitation points at its opportunity; a partner's at its registration.
            models.CheckConstraint(
                condition=models.Q(origin="vendor", opportunity__isnull=False, deal__isnull=True)
                | models.Q(origin="partner", deal__isnull=False, opportunity__isnull=True),
                name="cosell_origin_matches_record",
            ),
            # One live invitation per opportunity and partner, and per registration.
            models.UniqueConstraint(
                fields=["opportunity", "partner"],
                condition=models.Q(status__in=["invited", "active"]),
                name="one_live_cosell_per_opportunity_partner",
            ),
            models.UniqueConstraint(
                fields=["deal"],
                condition=models.Q(status__in=["invited", "active"]),
                name="one_live_cosell_per_deal",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_partner_id(self) -> int:
        return self.partner_id

    @property
    def owner_side(self) -> str:
        """The side whose opportunity this is (and who decides what is shared)."""
        return self.origin

    def shares(self, field: str) -> bool:
        return field in self.shared_fields

    @property
    def vendor_opportunity(self) -> DirectOpportunity:
        assert self.opportunity is not None, "a co-sell the vendor started has its opportunity"
        return self.opportunity

    @property
    def partner_deal(self) -> DealRegistration:
        assert self.deal is not None, "a co-sell a partner started has its registration"
        return self.deal


class CoSellChildQuerySet(ScopedQuerySet):
    partner_path = "cosell__partner_id"


class CoSellMessage(models.Model):
    """One entry in the thread both sides of a co-sell read."""

    cosell = models.ForeignKey(CoSell, on_delete=models.CASCADE, related_name="messages")
    side = models.CharField(max_length=8, choices=Side.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("message"))
    posted_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager.from_queryset(CoSellChildQuerySet)()

    class Meta:
        ordering = ["posted_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(body=""), name="cosell_message_not_empty")
        ]

    def __str__(self) -> str:
        return f"{self.cosell_id}: {self.body[:40]}"


class CoSellStep(models.Model):
    """A next step one side owes the other: who does what by when."""

    cosell = models.ForeignKey(CoSell, on_delete=models.CASCADE, related_name="steps")
    side = models.CharField(_("side"), max_length=8, choices=Side.choices)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("next step"), max_length=200)
    due_on = models.DateField(_("due"))
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reminded_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager.from_queryset(CoSellChildQuerySet)()

    class Meta:
        ordering = ["done_at", "due_on", "id"]
        indexes = [models.Index(fields=["done_at", "due_on"])]
        constraints = [
            models.CheckConstraint(condition=~models.Q(title=""), name="cosell_step_titled")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def overdue(self) -> bool:
        return self.done_at is None and self.due_on < timezone.localdate()
