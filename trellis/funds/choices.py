"""Marketing-fund vocabularies: kinds of fund, ledger entries, activities, request states and
the findings of the compliance checks, in words."""

from typing import Literal

from django.db import models
from django.utils.translation import gettext_lazy as _


class FundKind(models.TextChoices):
    MDF = "mdf", _("Market development funds")
    COOP = "coop", _("Co-op funds")


class Allocation(models.TextChoices):
    DISCRETIONARY = "discretionary", _("At the vendor's discretion")
    ACCRUAL = "accrual", _("Accrued on revenue")


class EntryKind(models.TextChoices):
    ALLOCATE = "allocate", _("Allocated")
    ALLOCATE_OUT = "allocate_out", _("Allocated onwards")
    COMMIT = "commit", _("Committed to a request")
    RELEASE = "release", _("Commitment released")
    CLAIM = "claim", _("Claim approved")
    UNCLAIM = "unclaim", _("Claim reversed")
    PAY = "pay", _("Paid")
    EXPIRE = "expire", _("Expired")


class ActivityType(models.TextChoices):
    EVENT = "event", _("Event")
    WEBINAR = "webinar", _("Webinar")
    DIGITAL_CAMPAIGN = "digital_campaign", _("Digital campaign")
    CONTENT_SYNDICATION = "content_syndication", _("Content syndication")
    TRADE_SHOW = "trade_show", _("Trade show")
    EMAIL_CAMPAIGN = "email_campaign", _("E-mail campaign")


class RequestStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for approval")
    MORE_INFO = "more_info", _("More information asked")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")
    CLOSED = "closed", _("Closed")


class ClaimStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for review")
    APPROVED = "approved", _("Approved for payment")
    REJECTED = "rejected", _("Rejected")
    PAID = "paid", _("Paid")


class ProofKind(models.TextChoices):
    INVOICE = "invoice", _("Invoice")
    PHOTO = "photo", _("Photo or screenshot")
    ATTENDEES = "attendees", _("Attendee list")
    OTHER = "other", _("Other proof")


class ClaimRejection(models.TextChoices):
    NO_PROOF = "no_proof", _("The proof does not show the activity took place")
    INVOICE = "invoice", _("The invoice does not match the claim")
    CONDITIONS = "conditions", _("The approval's conditions were not met")
    NOT_ELIGIBLE = "not_eligible", _("Costs the program does not fund")
    OTHER = "other", _("Another reason")


# What the reviewer confirms before approving a claim.
class ClaimCheck(models.TextChoices):
    INVOICE_MATCHES = "invoice_matches", _("The invoice is for this activity and this amount")
    PROOF_SHOWN = "proof_shown", _("Photos, screenshots or lists show the activity took place")
    CONDITIONS_MET = "conditions_met", _("The approval's conditions are met")
    BRANDING = "branding", _("Our brand is used as the guidelines say")
    CONSENT = "consent", _("Attendee data was collected with consent")


class TransferStatus(models.TextChoices):
    REQUESTED = "requested", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


# Waiting for the vendor's decision: these count against the approval SLA.
UNDECIDED = frozenset({RequestStatus.SUBMITTED, RequestStatus.MORE_INFO})

REQUEST_TRANSITIONS: dict[str, frozenset[str]] = {
    RequestStatus.SUBMITTED: frozenset(
        {
            RequestStatus.MORE_INFO,
            RequestStatus.APPROVED,
            RequestStatus.REJECTED,
            RequestStatus.CANCELLED,
        }
    ),
    RequestStatus.MORE_INFO: frozenset(
        {
            RequestStatus.SUBMITTED,
            RequestStatus.APPROVED,
            RequestStatus.REJECTED,
            RequestStatus.CANCELLED,
        }
    ),
    RequestStatus.APPROVED: frozenset({RequestStatus.CANCELLED, RequestStatus.CLOSED}),
    RequestStatus.REJECTED: frozenset(),
    RequestStatus.CANCELLED: frozenset(),
    RequestStatus.CLOSED: frozenset(),
}

# The same values as types, for the API schema; tests/test_api_inputs.py keeps them equal.
FundKindValue = Literal["mdf", "coop"]
AllocationValue = Literal["discretionary", "accrual"]
EntryKindValue = Literal[
    "allocate", "allocate_out", "commit", "release", "claim", "unclaim", "pay", "expire"
]
ActivityTypeValue = Literal[
    "event",
    "webinar",
    "digital_campaign",
    "content_syndication",
    "trade_show",
    "email_campaign",
]
RequestStatusValue = Literal[
    "submitted", "more_info", "approved", "rejected", "cancelled", "closed"
]
TransferStatusValue = Literal["requested", "approved", "rejected"]
ClaimStatusValue = Literal["submitted", "approved", "rejected", "paid"]
ProofKindValue = Literal["invoice", "photo", "attendees", "other"]
ClaimRejectionValue = Literal["no_proof", "invoice", "conditions", "not_eligible", "other"]
ClaimCheckValue = Literal["invoice_matches", "proof_shown", "conditions_met", "branding", "consent"]

# What each compliance finding means, with its figures (see engine/compliance.py).
FINDINGS = {
    "currency": _("The fund is kept in %(fund)s; request in %(fund)s."),
    "dates": _("The activity cannot end before it starts."),
    "past": _("The activity is over: funds are asked for before an activity, not after."),
    "cost": _("Give the activity's total cost, above zero."),
    "requested": _("Ask for an amount above zero."),
    "over_cost": _("You cannot ask for more than the activity costs."),
    "share": _(
        "The program funds at most %(pct)s%% of an activity's cost: ask for at most %(most)s."
    ),
    "tier": _("The %(tier)s tier is not eligible for marketing funds."),
    "activity": _("The %(tier)s tier may ask funds for: %(allowed)s."),
    "consent": _(
        "The activity collects personal data: confirm that people give their consent "
        "(GDPR, CCPA) before you submit."
    ),
    "public_officials": _("Public officials take part or benefit (%(why)s)."),
    "gifts_or_hospitality": _("Gifts or hospitality are part of the activity (%(why)s)."),
    "cash_equivalents": _("Cash or cash equivalents are handed out (%(why)s)."),
    "payee": _("The money would be paid to %(payee)s, not to the partner."),
    "short_notice": _("The activity starts in %(days)s days, inside the program's notice period."),
}

EVENT_LABELS = {
    "fund.created": _("Fund created"),
    "fund.allocated": _("Money allocated"),
    "fund.expired": _("Unused money expired"),
    "fund_transfer.requested": _("Transfer between funds requested"),
    "fund_transfer.approved": _("Transfer between funds approved"),
    "fund_transfer.rejected": _("Transfer between funds rejected"),
    "mdf_rules.changed": _("Marketing fund rules changed"),
    "mdf_request.submitted": _("Fund request submitted"),
    "mdf_request.more_info": _("More information asked on a fund request"),
    "mdf_request.approved": _("Fund request approved"),
    "mdf_request.rejected": _("Fund request rejected"),
    "mdf_request.cancelled": _("Fund request cancelled"),
    "mdf_request.updated": _("Fund request answered"),
    "mdf_request.escalated": _("Fund request overdue"),
    "mdf_request.closed": _("Fund request closed"),
    "mdf_claim.submitted": _("Claim submitted"),
    "mdf_claim.approved": _("Claim approved for payment"),
    "mdf_claim.rejected": _("Claim rejected"),
    "mdf_claim.paid": _("Claim paid"),
    "forecast.trained": _("Pipeline forecast learned"),
}
