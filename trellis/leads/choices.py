"""Lead vocabularies and the one place that says which status may follow which."""

from typing import Literal

from django.db import models
from django.utils.translation import gettext_lazy as _


class LeadStatus(models.TextChoices):
    NEW = "new", _("New")
    OFFERED = "offered", _("Offered")
    ACCEPTED = "accepted", _("Accepted")
    CONTACTED = "contacted", _("Contacted")
    CONVERTED = "converted", _("Converted")
    WON = "won", _("Won")
    LOST = "lost", _("Lost")
    UNROUTABLE = "unroutable", _("Unroutable")
    DISQUALIFIED = "disqualified", _("Disqualified")


# A partner is working these: they count against its capacity and run the follow-up clock.
WORKING = frozenset({LeadStatus.ACCEPTED, LeadStatus.CONTACTED})
# Waiting for the vendor or for a partner to take them.
WAITING = frozenset({LeadStatus.NEW, LeadStatus.OFFERED, LeadStatus.UNROUTABLE})

TRANSITIONS: dict[str, frozenset[str]] = {
    LeadStatus.NEW: frozenset(
        {
            LeadStatus.NEW,
            LeadStatus.OFFERED,
            LeadStatus.ACCEPTED,
            LeadStatus.UNROUTABLE,
            LeadStatus.DISQUALIFIED,
        }
    ),
    LeadStatus.OFFERED: frozenset(
        {
            LeadStatus.NEW,
            LeadStatus.OFFERED,
            LeadStatus.ACCEPTED,
            LeadStatus.UNROUTABLE,
            LeadStatus.DISQUALIFIED,
        }
    ),
    # A lead is won through the registration it was converted into, never straight from work:
    # the funnel's converted count is never below its won count.
    LeadStatus.ACCEPTED: frozenset(
        {
            LeadStatus.CONTACTED,
            LeadStatus.CONVERTED,
            LeadStatus.LOST,
            LeadStatus.NEW,
            LeadStatus.OFFERED,
            LeadStatus.UNROUTABLE,
        }
    ),
    LeadStatus.CONTACTED: frozenset(
        {
            LeadStatus.CONVERTED,
            LeadStatus.LOST,
            LeadStatus.NEW,
            LeadStatus.OFFERED,
            LeadStatus.UNROUTABLE,
        }
    ),
    LeadStatus.CONVERTED: frozenset({LeadStatus.WON, LeadStatus.LOST}),
    LeadStatus.WON: frozenset(),
    LeadStatus.LOST: frozenset(),
    LeadStatus.UNROUTABLE: frozenset(
        {
            LeadStatus.NEW,
            LeadStatus.OFFERED,
            LeadStatus.ACCEPTED,
            LeadStatus.UNROUTABLE,
            LeadStatus.DISQUALIFIED,
        }
    ),
    LeadStatus.DISQUALIFIED: frozenset(),
}


class DistributionMode(models.TextChoices):
    AUTO = "auto", _("Assign to the best partner")
    OFFER_ONE = "offer_one", _("Offer to the best partner, who accepts or declines")
    OFFER_MANY = "offer_many", _("Offer to several at once: the first to accept wins")
    MANUAL = "manual", _("The channel manager picks from the ranked list")


class OfferStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    LAPSED = "lapsed", _("Not answered in time")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    PULLED_BACK = "pulled_back", _("Pulled back")


class DeclineReason(models.TextChoices):
    NO_CAPACITY = "no_capacity", _("No capacity right now")
    OUTSIDE_EXPERTISE = "outside_expertise", _("Outside our expertise")
    OUTSIDE_TERRITORY = "outside_territory", _("Outside our territory")
    NOT_QUALIFIED = "not_qualified", _("Not a qualified opportunity")
    EXISTING_RELATIONSHIP = "existing_relationship", _("Conflicts with an existing relationship")
    OTHER = "other", _("Other")


class LeadSource(models.TextChoices):
    CONSOLE = "console", _("Entered by the vendor")
    API = "api", _("API")
    IMPORT = "import", _("File import")
    WEB_FORM = "web_form", _("Web form")
    EVENT = "event", _("Event")
    CAMPAIGN = "campaign", _("Campaign")


# Words for the routing engine's keys (engine/routing.py FACTORS and EXCLUSIONS).
FACTOR_LABELS = {
    "expertise": _("Expertise"),
    "proximity": _("Proximity"),
    "tier": _("Tier"),
    "acceptance": _("Acceptance"),
    "win_rate": _("Win rate"),
    "response": _("Response"),
    "load": _("Free capacity"),
    "fairness": _("Fairness"),
}
EXCLUSION_LABELS = {
    "territory": _("do not serve the country"),
    "status": _("are not active"),
    "postal_area": _("do not cover the postal area"),
    "specialization": _("lack a required specialization"),
    "partner_type": _("are not a partner type the program allows"),
    "capacity": _("are at capacity"),
    "already_offered": _("already declined it or let an offer lapse"),
}


class RunStatus(models.TextChoices):
    """A batch routing run's progress."""

    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


# The same values as types, for the API schema (its enums); tests/test_api_inputs.py keeps
# each equal to its choices.
LeadStatusValue = Literal[
    "new",
    "offered",
    "accepted",
    "contacted",
    "converted",
    "won",
    "lost",
    "unroutable",
    "disqualified",
]
RunStatusValue = Literal["queued", "running", "done", "failed"]
LeadUpdateValue = Literal["", "contacted", "won", "lost"]  # "": a note only
DeclineReasonValue = Literal[
    "no_capacity",
    "outside_expertise",
    "outside_territory",
    "not_qualified",
    "existing_relationship",
    "other",
]
LeadSourceValue = Literal["console", "api", "import", "web_form", "event", "campaign"]

# The words for each audited event about leads (core.events.describe).
EVENT_LABELS = {
    "lead.received": _("Lead received"),
    "program.routing_changed": _("Lead routing changed"),
    "lead.routed": _("Routed"),
    "lead.assigned": _("Assigned to a partner"),
    "lead.accepted": _("Accepted by the partner"),
    "lead.declined": _("Declined by the partner"),
    "lead.offer_lapsed": _("Offer not answered in time"),
    "lead.pulled_back": _("Pulled back"),
    "lead.held": _("Held for the channel manager"),
    "lead.updated": _("Progress reported"),
    "lead.converted": _("Converted to a registration"),
    "lead.followup_reminder": _("Reminder: follow-up due"),
    "routing_run.requested": _("Routing run requested"),
    "routing_run.routed": _("Routing run finished"),
    "routing_run.failed": _("Routing run failed"),
}
