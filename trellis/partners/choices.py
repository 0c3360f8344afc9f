"""Partner vocabularies: types, statuses, regions, tier requirement metrics."""

from typing import Literal

from django.db import models
from django.utils.translation import gettext_lazy as _


class PartnerType(models.TextChoices):
    RESELLER = "reseller", _("Reseller")
    VAR = "var", _("Value-added reseller")
    DISTRIBUTOR = "distributor", _("Distributor")
    SYSTEM_INTEGRATOR = "system_integrator", _("System integrator")
    MSP = "msp", _("Managed service provider")
    ISV = "isv", _("ISV / technology")
    REFERRAL = "referral", _("Referral / influencer")
    MARKETPLACE = "marketplace", _("Cloud marketplace")


class PartnerStatus(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    ONBOARDING = "onboarding", _("Onboarding")
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    OFFBOARDING = "offboarding", _("Offboarding")
    OFFBOARDED = "offboarded", _("Offboarded")


# Users of partners in these states are refused on their next request: leaving (its people and
# tokens lose access the moment offboarding starts) or gone.
LOCKED_OUT_STATUSES = frozenset({PartnerStatus.OFFBOARDING, PartnerStatus.OFFBOARDED})
# Users of a suspended partner sign in and read; every change is refused.
READ_ONLY_STATUSES = frozenset({PartnerStatus.SUSPENDED})

# Every allowed status change, in one place.
STATUS_TRANSITIONS: dict[str, frozenset[str]] = {
    PartnerStatus.APPLICANT: frozenset({PartnerStatus.ONBOARDING, PartnerStatus.OFFBOARDED}),
    PartnerStatus.ONBOARDING: frozenset(
        {PartnerStatus.ACTIVE, PartnerStatus.SUSPENDED, PartnerStatus.OFFBOARDING}
    ),
    PartnerStatus.ACTIVE: frozenset({PartnerStatus.SUSPENDED, PartnerStatus.OFFBOARDING}),
    PartnerStatus.SUSPENDED: frozenset({PartnerStatus.ACTIVE, PartnerStatus.OFFBOARDING}),
    PartnerStatus.OFFBOARDING: frozenset({PartnerStatus.OFFBOARDED, PartnerStatus.ACTIVE}),
    # Reactivation, while the partner's people still have their names (not yet anonymised).
    PartnerStatus.OFFBOARDED: frozenset({PartnerStatus.ACTIVE}),
}


class Region(models.TextChoices):
    NORTH_AMERICA = "na", _("North America")
    LATIN_AMERICA = "latam", _("Latin America")
    EMEA = "emea", _("Europe, Middle East & Africa")
    APAC = "apac", _("Asia Pacific")


class TierMetric(models.TextChoices):
    """What a tier can require; counted over the trailing twelve months unless a point in time
    (certified people, specializations). Revenue is in US dollars."""

    ANNUAL_REVENUE = "annual_revenue", _("Sourced revenue, last 12 months")
    INFLUENCED_REVENUE = "influenced_revenue", _("Influenced revenue, last 12 months")
    WON_DEALS = "won_deals", _("Won deals, last 12 months")
    REGISTERED_DEALS = "registered_deals", _("Registered deals, last 12 months")
    CERTIFICATIONS = "certifications", _("Certified people")
    SPECIALIZATIONS = "specializations", _("Specializations")
    CO_SELLING = "co_selling", _("Co-sell deals, last 12 months")
    REFERRALS = "referrals", _("Referrals, last 12 months")
    CSAT = "csat", _("Customer satisfaction (1 to 5)")
    MARKETPLACE_SALES = "marketplace_sales", _("Marketplace sales, last 12 months")


# Measures in US dollars (shown as money, converted at the day's rates).
MONEY_METRICS = frozenset({"annual_revenue", "influenced_revenue", "marketplace_sales"})


# The same values as types, for the API schema (its enums); tests/test_api_inputs.py keeps
# each equal to its choices.
PartnerTypeValue = Literal[
    "reseller",
    "var",
    "distributor",
    "system_integrator",
    "msp",
    "isv",
    "referral",
    "marketplace",
]
PartnerStatusValue = Literal[
    "applicant", "onboarding", "active", "suspended", "offboarding", "offboarded"
]
RegionValue = Literal["na", "latam", "emea", "apac"]

# The words for each audited event about partners (core.events.describe).
EVENT_LABELS = {
    "partner.created": _("Partner created"),
    "partner.updated": _("Profile changed"),
    "partner.enrolled": _("Enrolled in a program"),
    "partner.tier_changed": _("Tier changed"),
    "program.created": _("Program created"),
    "program.updated": _("Program changed"),
    "tier.created": _("Tier created"),
    "tier.updated": _("Tier changed"),
    "tier.deleted": _("Tier deleted"),
    "tier.requirements_changed": _("Tier requirements changed"),
    "specialization.created": _("Specialization created"),
    "specialization.updated": _("Specialization changed"),
    "partner.applicant": _("Status: applicant"),
    "partner.onboarding": _("Status: onboarding"),
    "partner.active": _("Status: active"),
    "partner.suspended": _("Status: suspended"),
    "partner.offboarding": _("Status: offboarding"),
    "partner.offboarded": _("Status: offboarded"),
}
