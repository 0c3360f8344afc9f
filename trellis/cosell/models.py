"""Account mapping (a partner's list, the overlap, what may be shared) and co-sells between the vendor and a partner."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trellis.core.scoping import ScopedManager, ScopedQuerySet

from .choices import (
    SEEN_BY_TARGET,
    AccountStatus,
    CoSellStatus,
    DeclineReason,
    IntroductionStatus,
    SharingLevel,
    Side,
)

if TYPE_CHECKING:
    from trellis.deals.models import DealRegistration, DirectOpportunity


class PartnerAccountQuerySet(ScopedQuerySet):
    """A partner's uploaded list: its own people see it; vendor staff only through the overlap, per policy."""

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

    objects = ScopedManager.from_queryset(OverlapQuerySet)()

    class Meta:
        indexes = [models.Index(fields=["partner", "vendor_status", "partner_status"])]

    def __str__(self) -> str:
        return f"{self.partner_id}: {self.customer_id}"


class PolicyQuerySet(ScopedQuerySet):
    partner_path = "partner_id"


class SharingPolicy(models.Model):
    """What the vendor offers to share with a partner, and what the partner agreed to; the lower applies."""

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


class IntroductionQuerySet(ScopedQuerySet):
    """The requester sees its requests; the partner asked to meet only once the vendor passed one on."""

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
            models.CheckConstraint(condition=~models.Q(requester=models.F("target")), name="introduction_to_someone_else"),
            models.CheckConstraint(condition=models.Q(status__in=IntroductionStatus.values), name="introduction_status_valid"),
            models.CheckConstraint(
                condition=(models.Q(requester_rating__isnull=True) | models.Q(requester_rating__gte=1, requester_rating__lte=5))
                & (models.Q(target_rating__isnull=True) | models.Q(target_rating__gte=1, target_rating__lte=5)),
                name="introduction_ratings_1_to_5",
            ),
            # One open request per pair at a time.
            models.UniqueConstraint(
                fields=["requester", "target"], condition=models.Q(status__in=["requested", "proposed"]),
                name="one_live_introduction_per_pair",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.requester_id} → {self.target_id}"

    @property
    def audit_partner_id(self) -> int:
        return self.requester_id
