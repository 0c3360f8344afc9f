"""Lifecycle vocabularies: application states, where an application came from, ESG facts."""

from typing import Literal

from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for review")
    ON_HOLD = "on_hold", _("On hold")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


# An application in these states is still to be decided.
OPEN_APPLICATION_STATUSES = frozenset({ApplicationStatus.SUBMITTED, ApplicationStatus.ON_HOLD})

APPLICATION_TRANSITIONS: dict[str, frozenset[str]] = {
    ApplicationStatus.SUBMITTED: frozenset(
        {ApplicationStatus.ON_HOLD, ApplicationStatus.ACCEPTED, ApplicationStatus.REJECTED}
    ),
    ApplicationStatus.ON_HOLD: frozenset({ApplicationStatus.ACCEPTED, ApplicationStatus.REJECTED}),
    ApplicationStatus.ACCEPTED: frozenset(),
    ApplicationStatus.REJECTED: frozenset(),
}


class ApplicationSource(models.TextChoices):
    WEB = "web", _("Application page")
    API = "api", _("API")


class EsgFact(models.TextChoices):
    """What a company can show about its environmental, social and governance record."""

    # certifications
    ISO_14001 = "iso_14001", _("ISO 14001 environmental management")
    ISO_50001 = "iso_50001", _("ISO 50001 energy management")
    B_CORP = "b_corp", _("Certified B Corporation")
    ECOVADIS = "ecovadis", _("EcoVadis rating")
    SBTI = "sbti", _("Science Based Targets commitment")
    # policies
    CODE_OF_CONDUCT = "code_of_conduct", _("Supplier code of conduct")
    ANTI_BRIBERY = "anti_bribery", _("Anti-bribery and corruption policy")
    HUMAN_RIGHTS = "human_rights", _("Human rights and modern slavery policy")
    ENVIRONMENTAL_POLICY = "environmental_policy", _("Environmental policy")
    DIVERSITY = "diversity", _("Diversity and inclusion policy")
    # reporting
    SUSTAINABILITY_REPORT = "sustainability_report", _("Publishes a sustainability report")
    GHG_EMISSIONS = "ghg_emissions", _("Reports greenhouse gas emissions")
    CSRD = "csrd", _("Reports under the EU CSRD")


ESG_GROUPS: dict[str, tuple[str, ...]] = {
    "certifications": ("iso_14001", "iso_50001", "b_corp", "ecovadis", "sbti"),
    "policies": (
        "code_of_conduct",
        "anti_bribery",
        "human_rights",
        "environmental_policy",
        "diversity",
    ),
    "reporting": ("sustainability_report", "ghg_emissions", "csrd"),
}


class RunTrigger(models.TextChoices):
    SCHEDULE = "schedule", _("Scheduled")
    ON_DEMAND = "on_demand", _("On demand")
    OVERRIDE = "override", _("Override ended")


class TierChangeKind(models.TextChoices):
    UPGRADE = "upgrade", _("Upgrade")
    DOWNGRADE = "downgrade", _("Downgrade after the grace period")
    OVERRIDE = "override", _("Set by hand")
    OVERRIDE_ENDED = "override_ended", _("Override ended")


class MeasureKind(models.TextChoices):
    CSAT = "csat", _("Customer satisfaction (1 to 5)")
    MARKETPLACE_SALES = "marketplace_sales", _("Marketplace sales")


MeasureKindValue = Literal["csat", "marketplace_sales"]


class StepKind(models.TextChoices):
    """What an onboarding step asks; each is checked against what the partner did."""

    ACCEPT_AGREEMENT = "accept_agreement", _("Accept the partner agreement")
    COMPLETE_PROFILE = "complete_profile", _("Complete the company profile")
    INVITE_TEAM = "invite_team", _("Invite the team")
    COMPLETE_LEARNING = "complete_learning", _("Complete the required learning")
    UPLOAD_DOCUMENT = "upload_document", _("Upload a document")
    VENDOR_VERIFICATION = "vendor_verification", _("Verification by the vendor")
    FIRST_DEAL = "first_deal", _("Register a first deal")
    FIRST_REVENUE = "first_revenue", _("Win a first deal")


