"""Vendor staff roles and partner user roles (a user may hold several of one kind), and how an
actor stands towards a partner: the vocabulary every app's policies are written in."""

from typing import Any, Literal

from django.db import models
from django.utils.translation import gettext_lazy as _

from .actor import Actor


class StaffRole(models.TextChoices):
    ADMIN = "admin", _("Admin")
    CHANNEL_MANAGER = "channel_manager", _("Channel manager")
    PARTNER_OPS = "partner_ops", _("Partner operations")
    MARKETING = "marketing", _("Marketing")
    FINANCE = "finance", _("Finance")
    ALLIANCE_MANAGER = "alliance_manager", _("Alliance manager")
    ANALYST = "analyst", _("Analyst (read-only)")


class PartnerRole(models.TextChoices):
    ADMIN = "partner_admin", _("Partner admin")
    SALES = "partner_sales", _("Sales")
    MARKETING = "partner_marketing", _("Marketing")
    FINANCE = "partner_finance", _("Finance")


class Role(models.TextChoices):
    """Every role, for the role-grant table (values are unique across both kinds)."""

    ADMIN = StaffRole.ADMIN.value, StaffRole.ADMIN.label
    CHANNEL_MANAGER = StaffRole.CHANNEL_MANAGER.value, StaffRole.CHANNEL_MANAGER.label
    PARTNER_OPS = StaffRole.PARTNER_OPS.value, StaffRole.PARTNER_OPS.label
    MARKETING = StaffRole.MARKETING.value, StaffRole.MARKETING.label
    FINANCE = StaffRole.FINANCE.value, StaffRole.FINANCE.label
    ALLIANCE_MANAGER = StaffRole.ALLIANCE_MANAGER.value, StaffRole.ALLIANCE_MANAGER.label
    ANALYST = StaffRole.ANALYST.value, StaffRole.ANALYST.label
    PARTNER_ADMIN = PartnerRole.ADMIN.value, PartnerRole.ADMIN.label
    PARTNER_SALES = PartnerRole.SALES.value, PartnerRole.SALES.label
    PARTNER_MARKETING = PartnerRole.MARKETING.value, PartnerRole.MARKETING.label
    PARTNER_FINANCE = PartnerRole.FINANCE.value, PartnerRole.FINANCE.label


# Partner roles as a type, for the API schema; tests/test_api_inputs.py keeps it equal.
PartnerRoleValue = Literal["partner_admin", "partner_sales", "partner_marketing", "partner_finance"]

STAFF_ROLE_VALUES = frozenset(StaffRole.values)
PARTNER_ROLE_VALUES = frozenset(PartnerRole.values)
ROLE_LABELS = dict(Role.choices)

# Vendor roles that steward every partner; a channel manager stewards only their own partners.
_STEWARDS_OF_ALL = (StaffRole.ADMIN, StaffRole.PARTNER_OPS)


def stewarded_partners(actor: Actor, path: str = "partner") -> Any:
    """The filter (a ``Q`` on ``path``) for the partners whose work ``actor`` takes: every
    partner for admins and partner operations, a channel manager's own partners, else none."""
    if actor.is_staff and actor.has_role(*_STEWARDS_OF_ALL):
        return models.Q()
    if actor.is_staff and actor.has_role(StaffRole.CHANNEL_MANAGER):
        return models.Q(**{f"{path}__channel_manager_id": actor.user_id})
    return models.Q(pk__in=[])


def stewards_partner(actor: Actor, partner: Any) -> bool:
    """Whether ``actor`` is vendor staff responsible for ``partner``: admins and partner
    operations for every partner, a channel manager for the partners assigned to them."""
    if not actor.is_staff:
        return False
    if actor.has_role(*_STEWARDS_OF_ALL):
        return True
    return actor.has_role(StaffRole.CHANNEL_MANAGER) and partner.channel_manager_id == actor.user_id


def configures_programs(actor: Actor) -> bool:
    """Whether ``actor`` may change the vendor's configuration: programs, tiers, rules,
    routing, catalogue and calendars (admins and partner operations)."""
    return actor.is_staff and actor.has_role(*_STEWARDS_OF_ALL)


def manages_staff(actor: Actor) -> bool:
    """Whether ``actor`` may invite vendor staff and change their roles (admins only)."""
    return actor.is_staff and actor.has_role(StaffRole.ADMIN)


def has_partner_role(actor: Actor, partner: Any, *roles: str) -> bool:
    """Whether ``actor`` is a user of ``partner`` holding one of ``roles``."""
    return actor.is_partner and actor.partner_id == partner.pk and actor.has_role(*roles)


def is_partner_admin_of(actor: Actor, partner: Any) -> bool:
    return has_partner_role(actor, partner, PartnerRole.ADMIN)
