"""Deal registrations, the claims that make the first registrant win, and the conflict record."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trellis.core.money import CURRENCIES
from trellis.core.scoping import ScopedManager, ScopedQuerySet

from .choices import (
    AppealStatus,
    CheckOutcome,
    ConflictKind,
    CoSellerStatus,
    DealStatus,
    DealType,
    DirectAccountPolicy,
    FamilyPolicy,
    OpportunityStage,
    RejectReason,
)


class RulesOfEngagement(models.Model):
    """How a program protects registrations; every automated decision cites these."""

    program = models.OneToOneField(
        "partners.Program", on_delete=models.CASCADE, related_name="rules"
    )
    protection_days = models.PositiveSmallIntegerField(_("protection period (days)"), default=90)
    sla_hours = models.PositiveSmallIntegerField(_("decision SLA (business hours)"), default=24)
    extension_days = models.PositiveSmallIntegerField(_("days per extension"), default=30)
    max_extensions = models.PositiveSmallIntegerField(_("extensions allowed"), default=1)
    max_open_per_partner = models.PositiveIntegerField(
        _("open registrations per partner"),
        null=True,
        blank=True,
        help_text=_("Empty means no limit."),
    )
    family_overlap_conflicts = models.BooleanField(
        _("conflict only on overlapping product families"),
        default=True,
        help_text=_("Off: any active registration for the customer is a conflict."),
    )
    direct_accounts = models.CharField(
        _("vendor direct accounts"),
        max_length=16,
        choices=DirectAccountPolicy.choices,
        default=DirectAccountPolicy.REVIEW,
    )
    family_protection = models.CharField(
        _("corporate families"),
        max_length=16,
        choices=FamilyPolicy.choices,
        default=FamilyPolicy.REVIEW,
        help_text=_("A registration never loses to a family member automatically."),
    )
    auto_approve = models.BooleanField(_("approve clear registrations automatically"), default=True)
    auto_approve_max_amount = models.DecimalField(
        _("automatic approval up to"), max_digits=14, decimal_places=2, default=50000
    )
    auto_approve_currency = models.CharField(
        _("currency of that amount"), max_length=3, default="USD"
    )
    expiry_warning_days = models.PositiveSmallIntegerField(
        _("warn this many days before protection ends"), default=14
    )

    class Meta:
        verbose_name_plural = "rules of engagement"
        constraints = [
            models.CheckConstraint(
                condition=Q(auto_approve_max_amount__gte=0),
                name="roe_threshold_nonnegative",
                violation_error_message=_("The automatic approval limit cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(protection_days__gte=1),
                name="roe_protection_positive",
                violation_error_message=_("Protection lasts at least one day."),
            ),
            models.CheckConstraint(
                condition=Q(sla_hours__gte=1),
                name="roe_sla_positive",
                violation_error_message=_("The decision deadline is at least one hour."),
            ),
            models.CheckConstraint(
                condition=Q(auto_approve_currency__in=CURRENCIES),
                name="roe_currency_known",
                violation_error_message=_("Choose a known currency."),
            ),
        ]

    def __str__(self) -> str:
        return f"Rules for {self.program_id}"


class DealQuerySet(ScopedQuerySet):
    partner_path = "partner_id"


class DealRegistration(models.Model):
    """One partner's claim to one opportunity at one customer."""

    partner = models.ForeignKey(
        "partners.Partner",
        on_delete=models.PROTECT,
        related_name="deals",
        db_index=False,  # the (partner, status, -created_at) index serves lookups by partner
    )
    program = models.ForeignKey("partners.Program", on_delete=models.PROTECT, related_name="deals")
    customer = models.ForeignKey(
        "customers.CustomerAccount",
        on_delete=models.PROTECT,
        related_name="deals",
        db_index=False,  # the (customer, status) index serves lookups by customer
    )
    # The customer as the partner wrote it; the matched account may be spelt otherwise.
    customer_name = models.CharField(_("customer name"), max_length=250)
    customer_domain = models.CharField(_("customer domain"), max_length=253, blank=True)
    customer_country = models.CharField(_("customer country"), max_length=2)
    customer_city = models.CharField(_("customer city"), max_length=120, blank=True)
    contact_name = models.CharField(_("contact name"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    expected_close = models.DateField(_("expected close"))
    deal_type = models.CharField(_("deal type"), max_length=10, choices=DealType.choices)
    sourced = models.BooleanField(_("partner-sourced"), default=True)
    description = models.TextField(_("description"), blank=True)
    # The code of the marketing activity that brought the deal (a fund request's campaign
    # code): how a campaign's pipeline and revenue are counted.
    campaign_code = models.CharField(_("campaign code"), max_length=20, blank=True, db_index=True)
    # Partners named to sell alongside; each counts once it accepted (DealCoSeller.status).
    co_sellers = models.ManyToManyField(
        "partners.Partner", blank=True, through="DealCoSeller", related_name="co_sold_deals"
    )
    # The vendor's own sales team sells alongside the partner (a co-sell the vendor accepted).
    vendor_co_selling = models.BooleanField(_("vendor sells alongside"), default=False)

    status = models.CharField(
        _("status"), max_length=12, choices=DealStatus.choices, default=DealStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    sla_due_at = models.DateTimeField(_("decision due"), null=True, blank=True, db_index=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # When it was reported won or lost: revenue counts from here (tiers, time to first revenue).
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # A won deal undone later (cancelled, refunded): incentives claw back in this month.
    reversed_at = models.DateTimeField(_("reversed"), null=True, blank=True, db_index=True)
    auto_decided = models.BooleanField(_("decided automatically"), default=False)
    protected_until = models.DateTimeField(
        _("protected until"), null=True, blank=True, db_index=True
    )
    extensions_used = models.PositiveSmallIntegerField(_("extensions used"), default=0)
    reject_reason = models.CharField(
        _("reason for rejection"), max_length=20, choices=RejectReason.choices, blank=True
    )
    decision_note = models.TextField(_("decision note"), blank=True)
    info_request = models.TextField(_("question to the partner"), blank=True)
    uplift_pct = models.DecimalField(
        _("registration margin uplift"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    # The conflict engine's verdict and its reasons, kept as shown to people.
    check_outcome = models.CharField(
        max_length=10, choices=CheckOutcome.choices, default=CheckOutcome.CLEAR
    )
    check_reasons = models.JSONField(default=list, blank=True)
    match_score = models.FloatField(null=True, blank=True)
    match_evidence = models.JSONField(default=list, blank=True)
    related_deals = models.JSONField(
        default=list, blank=True, help_text=_("Registrations a person should compare.")
    )
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    expiry_warned_at = models.DateTimeField(null=True, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="registered_deals",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager.from_queryset(DealQuerySet)()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="deal_amount_nonnegative"),
            models.CheckConstraint(
                condition=Q(currency__in=CURRENCIES), name="deal_currency_known"
            ),
            models.CheckConstraint(
                condition=Q(status__in=DealStatus.values), name="deal_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=DealStatus.APPROVED) | Q(protected_until__isnull=False),
                name="approved_deal_is_protected",
            ),
        ]
        indexes = [
            models.Index(fields=["partner", "status", "-created_at"]),
            models.Index(fields=["status", "sla_due_at"]),
            models.Index(fields=["customer", "status"]),
            # One partner's won revenue over a period (its tier status, time to first revenue).
            models.Index(fields=["partner", "status", "closed_at"]),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.customer_name}"

    @property
    def audit_partner_id(self) -> int:
        return self.partner_id

    def keep_lines(self, lines: list[DealProduct]) -> None:
        """Remember lines just written, so ``line_items`` needs no re-read."""
        self._kept_lines = list(lines)

    def line_items(self) -> list[DealProduct]:
        """Its lines: those kept when they were written, else read (or prefetched) as usual.

        Kept as a plain list: a related manager's queryset costs more to build
        than the rest of a registration's response.
        """
        kept: list[DealProduct] | None = self.__dict__.get("_kept_lines")
        return list(kept) if kept is not None else list(self.lines.all())

    @property
    def sla_breached(self) -> bool:
        """Waiting for the vendor past its decision time."""
        return (
            self.status == DealStatus.SUBMITTED
            and self.sla_due_at is not None
            and self.sla_due_at < timezone.now()
        )


class DealProduct(models.Model):
    deal = models.ForeignKey(
        DealRegistration,
        on_delete=models.CASCADE,
        related_name="lines",
        db_index=False,  # the (deal, product) constraint serves lookups by deal
    )
    product = models.ForeignKey("catalog.Product", on_delete=models.PROTECT, related_name="+")
    family = models.ForeignKey("catalog.ProductFamily", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["deal", "product"], name="deal_product_once")
        ]

    def __str__(self) -> str:
        return f"{self.deal_id}:{self.product_id}"


class CoSellerQuerySet(ScopedQuerySet):
    """A named partner sees the requests made to it (the registrant sees them on its deal)."""

    partner_path = "partner_id"


class DealCoSeller(models.Model):
    """A partner the registrant named to sell alongside it. Naming is a request: the named
    partner accepts or declines, and only an accepted one counts as co-selling (matchmaking,
    win rates)."""

    deal = models.ForeignKey(
        DealRegistration, on_delete=models.CASCADE, related_name="co_seller_links"
    )
    partner = models.ForeignKey(
        "partners.Partner", on_delete=models.PROTECT, related_name="co_seller_requests"
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CoSellerStatus.choices,
        default=CoSellerStatus.PROPOSED,
    )
    named_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedManager.from_queryset(CoSellerQuerySet)()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["deal", "partner"], name="co_seller_once_per_deal"),
            models.CheckConstraint(
                condition=Q(status__in=CoSellerStatus.values), name="co_seller_status_known"
            ),
            models.CheckConstraint(
                condition=Q(status=CoSellerStatus.PROPOSED, answered_at__isnull=True)
                | (~Q(status=CoSellerStatus.PROPOSED) & Q(answered_at__isnull=False)),
                name="co_seller_answered_when_not_proposed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner_id} on {self.deal_id}: {self.status}"


class ClaimQuerySet(ScopedQuerySet):
    partner_path = "deal__partner_id"


class DealClaim(models.Model):
    """First registrant wins: at most one active claim per customer and product family.

    The partial unique index below is what makes that true under any number
    of simultaneous registrations, on PostgreSQL and SQLite alike.
    """

    customer = models.ForeignKey(
        "customers.CustomerAccount", on_delete=models.PROTECT, related_name="+"
    )
    family = models.ForeignKey("catalog.ProductFamily", on_delete=models.PROTECT, related_name="+")
    deal = models.ForeignKey(
        DealRegistration,
        on_delete=models.CASCADE,
        related_name="claims",
        db_index=False,  # the (deal, family) constraint serves lookups by deal
    )
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager.from_queryset(ClaimQuerySet)()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "family"],
                condition=Q(active=True),
                name="one_active_claim_per_customer_family",
            ),
            models.UniqueConstraint(fields=["deal", "family"], name="claim_once_per_deal_family"),
        ]

    def __str__(self) -> str:
        return f"{self.customer_id}/{self.family_id} by {self.deal_id}"


class DirectOpportunityQuerySet(ScopedQuerySet):
    """The vendor's own pipeline: never shown to partners."""

    partner_path = None


class DirectOpportunity(models.Model):
    """An open opportunity of the vendor's own sales team (CRM), which partners must not cut
    across."""

    customer = models.ForeignKey(
        "customers.CustomerAccount", on_delete=models.PROTECT, related_name="+"
    )
    family = models.ForeignKey("catalog.ProductFamily", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    crm_external_id = models.CharField(max_length=64, blank=True)
    is_open = models.BooleanField(default=True)
    stage = models.CharField(
        _("stage"),
        max_length=10,
        choices=OpportunityStage.choices,
        default=OpportunityStage.QUALIFY,
    )
    amount = models.DecimalField(
        _("amount"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    expected_close = models.DateField(_("expected close"), null=True, blank=True)
    contact_name = models.CharField(_("contact name"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager.from_queryset(DirectOpportunityQuerySet)()

    class Meta:
        verbose_name_plural = "direct opportunities"
        indexes = [models.Index(fields=["customer", "is_open"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(stage__in=OpportunityStage.values), name="opportunity_stage_valid"
            ),
            # Open exactly while not closed won or lost.
            models.CheckConstraint(
                condition=Q(is_open=True, stage__in=["qualify", "develop", "propose", "negotiate"])
                | Q(is_open=False, stage__in=["won", "lost"]),
                name="opportunity_open_matches_stage",
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="opportunity_amount_nonnegative",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ConflictQuerySet(ScopedQuerySet):
    """The vendor sees the whole log; a partner only its own attempts (never who won)."""

    partner_path = "partner_id"


class ConflictLog(models.Model):
    """A registration that lost to an active one, or was stopped by a rule; the vendor sees all of
    it."""

    occurred_at = models.DateTimeField(auto_now_add=True, db_index=True)
    partner = models.ForeignKey(
        "partners.Partner", on_delete=models.PROTECT, related_name="conflicts"
    )
    attempted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    customer = models.ForeignKey(
        "customers.CustomerAccount", null=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=16, choices=ConflictKind.choices)
    winning_deal = models.ForeignKey(
        DealRegistration,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="conflicts_won",
    )
    attempt = models.JSONField(default=dict, help_text=_("What the partner submitted."))
    families = models.JSONField(default=list)
    match_score = models.FloatField(null=True, blank=True)
    evidence = models.JSONField(default=list)

    objects = ScopedManager.from_queryset(ConflictQuerySet)()

    class Meta:
        ordering = ["-occurred_at", "-id"]

    def __str__(self) -> str:
        return f"conflict {self.pk} ({self.kind})"

    @property
    def audit_partner_id(self) -> int:
        return self.partner_id


class AppealQuerySet(ScopedQuerySet):
    partner_path = "partner_id"


class ConflictAppeal(models.Model):
    """A partner's appeal against a conflict decision: a review case for the channel manager."""

    conflict = models.OneToOneField(ConflictLog, on_delete=models.CASCADE, related_name="appeal")
    partner = models.ForeignKey(
        "partners.Partner", on_delete=models.PROTECT, related_name="appeals"
    )
    reason = models.TextField()
    status = models.CharField(
        max_length=12, choices=AppealStatus.choices, default=AppealStatus.OPEN
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    objects = ScopedManager.from_queryset(AppealQuerySet)()

    class Meta:
        ordering = ["-opened_at"]

    def __str__(self) -> str:
        return f"appeal {self.pk}"

    @property
    def audit_partner_id(self) -> int:
        return self.partner_id
