"""Earnings statements: one per partner, plan and month, drafted from the rules and approved
and paid by finance; every line traceable to its sale and its rule version, with the exchange
rate and its date; disputes on lines with their conversation; usage imported per period."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trellis.core.scoping import ScopedManager, ScopedQuerySet

from ..choices import DisputeStatus, SaleKind, StatementStatus
from .plans import IncentivePlan, RuleVersion


def money(label: Any = None, **extra: Any) -> models.DecimalField[Any, Any]:
    """An amount in the statement's (or the source's) currency: decimals, never floats."""
    return models.DecimalField(label, max_digits=16, decimal_places=2, **extra)


class PartnerOwned(ScopedQuerySet):
    partner_path = "partner_id"


class OnStatement(ScopedQuerySet):
    partner_path = "statement__partner_id"


class Statement(models.Model):
    partner = models.ForeignKey("partners.Partner", on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey(IncentivePlan, on_delete=models.PROTECT, related_name="statements")
    period = models.CharField(_("period"), max_length=7)  # 2027-03
    starts = models.DateField()
    ends = models.DateField()
    currency = models.CharField(max_length=3)
    status = models.CharField(
        max_length=10, choices=StatementStatus.choices, default=StatementStatus.DRAFT
    )
    total = money(_("total"), default=0)
    held = models.BooleanField(default=False)  # the partner left: paid with its final statement
    computed_at = models.DateTimeField(auto_now=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    payment_reference = models.CharField(max_length=80, blank=True)

    objects = ScopedManager.from_queryset(PartnerOwned)()

    class Meta:
        ordering = ["-starts", "partner_id"]
        indexes = [models.Index(fields=["plan", "period", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "plan", "period"], name="statement_once_per_period"
            ),
            models.CheckConstraint(
                condition=~Q(status="paid") | ~Q(payment_reference=""),
                name="statement_paid_has_reference",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner_id} {self.period}"

    @property
    def audit_partner_id(self) -> int:
        return self.partner_id


class DraftRun(models.Model):
    """The latest drafting of a plan's month: what it wrote, and the sales it could not
    convert for want of an exchange rate (per currency: the earliest day and how many), so
    finance adds the rates and drafts again instead of paying short."""

    plan = models.ForeignKey(IncentivePlan, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=7)
    computed_at = models.DateTimeField()
    statements = models.PositiveIntegerField(default=0)
    lines = models.PositiveIntegerField(default=0)
    missing_rates = models.JSONField(default=list, blank=True)  # [{currency, from, sales}]

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "period"], name="draft_run_once_per_month")
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.period}"


class StatementLine(models.Model):
    # Lines are read through their statement, which names the partner. Measured: each further
    # index, and on PostgreSQL each further foreign key checked at commit, cost a tenth of a
    # month's drafting; so the rule version has no index and the partner is the statement's.
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="lines")
    rule_version = models.ForeignKey(
        RuleVersion, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    kind = models.CharField(max_length=12)
    source = models.CharField(max_length=12)  # deal, usage, marketplace, dispute
    source_id = models.PositiveBigIntegerField()
    base = money()
    rate = models.DecimalField(max_digits=9, decimal_places=4)
    amount = money()
    source_amount = money()
    source_currency = models.CharField(max_length=3)
    fx_rate = models.DecimalField(max_digits=18, decimal_places=8, default=1)
    fx_day = models.DateField(null=True, blank=True)
    why = models.CharField(max_length=20)
    figures = models.JSONField(default=dict, blank=True)

    objects = ScopedManager.from_queryset(OnStatement)()

    class Meta:
        ordering = ["statement", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.amount}"

    @property
    def partner_id(self) -> int:
        return self.statement.partner_id

    @property
    def partner(self) -> Any:
        return self.statement.partner


class ReportedSale(models.Model):
    """Revenue the vendor learns of from outside its deal desk, imported per period: a
    customer's consumption billed through the partner, or a cloud marketplace sale (a private
    offer) credited to it. Imported again, the same reference replaces nothing: it is refused."""

    plan = models.ForeignKey(IncentivePlan, on_delete=models.PROTECT, related_name="+")
    partner = models.ForeignKey("partners.Partner", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12, choices=SaleKind.choices)
    period = models.CharField(_("period"), max_length=7)  # 2027-03, the statement it earns in
    sold_on = models.DateField(_("date"))
    reference = models.CharField(_("reference"), max_length=120)
    customer_name = models.CharField(_("customer"), max_length=250)
    amount = money(_("amount"))
    currency = models.CharField(_("currency"), max_length=3)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedManager.from_queryset(PartnerOwned)()

    class Meta:
        ordering = ["-sold_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "partner", "kind", "reference"], name="reported_sale_once"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="reported_sale_not_negative"),
        ]
        indexes = [models.Index(fields=["plan", "period"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.reference}"


class DisputeQuerySet(ScopedQuerySet):
    partner_path = "partner_id"


class Dispute(models.Model):
    line = models.ForeignKey(StatementLine, on_delete=models.PROTECT, related_name="disputes")
    partner = models.ForeignKey("partners.Partner", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=DisputeStatus.choices, default="open")
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True, db_index=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Accepted with a correction: paid (or taken back) on the statement of the month it was
    # accepted in, as a line naming this dispute.
    adjustment = money(_("adjustment"), null=True, blank=True)

    objects = ScopedManager.from_queryset(DisputeQuerySet)()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["line"], condition=Q(status="open"), name="dispute_one_open_per_line"
            )
        ]

    def __str__(self) -> str:
        return f"dispute on {self.line_id}"

    @property
    def audit_partner_id(self) -> int:
        return self.partner_id


class DisputeMessage(models.Model):
    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField()
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"message on {self.dispute_id}"
