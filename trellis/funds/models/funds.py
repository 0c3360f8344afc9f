"""Funds and their ledgers: a budget (per fiscal period, program, region and tier) or a
partner's own fund, the append-only entries that move its money, transfers between budgets,
and each program's rules for marketing funds."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from trellis.core.scoping import ScopedManager, ScopedQuerySet

from ..choices import ActivityType, Allocation, EntryKind, FundKind, TransferStatus


def money(label: Any = None, **extra: Any) -> models.DecimalField[Any, Any]:
    """An amount of money (its currency is on the row): decimals, never floats."""
    return models.DecimalField(label, max_digits=14, decimal_places=2, **extra)


class FundQuerySet(ScopedQuerySet):
    partner_path = "partner_id"  # a budget (no partner) is the vendor's alone


class Fund(models.Model):
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=8, choices=FundKind.choices, default="mdf")
    currency = models.CharField(_("currency"), max_length=3)
    period = models.CharField(_("period"), max_length=12)
    starts = models.DateField(_("period starts"))
    ends = models.DateField(_("period ends"))
    program = models.ForeignKey(
        "partners.Program", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    region = models.CharField(_("region"), max_length=8, blank=True)
    tier = models.ForeignKey(
        "partners.Tier", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    partner = models.ForeignKey(
        "partners.Partner", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    allocation = models.CharField(
        _("allocation"), max_length=14, choices=Allocation.choices, default="discretionary"
    )
    accrual_pct = models.DecimalField(
        _("accrual rate (percent of revenue)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager.from_queryset(FundQuerySet)()

    class Meta:
        ordering = ["-starts", "name", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends__gte=F("starts")), name="fund_period_order"),
            models.CheckConstraint(
                condition=Q(allocation="discretionary", accrual_pct__isnull=True)
                | Q(
                    allocation="accrual",
                    accrual_pct__gt=0,
                    accrual_pct__lte=100,
                    partner__isnull=False,
                ),
                name="fund_accrual_has_rate_and_partner",
            ),
            models.UniqueConstraint(
                fields=["partner", "program", "period", "kind", "currency"],
                condition=Q(partner__isnull=False),
                name="fund_one_per_partner_program_period",
            ),
        ]
        indexes = [models.Index(fields=["partner", "-starts"])]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_partner_id(self) -> int | None:
        return self.partner_id


class EntryQuerySet(ScopedQuerySet):
    partner_path = "fund__partner_id"


class LedgerEntry(models.Model):
    """One movement of money, never changed or removed; each entry carries the fund's balances
    after it, so the latest entry is the fund's state. The database refuses an entry that
    breaks the chain (two entries with one sequence number) or leaves the fund overdrawn."""

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="entries")
    seq = models.PositiveIntegerField()
    kind = models.CharField(max_length=14, choices=EntryKind.choices)
    amount = money()
    allocated = money()
    committed = money()
    claimed = money()
    paid = money()
    expired = money()
    returned = money()
    available = money()
    request = models.ForeignKey(
        "funds.MdfRequest", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    counterpart = models.ForeignKey(
        Fund, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reference = models.CharField(max_length=120, blank=True)  # a claim, a payment, a transfer
    note = models.TextField(blank=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    made_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager.from_queryset(EntryQuerySet)()

    class Meta:
        ordering = ["fund", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["fund", "seq"], name="ledger_one_entry_per_seq"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="ledger_amount_positive"),
            models.CheckConstraint(
                condition=Q(
                    allocated__gte=0,
                    committed__gte=0,
                    claimed__gte=0,
                    paid__gte=0,
                    expired__gte=0,
                    returned__gte=0,
                    available__gte=0,
                ),
                name="ledger_never_overdrawn",
            ),
            models.CheckConstraint(
                condition=Q(
                    available=F("allocated")
                    - F("committed")
                    - F("claimed")
                    - F("paid")
                    - F("expired")
                ),
                name="ledger_available_adds_up",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fund_id}#{self.seq} {self.kind} {self.amount}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("ledger entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ValueError("ledger entries are append-only")

    @property
    def sign(self) -> str:
        """How the entry changed what is available: "+", "−", or "" (a claim or payment moves
        money already committed)."""
        return {
            "allocate": "+",
            "release": "+",
            "allocate_out": "−",
            "commit": "−",
            "expire": "−",
        }.get(self.kind, "")


class TransferQuerySet(ScopedQuerySet):
    partner_path = None  # between the vendor's budgets: no partner sees them


class Transfer(models.Model):
    """Money moved from one budget to another, asked by one person and approved by another."""

    source = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="+")
    target = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="+")
    amount = money()
    reason = models.TextField()
    status = models.CharField(
        max_length=10, choices=TransferStatus.choices, default=TransferStatus.REQUESTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    objects = ScopedManager.from_queryset(TransferQuerySet)()

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="transfer_amount_positive"),
            models.CheckConstraint(
                condition=~Q(source=F("target")), name="transfer_between_two_funds"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} → {self.target_id}: {self.amount}"


class MdfRules(models.Model):
    """A program's rules for marketing funds."""

    program = models.OneToOneField(
        "partners.Program", on_delete=models.CASCADE, related_name="mdf_rules"
    )
    max_share_pct = models.DecimalField(
        _("largest share of the cost funded (%)"), max_digits=5, decimal_places=2, default=50
    )
    notice_days = models.PositiveSmallIntegerField(
        _("notice before the activity (days)"), default=14
    )
    decision_hours = models.PositiveSmallIntegerField(
        _("decision SLA (business hours)"), default=40
    )
    claim_days = models.PositiveSmallIntegerField(
        _("days to claim after the activity ends"), default=60
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(max_share_pct__gt=0, max_share_pct__lte=100),
                name="mdf_rules_share_is_a_percentage",
            ),
            models.CheckConstraint(condition=Q(decision_hours__gt=0), name="mdf_rules_sla_set"),
        ]

    def __str__(self) -> str:
        return f"MDF rules of {self.program_id}"


class AllowedActivity(models.Model):
    """An activity a tier may ask funds for. A tier with no rows may ask for every type."""

    tier = models.ForeignKey("partners.Tier", on_delete=models.CASCADE, related_name="+")
    activity_type = models.CharField(max_length=24, choices=ActivityType.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tier", "activity_type"], name="allowed_activity_once_per_tier"
            )
        ]

    def __str__(self) -> str:
        return f"{self.tier_id}: {self.activity_type}"
