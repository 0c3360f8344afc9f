"""Deal-registration vocabularies and the one place that says which status may follow which."""

from typing import Literal

from django.db import models
from django.utils.translation import gettext_lazy as _


class DealStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    MORE_INFO = "more_info", _("More info requested")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WON = "won", _("Won")
    LOST = "lost", _("Lost")
    EXPIRED = "expired", _("Expired")
    # Won, then undone (the order cancelled or refunded): incentives it earned are clawed back.
    REVERSED = "reversed", _("Reversed")


# A registration in these states holds its claim on the customer and product families.
ACTIVE_STATUSES = frozenset({DealStatus.SUBMITTED, DealStatus.MORE_INFO, DealStatus.APPROVED})
# Waiting for the vendor: these count against the SLA.
AWAITING_VENDOR = frozenset({DealStatus.SUBMITTED})

TRANSITIONS: dict[str, frozenset[str]] = {
    DealStatus.DRAFT: frozenset({DealStatus.SUBMITTED}),
    DealStatus.SUBMITTED: frozenset(
        {DealStatus.APPROVED, DealStatus.REJECTED, DealStatus.MORE_INFO}
    ),
    DealStatus.MORE_INFO: frozenset(
        {DealStatus.SUBMITTED, DealStatus.REJECTED, DealStatus.APPROVED}
    ),
    DealStatus.APPROVED: frozenset({DealStatus.WON, DealStatus.LOST, DealStatus.EXPIRED}),
    DealStatus.REJECTED: frozenset({DealStatus.SUBMITTED}),  # reopened by the vendor
    DealStatus.WON: frozenset({DealStatus.REVERSED}),
    DealStatus.REVERSED: frozenset(),
    DealStatus.LOST: frozenset({DealStatus.SUBMITTED}),
    DealStatus.EXPIRED: frozenset({DealStatus.SUBMITTED}),
}


class DealType(models.TextChoices):
    NEW = "new", _("New business")
    UPSELL = "upsell", _("Upsell")
    RENEWAL = "renewal", _("Renewal")
    # The partner introduces the customer and the vendor sells: it earns a referral fee, not a
    # reseller margin, and the referral counts towards its influence for tiers.
    REFERRAL = "referral", _("Referral (the vendor sells)")


class RejectReason(models.TextChoices):
    CONFLICT = "conflict", _("Another registration holds this customer")
    DIRECT_ACCOUNT = "direct_account", _("Vendor direct account")
    DUPLICATE = "duplicate", _("Duplicate of your own registration")
    NOT_QUALIFIED = "not_qualified", _("Opportunity not qualified")
    INCOMPLETE = "incomplete", _("Information incomplete")
    OUTSIDE_TERRITORY = "outside_territory", _("Outside your territory")
    PARTNER_STANDING = "partner_standing", _("Partner not in good standing")
    OTHER = "other", _("Other")


class CheckOutcome(models.TextChoices):
    CLEAR = "clear", _("No conflict")
    REVIEW = "review", _("Needs review")
    CONFLICT = "conflict", _("Conflict")


class DirectAccountPolicy(models.TextChoices):
    EXCLUDE = "exclude", _("Reject registrations on vendor direct accounts")
    REVIEW = "review", _("Route them to the channel manager")


class FamilyPolicy(models.TextChoices):
    """Whether a unit, subsidiary or division of a protected customer shares its protection."""

    REVIEW = "review", _("A person decides: send such registrations to the channel manager")
    SEPARATE = "separate", _("Each company of a family is protected on its own")


class ConflictKind(models.TextChoices):
    PARTNER = "partner", _("Another partner's active registration")
    OWN_DUPLICATE = "own_duplicate", _("The partner's own active registration")
    DIRECT = "direct", _("Vendor direct account or opportunity")


class AppealStatus(models.TextChoices):
    OPEN = "open", _("Open")
    UPHELD = "upheld", _("Decision upheld")
    OVERTURNED = "overturned", _("Overturned")


class CoSellerStatus(models.TextChoices):
    """A partner named to sell alongside the registrant: it counts only once it agreed."""

    PROPOSED = "proposed", _("Awaiting an answer")
    ACCEPTED = "accepted", _("Selling together")
    DECLINED = "declined", _("Declined")


class OpportunityStage(models.TextChoices):
    """Where one of the vendor's own opportunities stands (as its CRM says)."""

    QUALIFY = "qualify", _("Qualify")
    DEVELOP = "develop", _("Develop")
    PROPOSE = "propose", _("Propose")
    NEGOTIATE = "negotiate", _("Negotiate")
    WON = "won", _("Closed won")
    LOST = "lost", _("Closed lost")


CLOSED_STAGES = frozenset({OpportunityStage.WON, OpportunityStage.LOST})


# The same values as types, for the API schema (its enums); tests/test_api_inputs.py keeps
# each equal to its choices.
DealStatusValue = Literal[
    "draft", "submitted", "more_info", "approved", "rejected", "won", "lost", "expired", "reversed"
]
DealTypeValue = Literal["new", "upsell", "renewal", "referral"]
CoSellerStatusValue = Literal["proposed", "accepted", "declined"]
RejectReasonValue = Literal[
    "conflict",
    "direct_account",
    "duplicate",
    "not_qualified",
    "incomplete",
    "outside_territory",
    "partner_standing",
    "other",
]
OutcomeValue = Literal["won", "lost"]

# The words for each audited event about registrations (core.events.describe).
EVENT_LABELS = {
    "deal.created": _("Registration created"),
    "program.rules_changed": _("Rules of engagement changed"),
    "deal.submitted": _("Submitted for approval"),
    "deal.resubmitted": _("Submitted again"),
    "deal.updated": _("Registration changed"),
    "deal.approved": _("Approved"),
    "deal.rejected": _("Rejected"),
    "deal.info_requested": _("Information requested"),
    "deal.extended": _("Protection extended"),
    "deal.expired": _("Protection expired"),
    "deal.transferred": _("Registration handed to another partner"),
    "deal.expiry_warning": _("Warned that protection ends soon"),
    "deal.reopened": _("Reopened"),
    "deal.won": _("Reported won"),
    "deal.lost": _("Reported lost"),
    "deal.reversed": _("Reversed after it was won"),
    "deal.conflict": _("Stopped by a conflict"),
    "deal.appealed": _("Conflict appealed"),
    "deal.sla_reminder": _("Reminder: decision due soon"),
    "deal.sla_breached": _("Decision deadline passed"),
    "deal.vendor_joined": _("The vendor's team joined"),
    "deal.co_seller_accepted": _("Co-seller accepted"),
    "deal.co_seller_declined": _("Co-seller declined"),
    "appeal.upheld": _("Appeal decided: decision upheld"),
    "appeal.overturned": _("Appeal decided: overturned"),
    "opportunity.closed": _("Opportunity closed"),
}
