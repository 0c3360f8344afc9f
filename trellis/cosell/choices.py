"""Account-mapping vocabularies."""

from typing import Literal

from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountStatus(models.TextChoices):
    """Where a company stands with one side; the order matches engine.mapping.STATUSES."""

    CUSTOMER = "customer", _("Customer")
    PROSPECT = "prospect", _("Prospect")
    OPPORTUNITY = "opportunity", _("Open opportunity")


class SharingLevel(models.IntegerChoices):
    """How much of an overlap each side may see of the other's accounts; counts are always shown."""

    COUNTS = 0, _("Counts only")
    NAMES = 1, _("Company names")
    DETAILS = 2, _("Full detail (names, domains, statuses)")


class Side(models.TextChoices):
    """The two sides of a co-sell."""

    VENDOR = "vendor", _("Vendor")
    PARTNER = "partner", _("Partner")


class CoSellStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    ACTIVE = "active", _("Co-selling")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    WON = "won", _("Won together")
    LOST = "lost", _("Lost")


# A co-sell in these states holds its place: the same pair cannot be invited twice.
LIVE_STATUSES = frozenset({CoSellStatus.INVITED, CoSellStatus.ACTIVE})
CLOSED_STATUSES = frozenset({CoSellStatus.WON, CoSellStatus.LOST})

TRANSITIONS: dict[str, frozenset[str]] = {
    CoSellStatus.INVITED: frozenset(
        {CoSellStatus.ACTIVE, CoSellStatus.DECLINED, CoSellStatus.WITHDRAWN}
    ),
    CoSellStatus.ACTIVE: frozenset({CoSellStatus.WON, CoSellStatus.LOST, CoSellStatus.WITHDRAWN}),
    CoSellStatus.DECLINED: frozenset(),
    CoSellStatus.WITHDRAWN: frozenset(),
    CoSellStatus.WON: frozenset(),
    CoSellStatus.LOST: frozenset(),
}


class SharedField(models.TextChoices):
    """What the owner of an opportunity may show the other side; customer and products are always
    shown."""

    AMOUNT = "amount", _("Amount")
    STAGE = "stage", _("Stage and expected close")
    CONTACTS = "contacts", _("Customer contacts")
    NOTES = "notes", _("Notes")


DEFAULT_SHARED = ("amount", "stage")


class DeclineReason(models.TextChoices):
    NO_CAPACITY = "no_capacity", _("No capacity right now")
    NO_FIT = "no_fit", _("Not a fit for us")
    ALREADY_ENGAGED = "already_engaged", _("Already engaged with this customer otherwise")
    TOO_EARLY = "too_early", _("Too early to co-sell")
    OTHER = "other", _("Other")


class IntroductionStatus(models.TextChoices):
    """A partner asks to meet another; the vendor brokers; the other partner says yes or no."""

    REQUESTED = "requested", _("Waiting for the vendor")
    PROPOSED = "proposed", _("Waiting for the partner")
    CONNECTED = "connected", _("Introduced")
    NOT_BROKERED = "not_brokered", _("Not passed on by the vendor")
    DECLINED = "declined", _("Declined by the partner")
    WITHDRAWN = "withdrawn", _("Withdrawn")


LIVE_INTRODUCTIONS = frozenset({IntroductionStatus.REQUESTED, IntroductionStatus.PROPOSED})
# The partner asked to meet sees an introduction from the moment the vendor passes it on.
SEEN_BY_TARGET = frozenset(
    {IntroductionStatus.PROPOSED, IntroductionStatus.CONNECTED, IntroductionStatus.DECLINED}
)


class BundleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Retired")


class MemberConsent(models.TextChoices):
    INVITED = "invited", _("Invited")
    ACCEPTED = "accepted", _("Agreed")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrew")


class UploadStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to be compared")
    DONE = "done", _("Compared")
    FAILED = "failed", _("Could not be stored")


# The same values as types, for the API schema (its enums); tests/test_api_inputs.py keeps
# each equal to its choices.
AccountStatusValue = Literal["customer", "prospect", "opportunity"]
SideValue = Literal["vendor", "partner"]
CoSellStatusValue = Literal["invited", "active", "declined", "withdrawn", "won", "lost"]
SharedFieldValue = Literal["amount", "stage", "contacts", "notes"]
CoSellDeclineReasonValue = Literal["no_capacity", "no_fit", "already_engaged", "too_early", "other"]
IntroductionStatusValue = Literal[
    "requested", "proposed", "connected", "not_brokered", "declined", "withdrawn"
]
OutcomeValue = Literal["won", "lost"]

# The words for each audited event about co-selling (core.events.describe).
EVENT_LABELS = {
    "cosell.invited": _("Invited to co-sell"),
    "cosell.accepted": _("Co-sell accepted"),
    "cosell.declined": _("Co-sell declined"),
    "cosell.withdrawn": _("Co-sell withdrawn"),
    "cosell.closed": _("Co-sell closed"),
    "cosell.message_posted": _("Message posted"),
    "cosell.sharing_changed": _("Shared fields changed"),
    "cosell.step_added": _("Next step added"),
    "cosell.step_done": _("Next step done"),
    "cosell.step_reopened": _("Next step reopened"),
    "introduction.requested": _("Introduction requested"),
    "introduction.brokered": _("Introduction passed on"),
    "introduction.answered": _("Introduction answered"),
    "introduction.rated": _("Introduction rated"),
    "introduction.withdrawn": _("Introduction withdrawn"),
    "bundle.created": _("Joint solution created"),
    "bundle.updated": _("Joint solution changed"),
    "bundle.member_invited": _("Partner invited into a joint solution"),
    "bundle.member_removed": _("Partner removed from a joint solution"),
    "bundle.consent_given": _("Partner agreed to a joint solution"),
    "bundle.consent_refused": _("Partner declined a joint solution"),
    "bundle.consent_withdrawn": _("Partner withdrew from a joint solution"),
    "bundle.published": _("Joint solution published"),
    "bundle.unpublished": _("Joint solution taken off the catalogue"),
    "bundle.retired": _("Joint solution retired"),
    "account_list.uploaded": _("Account list uploaded"),
    "account_list.replaced": _("Account list replaced"),
    "account_list.refined": _("Account list compared again"),
    "sharing.offered": _("Account sharing offered"),
    "sharing.consented": _("Account sharing agreed"),
}
