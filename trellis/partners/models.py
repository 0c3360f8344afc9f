"""Partner companies, the programs they join and the tiers they hold."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from trellis.core.actor import Actor
from trellis.core.scoping import ScopedManager, ScopedQuerySet

from .choices import PartnerStatus, PartnerType, Region, TierMetric


class PartnerQuerySet(ScopedQuerySet):
    """A partner user sees their own company and, for a distributor, its resellers' profiles."""

    def partner_filter(self, actor: Actor) -> Q:
        return Q(pk=actor.partner_id) | Q(parent_id=actor.partner_id)


class Specialization(models.Model):
    """An area of expertise partners hold; named by the vendor in each portal language."""

    slug = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    # The name in other languages (language code -> name); ``name`` where one is missing.
    names = models.JSONField(_("name in other languages"), default=dict, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.label()

    def label(self, language: str | None = None) -> str:
        """The name in ``language`` (default: the active one)."""
        code = (language or get_language() or "en").split("-")[0]
        return str((self.names or {}).get(code) or self.name)


class Partner(models.Model):
    """A company in the ecosystem that sells, services, refers or builds with the vendor."""

    name = models.CharField(_("name"), max_length=200)
    legal_name = models.CharField(_("legal name"), max_length=250, blank=True)
    website = models.URLField(_("website"), blank=True)
    domain = models.CharField(_("domain"), max_length=253, blank=True, db_index=True)
    country = models.CharField(_("headquarters country"), max_length=2)
    city = models.CharField(_("city"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=PartnerStatus.choices, default=PartnerStatus.APPLICANT
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="resellers",
        verbose_name=_("distributor"),
        help_text=_("The distributor this partner buys through (two-tier distribution)."),
    )
    channel_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="managed_partners",
        verbose_name=_("channel manager"),
    )
    specializations = models.ManyToManyField(Specialization, blank=True, related_name="partners")
    # Where the partner sits (lead routing measures proximity from here) and how many
    # open leads it can work at once.
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    lead_capacity = models.PositiveSmallIntegerField(
        _("open leads at once"),
        default=10,
        help_text=_("Lead routing offers no more leads while this many are open."),
    )
    # Lower-cased name, legal name, domain and city: what directory search matches.
    search_text = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager.from_queryset(PartnerQuerySet)()

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=F("id")), name="partner_not_own_distributor"
            ),
            models.CheckConstraint(
                condition=Q(status__in=PartnerStatus.values), name="partner_status_valid"
            ),
            models.CheckConstraint(condition=~Q(name=""), name="partner_name_required"),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
                name="partner_coordinates_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "name"]),
            models.Index(fields=["country", "name"]),
            models.Index(fields=["channel_manager", "name"]),
            models.Index(fields=["-created_at"]),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_partner_id(self) -> int:
        return self.pk

    def type_values(self) -> list[str]:
        return [t.partner_type for t in self.type_assignments.all()]


class PartnerTypeAssignment(models.Model):
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="type_assignments")
    partner_type = models.CharField(max_length=24, choices=PartnerType.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partner", "partner_type"], name="partner_type_once"),
            models.CheckConstraint(
                condition=Q(partner_type__in=PartnerType.values), name="partner_type_valid"
            ),
        ]
        indexes = [models.Index(fields=["partner_type", "partner"])]

    def __str__(self) -> str:
        return str(self.partner_type)


class PartnerRegion(models.Model):
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="regions")
    region = models.CharField(max_length=8, choices=Region.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partner", "region"], name="partner_region_once"),
            models.CheckConstraint(
                condition=Q(region__in=Region.values), name="partner_region_valid"
            ),
        ]

    def __str__(self) -> str:
        return str(self.region)


class PartnerCountry(models.Model):
    """A country the partner sells into or serves."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="countries_served")
    country = models.CharField(max_length=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partner", "country"], name="partner_country_once"),
        ]
        indexes = [models.Index(fields=["country", "partner"])]

    def __str__(self) -> str:
        return str(self.country)


class PartnerPostalArea(models.Model):
    """A postal-code prefix the partner covers in a country; none listed there: the whole
    country."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="postal_areas")
    country = models.CharField(max_length=2)
    prefix = models.CharField(max_length=10)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "country", "prefix"], name="partner_postal_area_once"
            ),
            models.CheckConstraint(condition=~Q(prefix=""), name="postal_prefix_required"),
        ]

    def __str__(self) -> str:
        return f"{self.country}-{self.prefix}"