class StepStatus(models.TextChoices):
    OPEN = "open", _("To do")
    DONE = "done", _("Done")
    WAIVED = "waived", _("Waived")


class DocumentKind(models.TextChoices):
    TAX_FORM = "tax_form", _("Tax form (W-9, W-8BEN, VAT registration)")
    INSURANCE = "insurance", _("Insurance certificate")
    BANK_DETAILS = "bank_details", _("Bank details")
    COMPLIANCE = "compliance", _("Compliance declaration")


class DocumentStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class ExitKind(models.TextChoices):
    VOLUNTARY = "voluntary", _("Leaving by its own choice")
    TERMINATION = "termination", _("Terminated by the vendor")


ExitKindValue = Literal["voluntary", "termination"]


class HandoverItem(models.TextChoices):
    DEAL = "deal", _("Registration")
    LEAD = "lead", _("Lead")


HandoverItemValue = Literal["deal", "lead"]
HandoverOutcomeValue = Literal["moved", "closed", "routed", "manager", "shared"]


class HandoverOutcome(models.TextChoices):
    MOVED = "moved", _("Handed to a partner")
    CLOSED = "closed", _("Closed")
    ROUTED = "routed", _("Routed afresh")
    MANAGER = "manager", _("Handed to the channel manager")
    SHARED = "shared", _("Stays with the other partners offered it")


# Where the vendor sends one item of a departing partner's open work.
HandoverTo = Literal["partner", "channel_manager", "release"]


FIT_FACTOR_LABELS = {
    "partner_types": _("Partner type"),
    "regions": _("Region"),
    "industries": _("Industries served"),
    "specializations": _("Specializations"),
    "size": _("Company size"),
    "esg": _("ESG record"),
    "model": _("Learned from your partners"),
}

EsgCertificationValue = Literal["iso_14001", "iso_50001", "b_corp", "ecovadis", "sbti"]
EsgPolicyValue = Literal[
    "code_of_conduct", "anti_bribery", "human_rights", "environmental_policy", "diversity"
]
EsgReportingValue = Literal["sustainability_report", "ghg_emissions", "csrd"]
ApplicationStatusValue = Literal["submitted", "on_hold", "accepted", "rejected"]

EVENT_LABELS = {
    "application.submitted": _("Partner application received"),
    "application.on_hold": _("Partner application put on hold"),
    "application.accepted": _("Partner application accepted"),
    "application.rejected": _("Partner application rejected"),
    "ideal_profile.updated": _("Ideal partner profile changed"),
    "fit_model.trained": _("Partner-fit model trained"),
    "prospects.uploaded": _("Prospect list uploaded"),
    "prospects.rescored": _("Prospect list scored again"),
    "tier_run.completed": _("Tiers evaluated"),
    "tier.warned": _("Tier at risk: downgrade pending"),
    "tier.recovered": _("Tier kept: qualifies again"),
    "tier_override.set": _("Tier set by hand"),
    "tier_override.ended": _("Tier override ended"),
    "tier_policy.updated": _("Tier evaluation settings changed"),
    "partner_measure.recorded": _("Partner measure recorded"),
    "agreement.published": _("Partner agreement published"),
    "agreement.accepted": _("Partner agreement accepted"),
    "onboarding.started": _("Onboarding started"),
    "onboarding.step_done": _("Onboarding step done"),
    "onboarding.step_waived": _("Onboarding step waived"),
    "onboarding.completed": _("Onboarding completed"),
    "document.uploaded": _("Document uploaded"),
    "document.accepted": _("Document accepted"),
    "document.rejected": _("Document rejected"),
    "journey.updated": _("Onboarding journey changed"),
    "onboarding.reminder": _("Onboarding step due soon"),
    "onboarding.escalated": _("Onboarding step late"),
    "partner_exit.started": _("Offboarding started"),
    "partner_exit.export_sent": _("Data export sent to the partner"),
    "partner_exit.anonymised": _("Personal data anonymised"),
    "partner_exit.reactivated": _("Partner reactivated"),
}
