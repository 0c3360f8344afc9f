"""Leads the vendor hands to partners, the offers it makes, and why routing chose whom it chose."""

from __future__ import annotations

import operator
import secrets
from functools import reduce
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trellis.core.actor import Actor
from trellis.core.fields import FastJSONField
from trellis.core.money import CURRENCIES
from trellis.core.scoping import ScopedManager, ScopedQuerySet

from .choices import DeclineReason, DistributionMode, LeadSource, LeadStatus, OfferStatus, RunStatus
from .engine.facts import FACTORS
from .engine.routing import Weights

_DEFAULT = Weights()


def _weight(label: Any, default: float, help_text: Any) -> models.FloatField[float, float]:
    return models.FloatField(label, default=default, help_text=help_text)


class RoutingRules(models.Model):
    """How a program distributes leads: the mode, the clocks, who may take them, and the weights."""

    program = models.OneToOneField(
        "partners.Program", on_delete=models.CASCADE, related_name="lead_rules"
    )
    mode = models.CharField(
        _("distribution"),
        max_length=12,
        choices=DistributionMode.choices,
        default=DistributionMode.OFFER_ONE,
    )
    acceptance_hours = models.PositiveSmallIntegerField(_("hours to accept an offer"), default=48)
    offer_count = models.PositiveSmallIntegerField(_("partners offered at once"), default=3)
    followup_days = models.PositiveSmallIntegerField(_("days between status updates"), default=7)
    pullback_grace_days = models.PositiveSmallIntegerField(
        _("days after a missed update before the lead is pulled back"), default=3
    )
    allowed_types = models.JSONField(
        _("partner types that may take leads"),
        default=list,
        blank=True,
        help_text=_("Empty means every type."),
    )
    # What each factor weighs in a partner's score (0 ignores it); decisions show each one's.
    weight_expertise = _weight(
        _("expertise"), _DEFAULT.expertise, _("Specializations that match the lead's products.")
    )
    weight_proximity = _weight(_("proximity"), _DEFAULT.proximity, _("Distance to the customer."))
    weight_tier = _weight(_("tier"), _DEFAULT.tier, _("The tier's lead priority."))
    weight_acceptance = _weight(
        _("acceptance"), _DEFAULT.acceptance, _("Share of offers accepted.")
    )
    weight_win_rate = _weight(_("win rate"), _DEFAULT.win_rate, _("Share of worked leads won."))
    weight_response = _weight(_("response"), _DEFAULT.response, _("How fast offers are answered."))
    weight_load = _weight(_("free capacity"), _DEFAULT.load, _("Room for more open leads."))
    weight_fairness = _weight(
        _("fairness"), _DEFAULT.fairness, _("Partners offered fewer leads lately come first.")
    )

    class Meta:
        verbose_name_plural = "routing rules"
        constraints = [
            models.CheckConstraint(
                condition=Q(acceptance_hours__gte=1),
                name="lead_acceptance_window_positive",
                violation_error_message=_("Partners need at least one hour to accept."),
            ),
            models.CheckConstraint(
                condition=Q(offer_count__gte=1),
                name="lead_offer_count_positive",
                violation_error_message=_("Offer each lead to at least one partner."),
            ),
            models.CheckConstraint(
                condition=Q(followup_days__gte=1),
                name="lead_followup_positive",
                violation_error_message=_("Status updates are due at least a day apart."),
            ),
            models.CheckConstraint(
                condition=Q(**{f"weight_{f}__gte": 0 for f in FACTORS}),
                name="lead_weights_nonnegative",
                violation_error_message=_("A weight cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(**{f"weight_{f}__lte": 10 for f in FACTORS}),
                name="lead_weights_at_most_ten",
                violation_error_message=_("A weight is at most 10."),
            ),
            models.CheckConstraint(
                condition=reduce(operator.or_, (Q(**{f"weight_{f}__gt": 0}) for f in FACTORS)),
                name="lead_weights_some_positive",
                violation_error_message=_("Give at least one factor a weight above 0."),
            ),
        ]

    def __str__(self) -> str:
        return f"Lead rules for {self.program_id}"

    def weights(self) -> Weights:
        return Weights(
            expertise=self.weight_expertise,
            proximity=self.weight_proximity,
            tier=self.weight_tier,
            acceptance=self.weight_acceptance,
            win_rate=self.weight_win_rate,
            response=self.weight_response,
            load=self.weight_load,
            fairness=self.weight_fairness,
        )


class LeadQuerySet(ScopedQuerySet):
    def partner_filter(self, actor: Actor) -> Q:
        """A partner sees the leads it works, and those offered to it right now: never one it gave
        up."""
        partner_id = actor.partner_id or 0
        offered = LeadOffer.objects.filter(partner_id=partner_id, status=OfferStatus.OPEN)
        return Q(partner_id=partner_id) | Q(pk__in=offered.values("lead_id"))


class Lead(models.Model):
    """A prospective customer the vendor passes to a partner to work."""

    program = models.ForeignKey("partners.Program", on_delete=models.PROTECT, related_name="leads")
    customer_name = models.CharField(_("company"), max_length=250)
    customer_domain = models.CharField(_("domain"), max_length=253, blank=True)
    country = models.CharField(_("country"), max_length=2)
    city = models.CharField(_("city"), max_length=120, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=16, blank=True)
    # Given with the lead, or looked up from the city (core.places): routing's proximity.
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    contact_name = models.CharField(_("contact name"), max_length=150)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    estimated_amount = models.DecimalField(
        _("estimated amount"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    source = models.CharField(
        _("source"), max_length=12, choices=LeadSource.choices, default=LeadSource.CONSOLE
    )
    notes = models.TextField(_("notes"), blank=True)
    # The marketing activity that brought the lead (a fund request's campaign code); a
    # registration converted from the lead carries it on.
    campaign_code = models.CharField(_("campaign code"), max_length=20, blank=True, db_index=True)

    status = models.CharField(
        _("status"), max_length=12, choices=LeadStatus.choices, default=LeadStatus.NEW
    )
    partner = models.ForeignKey(
        "partners.Partner",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="leads",
        db_index=False,  # the (partner, status) index serves lookups by partner
    )
    unroutable_reason = models.TextField(_("why no partner was found"), blank=True)
    assigned_at = models.DateTimeField(_("assigned"), null=True, blank=True)
    followup_due_at = models.DateTimeField(
        _("next status update due"), null=True, blank=True, db_index=True
    )
    reminded_at = models.DateTimeField(null=True, blank=True)
    deal = models.OneToOneField(
        "deals.DealRegistration",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lead",
    )
    converted_at = models.DateTimeField(_("converted"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    received_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager.from_queryset(LeadQuerySet)()

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=LeadStatus.values), name="lead_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(currency__in=CURRENCIES), name="lead_currency_known"
            ),
            models.CheckConstraint(
                condition=Q(estimated_amount__isnull=True) | Q(estimated_amount__gte=0),
                name="lead_amount_nonnegative",
            ),
            # A lead someone works always names who.
            models.CheckConstraint(
                condition=~Q(status__in=["accepted", "contacted", "converted"])
                | Q(partner__isnull=False),
                name="worked_lead_has_partner",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-received_at"]),
            models.Index(fields=["partner", "status"]),
        ]

    def __str__(self) -> str:
        return f"Lead #{self.pk} {self.customer_name}"

    @property
    def audit_partner_id(self) -> int | None:
        return self.partner_id


class LeadProduct(models.Model):
    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey("catalog.Product", on_delete=models.PROTECT, related_name="+")
    family = models.ForeignKey("catalog.ProductFamily", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["lead", "product"], name="lead_product_once")
        ]

    def __str__(self) -> str:
        return f"{self.lead_id}:{self.product_id}"


class OfferQuerySet(ScopedQuerySet):
    partner_path = "partner_id"


class LeadOffer(models.Model):
    """A lead put in front of one partner, to accept or decline within the window."""

    # Lookups by lead use the (lead, partner) unique index, by partner the (partner, status) one,
    # and the
    # sweeps (status, expires_at): batch routing writes thousands of offers a second, each index
    # costs.
    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="offers", db_index=False)
    partner = models.ForeignKey(
        "partners.Partner", on_delete=models.PROTECT, related_name="lead_offers", db_index=False
    )
    rank = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=12, choices=OfferStatus.choices, default=OfferStatus.OPEN)
    offered_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decline_reason = models.CharField(max_length=24, choices=DeclineReason.choices, blank=True)
    decline_note = models.TextField(blank=True)

    objects = ScopedManager.from_queryset(OfferQuerySet)()

    class Meta:
        ordering = ["lead", "rank", "id"]
        constraints = [
            # A partner is offered a lead once: after declining or letting it lapse, never again.
            models.UniqueConstraint(
                fields=["lead", "partner"], name="lead_offered_once_per_partner"
            ),
            # Offer-to-several: the first to accept wins, even when two accept in the same instant.
            models.UniqueConstraint(
                fields=["lead"], condition=Q(status="accepted"), name="one_accepted_offer_per_lead"
            ),
            models.CheckConstraint(
                condition=Q(status__in=OfferStatus.values), name="lead_offer_status_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["partner", "status"]),
            models.Index(fields=["status", "expires_at"]),
        ]

    def __str__(self) -> str:
        return f"Offer of lead {self.lead_id} to {self.partner_id}"

    @property
    def audit_partner_id(self) -> int:
        return self.partner_id


class DecisionQuerySet(ScopedQuerySet):
    """Routing explanations rank and exclude many partners: vendor staff only."""

    partner_path = None


class RoutingRun(models.Model):
    """The waiting leads (new and unroutable) routed again in one batch, after partners or rules
    changed.

    Counters move in the same transaction as the leads they count, so a run a
    worker had to take up again still adds up.
    """

    program = models.ForeignKey(
        "partners.Program",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Empty: every program."),
    )
    status = models.CharField(max_length=8, choices=RunStatus.choices, default=RunStatus.QUEUED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    routing_seconds = models.FloatField(
        default=0.0, help_text=_("Time spent deciding and storing.")
    )
    routed = models.PositiveIntegerField(default=0)
    assigned = models.PositiveIntegerField(default=0)
    offered = models.PositiveIntegerField(default=0)
    for_review = models.PositiveIntegerField(default=0)
    unroutable = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(
        default=0, help_text=_("Leads someone else moved while the run was deciding.")
    )
    partners_told = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)

    objects = ScopedManager.from_queryset(DecisionQuerySet)()

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=RunStatus.values), name="routing_run_status_valid"
            ),
            # One run at a time: two would offer the same leads twice.
            models.UniqueConstraint(
                fields=["status"],
                condition=Q(status__in=["queued", "running"]),
                name="one_live_routing_run",
            ),
        ]

    def __str__(self) -> str:
        return f"Routing run {self.pk}"

    @property
    def decisions_per_second(self) -> float | None:
        return self.routed / self.routing_seconds if self.routing_seconds else None


