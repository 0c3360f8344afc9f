"""Incentive vocabularies: kinds of rule, statement and dispute states."""

from typing import Literal

from django.db import models
from django.utils.translation import gettext_lazy as _


class RuleKind(models.TextChoices):
    UPLIFT = "uplift", _("Deal registration margin uplift")
    REBATE = "rebate", _("Tiered rebate")
    SPIFF = "spiff", _("SPIFF (bonus per product)")
    REFERRAL = "referral", _("Referral fee")
    CONSUMPTION = "consumption", _("Consumption-based compensation")
    MARKETPLACE = "marketplace", _("Marketplace sales credit")


class SaleKind(models.TextChoices):
    USAGE = "usage", _("Customer usage")
    MARKETPLACE = "marketplace", _("Marketplace sale")


class StatementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")
    PAID = "paid", _("Paid")


class DisputeStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


RuleKindValue = Literal["uplift", "rebate", "spiff", "referral", "consumption", "marketplace"]
StatementStatusValue = Literal["draft", "approved", "paid"]

EVENT_LABELS = {
    "incentive_plan.created": _("Incentive plan set up"),
    "incentive_rule.versioned": _("Incentive rule changed"),
    "reported_sales.imported": _("Usage and marketplace sales imported"),
    "statement.computed": _("Earnings statement computed"),
    "statement.approved": _("Earnings statement approved"),
    "statement.paid": _("Earnings statement paid"),
    "dispute.opened": _("Earnings line disputed"),
    "dispute.replied": _("Reply on a disputed line"),
    "dispute.accepted": _("Dispute accepted"),
    "dispute.rejected": _("Dispute rejected"),
}
