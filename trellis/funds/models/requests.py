"""A partner's request for marketing funds: the activity, what it costs and should bring, the
compliance flags found at submission, and the vendor's decision."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from trellis.core.scoping import ScopedManager, ScopedQuerySet

from ..choices import ActivityType, RequestStatus
from .funds import Fund, money


class RequestQuerySet(ScopedQuerySet):
    partner_path = "partner_id"


class MdfRequest(models.Model):
    partner = models.ForeignKey("partners.Partner", on_delete=models.PROTECT, related_name="+")
    program = models.ForeignKey("partners.Program", on_delete=models.PROTECT, related_name="+")
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="requests")
    campaign_code = models.CharField(_("campaign code"), max_length=20, unique=True)
    activity_type = models.CharField(_("activity"), max_length=24, choices=ActivityType.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    audience = models.CharField(_("audience"), max_length=300, blank=True)
    starts = models.DateField(_("starts"))
    ends = models.DateField(_("ends"))
    cost = money(_("total cost"))
    requested_amount = money(_("amount requested"))
    currency = models.CharField(_("currency"), max_length=3)
    expected_leads = models.PositiveIntegerField(_("expected leads"), default=0)
    expected_pipeline = models.DecimalField(
        _("expected pipeline"), max_digits=16, decimal_places=2, default=0
    )
    collects_personal_data = models.BooleanField(_("collects personal data"), default=False)
    consent_attested = models.BooleanField(_("consent confirmed"), default=False)
    involves_public_officials = models.BooleanField(
        _("public officials take part or benefit"), default=False
    )
    gifts_or_hospitality = models.BooleanField(_("includes gifts or hospitality"), default=False)
    cash_equivalents = models.BooleanField(_("hands out cash or equivalents"), default=False)
    payee_name = models.CharField(_("paid to"), max_length=200)
    flags = models.JSONField(default=list, blank=True)  # [{"code", "field", "figures"}]
    status = models.CharField(
        max_length=10, choices=RequestStatus.choices, default=RequestStatus.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    decision_due_at = models.DateTimeField(_("decision due"))
    escalated_at = models.DateTimeField(null=True, blank=True)
    question = models.TextField(_("question to the partner"), blank=True)
    approved_amount = money(_("amount approved"), null=True, blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    claim_deadline = models.DateField(_("claim by"))
    # The pipeline the activity will likely bring, learned from past activities, when a
    # trusted forecast existed at submission (in the request's currency).
    forecast_pipeline = money(_("likely pipeline"), null=True, blank=True)
    forecast_low = money(null=True, blank=True)
    forecast_high = money(null=True, blank=True)
    forecast_run = models.ForeignKey(
        "funds.ForecastRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager.from_queryset(RequestQuerySet)()

    class Meta:
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends__gte=F("starts")), name="mdf_request_dates"),
            models.CheckConstraint(
                condition=Q(cost__gt=0, requested_amount__gt=0)
                & Q(requested_amount__lte=F("cost")),
                name="mdf_request_amounts",
            ),
            models.CheckConstraint(
                condition=Q(approved_amount__isnull=True)
                | Q(approved_amount__gt=0, approved_amount__lte=F("requested_amount")),
                name="mdf_request_approved_at_most_requested",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["approved", "closed"]) | Q(approved_amount__isnull=False),
                name="mdf_request_approved_has_amount",
            ),
            models.CheckConstraint(
                condition=Q(collects_personal_data=False) | Q(consent_attested=True),
                name="mdf_request_consent_for_personal_data",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "decision_due_at"]),
            models.Index(fields=["partner", "-submitted_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_code} {self.title}"

    @property
    def audit_partner_id(self) -> int:
        return self.partner_id

    @property
    def flagged(self) -> bool:
        return bool(self.flags)