class RoutingDecision(models.Model):
    """Why a lead went where it went: the engine's ranking and exclusions, or a person's
    override."""

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="decisions")
    run = models.ForeignKey(
        RoutingRun,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
        db_index=False,  # the (run, lead) constraint below serves lookups by run
    )
    made_at = models.DateTimeField(auto_now_add=True)
    mode = models.CharField(max_length=12, choices=DistributionMode.choices)
    automatic = models.BooleanField(default=True)
    chosen = models.JSONField(default=list, help_text=_("Partner ids offered or assigned."))
    explanation = FastJSONField(default=dict)
    summary = models.TextField(blank=True)
    override_reason = models.TextField(blank=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedManager.from_queryset(DecisionQuerySet)()

    class Meta:
        ordering = ["-made_at", "-id"]
        constraints = [
            # A routing run decides each lead once, even when its job is delivered twice.
            models.UniqueConstraint(
                fields=["run", "lead"],
                condition=Q(run__isnull=False),
                name="lead_decided_once_per_run",
            ),
        ]

    def __str__(self) -> str:
        return f"Routing of lead {self.lead_id} at {self.made_at:%Y-%m-%d %H:%M}"


class ActivityQuerySet(ScopedQuerySet):
    partner_path = "partner_id"


class LeadActivity(models.Model):
    """A status update or note from the partner working the lead (the follow-up SLA counts
    these)."""

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="activities")
    partner = models.ForeignKey("partners.Partner", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=12, choices=LeadStatus.choices)
    note = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedManager.from_queryset(ActivityQuerySet)()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "lead activities"

    def __str__(self) -> str:
        return f"{self.lead_id}: {self.status}"

    @property
    def audit_partner_id(self) -> int:
        return self.partner_id


def _form_key() -> str:
    return secrets.token_urlsafe(12)


class WebFormQuerySet(ScopedQuerySet):
    """The vendor's forms: partners never manage them."""

    partner_path = None


class WebForm(models.Model):
    """A public web-to-lead form the vendor embeds on its own sites; each submission becomes a
    routed
    lead."""

    name = models.CharField(_("name"), max_length=120)
    key = models.CharField(max_length=32, unique=True, default=_form_key, editable=False)
    program = models.ForeignKey(
        "partners.Program",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="web_forms",
        help_text=_("Whose routing rules apply; empty: the oldest active program."),
    )
    thank_you = models.TextField(
        _("thank-you message"),
        blank=True,
        help_text=_("Shown after a visitor sends the form."),
    )
    embed_origins = models.TextField(
        _("sites that may embed it"),
        blank=True,
        help_text=_("One origin per line, such as https://www.example.com. Empty: any site."),
    )
    is_active = models.BooleanField(_("accepting submissions"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager.from_queryset(WebFormQuerySet)()

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def origins(self) -> list[str]:
        return [line.strip() for line in self.embed_origins.splitlines() if line.strip()]
