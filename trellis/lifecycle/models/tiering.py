"""Tiering: how often each program's tiers are evaluated, every run, each partner's standing
(the figures behind it, a downgrade waiting out its grace period), the history of tier changes
and manual overrides, and the measures imported from outside (satisfaction, marketplace sales)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trellis.core.scoping import ScopedManager, ScopedQuerySet
from trellis.partners.choices import TierMetric

from ..choices import MeasureKind, RunTrigger, TierChangeKind


class PartnerOwnedQuerySet(ScopedQuerySet):
    partner_path = "partner_id"


class TierPolicy(models.Model):
    """How a program's tiers are kept: evaluated every few months, downgrades after a grace."""

    program = models.OneToOneField(
        "partners.Program", on_delete=models.CASCADE, related_name="tier_policy"
    )
    every_months = models.PositiveSmallIntegerField(
        _("evaluate every (months)"),
        default=3,
        help_text=_("Tiers are evaluated on this schedule, and whenever you ask."),
    )
    grace_days = models.PositiveSmallIntegerField(
        _("grace period before a downgrade (days)"),
        default=90,
        help_text=_("Upgrades apply at once; a partner that falls short is warned first."),
    )
    last_run_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(every_months__gte=1, every_months__lte=12),
                name="tier_policy_every_months_range",
                violation_error_message=_("Evaluate between every month and once a year."),
            ),
            models.CheckConstraint(
                condition=Q(grace_days__lte=365),
                name="tier_policy_grace_range",
                violation_error_message=_("A grace period is at most a year."),
            ),
        ]

    def __str__(self) -> str:
        return f"tier policy of {self.program_id}"


class TierRun(models.Model):
    program = models.ForeignKey("partners.Program", on_delete=models.CASCADE, related_name="+")
    trigger = models.CharField(max_length=12, choices=RunTrigger.choices)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    evaluated = models.PositiveIntegerField(default=0)
    upgraded = models.PositiveIntegerField(default=0)
    warned = models.PositiveIntegerField(default=0)
    downgraded = models.PositiveIntegerField(default=0)
    recovered = models.PositiveIntegerField(default=0)
    held = models.PositiveIntegerField(default=0)
    # Rates used for revenue in other currencies: the day they were taken.
    rates_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"tier run {self.pk}"


class TierStanding(models.Model):
    """A partner's latest evaluation in one program: what it earns, on which figures, and a
    downgrade waiting for its grace period to end."""

    partner = models.ForeignKey("partners.Partner", on_delete=models.CASCADE, related_name="+")
    program = models.ForeignKey("partners.Program", on_delete=models.CASCADE, related_name="+")
    run = models.ForeignKey(TierRun, on_delete=models.SET_NULL, null=True, related_name="+")
    evaluated_at = models.DateTimeField()
    earned_tier = models.ForeignKey("partners.Tier", on_delete=models.CASCADE, related_name="+")
    figures = models.JSONField(default=dict)
    downgrade_due_at = models.DateTimeField(null=True, blank=True)
    downgrade_to = models.ForeignKey(
        "partners.Tier", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    warned_at = models.DateTimeField(null=True, blank=True)  # when the pending downgrade began

    objects = ScopedManager.from_queryset(PartnerOwnedQuerySet)()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partner", "program"], name="tier_standing_once"),
            models.CheckConstraint(
                condition=Q(downgrade_due_at__isnull=True) | Q(downgrade_to__isnull=False),
                name="tier_standing_downgrade_named",
            ),
        ]
        indexes = [models.Index(fields=["program", "downgrade_due_at"])]

    def __str__(self) -> str:
        return f"{self.partner_id} in {self.program_id}"

    @property
    def audit_partner_id(self) -> int:
        return self.partner_id


class TierChange(models.Model):
    """One change of a partner's tier, with the figures behind it: the tier history."""

    partner = models.ForeignKey("partners.Partner", on_delete=models.CASCADE, related_name="+")
    program = models.ForeignKey("partners.Program", on_delete=models.CASCADE, related_name="+")
    from_tier = models.ForeignKey(
        "partners.Tier", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_tier = models.ForeignKey(
        "partners.Tier", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=16, choices=TierChangeKind.choices)
    effective_at = models.DateTimeField()
    figures = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True)
    run = models.ForeignKey(
        TierRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedManager.from_queryset(PartnerOwnedQuerySet)()

    class Meta:
        ordering = ["-effective_at", "-id"]
        indexes = [models.Index(fields=["partner", "program", "-effective_at"])]

    def __str__(self) -> str:
        return f"{self.partner_id}: {self.from_tier_id} -> {self.to_tier_id}"

    def figure_lines(self) -> list[tuple[str, object]]:
        """The figures behind the change, each under its measure's name."""
        labels = dict(TierMetric.choices)
        return [(str(labels[k]), v) for k, v in (self.figures or {}).items() if k in labels]

    @property
    def audit_partner_id(self) -> int:
        return self.partner_id


class TierOverride(models.Model):
    """A tier set by hand, with why and until when; evaluations leave it alone meanwhile."""

    partner = models.ForeignKey("partners.Partner", on_delete=models.CASCADE, related_name="+")
    program = models.ForeignKey("partners.Program", on_delete=models.CASCADE, related_name="+")
    tier = models.ForeignKey("partners.Tier", on_delete=models.CASCADE, related_name="+")
    reason = models.TextField(_("reason"))
    ends_on = models.DateField(_("until"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager.from_queryset(PartnerOwnedQuerySet)()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "program"],
                condition=Q(ended_at__isnull=True),
                name="tier_override_one_active",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="tier_override_has_reason"),
        ]

    def __str__(self) -> str:
        return f"override {self.partner_id} -> {self.tier_id}"

    @property
    def audit_partner_id(self) -> int:
        return self.partner_id


class PartnerMeasure(models.Model):
    """A figure tiers use that Trellis does not record itself: a customer-satisfaction score
    from a survey tool, sales through a cloud marketplace. One per partner, kind and period."""

    partner = models.ForeignKey("partners.Partner", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=MeasureKind.choices)
    period_end = models.DateField(_("period end"))
    value = models.DecimalField(max_digits=14, decimal_places=2)
    currency = models.CharField(max_length=3, blank=True)
    source = models.CharField(max_length=100, blank=True)
    recorded_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager.from_queryset(PartnerOwnedQuerySet)()

    class Meta:
        ordering = ["-period_end"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "kind", "period_end"], name="partner_measure_once"
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="partner_measure_nonnegative"),
            models.CheckConstraint(
                condition=~Q(kind="csat") | Q(value__gte=1, value__lte=5),
                name="partner_measure_csat_range",
            ),
            models.CheckConstraint(
                condition=~Q(kind="marketplace_sales") | ~Q(currency=""),
                name="partner_measure_sales_currency",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.period_end}"

    @property
    def audit_partner_id(self) -> int:
        return self.partner_id
