"""Account-mapping vocabularies."""

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