class Program(models.Model):
    """A partner program (Reseller, MSP, Technology alliance...) with ordered tiers."""

    slug = models.SlugField(
        _("code"),
        unique=True,
        help_text=_("Letters, digits and hyphens; used in imports and the API."),
        error_messages={"unique": _("Another program already uses this code.")},
    )
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(
        _("open to partners"),
        default=True,
        help_text=_("A closed program keeps its members but takes no new ones."),
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Tier(models.Model):
    """A rung of a program; rank 1 is the entry tier. Benefits are data for later engines."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="tiers")
    name = models.CharField(_("name"), max_length=60)
    rank = models.PositiveSmallIntegerField(
        _("rank"), help_text=_("1 is the entry tier; higher ranks are higher tiers.")
    )
    discount_pct = models.DecimalField(_("discount (%)"), max_digits=5, decimal_places=2, default=0)
    deal_reg_uplift_pct = models.DecimalField(
        _("deal registration uplift (%)"),
        max_digits=5,
        decimal_places=2,
        default=0,
        help_text=_("Extra margin on approved deals."),
    )
    mdf_eligible = models.BooleanField(_("eligible for marketing funds"), default=False)
    lead_priority = models.PositiveSmallIntegerField(
        _("lead priority"), default=0, help_text=_("Higher receives leads first.")
    )

    class Meta:
        ordering = ["program", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "rank"],
                name="tier_rank_unique_in_program",
                violation_error_message=_("Another tier of this program has this rank."),
            ),
            models.UniqueConstraint(
                fields=["program", "name"],
                name="tier_name_unique_in_program",
                violation_error_message=_("Another tier of this program has this name."),
            ),
            models.CheckConstraint(
                condition=Q(discount_pct__gte=0, discount_pct__lte=100),
                name="tier_discount_pct_range",
                violation_error_message=_("A discount is between 0 and 100 percent."),
            ),
            models.CheckConstraint(
                condition=Q(deal_reg_uplift_pct__gte=0, deal_reg_uplift_pct__lte=100),
                name="tier_uplift_pct_range",
                violation_error_message=_("An uplift is between 0 and 100 percent."),
            ),
            models.CheckConstraint(
                condition=Q(rank__gte=1),
                name="tier_rank_positive",
                violation_error_message=_("Ranks start at 1."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program.name} · {self.name}"


class TierRequirement(models.Model):
    tier = models.ForeignKey(Tier, on_delete=models.CASCADE, related_name="requirements")
    metric = models.CharField(_("measure"), max_length=32, choices=TierMetric.choices)
    threshold = models.DecimalField(_("at least"), max_digits=14, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tier", "metric"], name="tier_requirement_once"),
            models.CheckConstraint(
                condition=Q(threshold__gte=0),
                name="tier_requirement_nonnegative",
                violation_error_message=_("A requirement cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return str(f"{self.metric} >= {self.threshold}")


class EnrollmentQuerySet(ScopedQuerySet):
    partner_path = "partner_id"


class ProgramEnrollment(models.Model):
    """A partner's membership in a program, with its current tier there."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="enrollments")
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="enrollments")
    tier = models.ForeignKey(Tier, on_delete=models.PROTECT, related_name="enrollments")
    joined_at = models.DateTimeField(auto_now_add=True)
    tier_since = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager.from_queryset(EnrollmentQuerySet)()

    class Meta:
        ordering = ["program__name"]
        constraints = [
            models.UniqueConstraint(fields=["partner", "program"], name="one_tier_per_program"),
        ]
        indexes = [models.Index(fields=["tier", "partner"])]

    def __str__(self) -> str:
        return f"{self.partner_id} in {self.program_id} at {self.tier_id}"

    @property
    def audit_partner_id(self) -> int:
        return self.partner_id
