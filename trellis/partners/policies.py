"""Who may change a partner: its own admins for the profile, its stewards for the rest."""

from __future__ import annotations

from typing import Any

from trellis.core.actor import Actor
from trellis.core.policies import rule
from trellis.core.roles import (
    StaffRole,
    configures_programs,
    is_partner_admin_of,
    stewards_partner,
)


@rule("partners.update_profile")
def _update_profile(actor: Actor, partner: Any) -> bool:
    return is_partner_admin_of(actor, partner) or stewards_partner(actor, partner)


@rule("partners.update_vendor_fields")
def _update_vendor_fields(actor: Actor, partner: Any) -> bool:
    return stewards_partner(actor, partner)


@rule("partners.change_status")
def _change_status(actor: Actor, partner: Any) -> bool:
    return stewards_partner(actor, partner)


@rule("partners.enroll")
def _enroll(actor: Actor, partner: Any) -> bool:
    return stewards_partner(actor, partner)


@rule("partners.configure")
def _configure(actor: Actor, obj: Any) -> bool:
    return configures_programs(actor)


@rule("partners.create")
def _create(actor: Actor, obj: Any) -> bool:
    """Admins, partner operations and channel managers bring new partners in."""
    return actor.is_staff and actor.has_role(
        StaffRole.ADMIN, StaffRole.PARTNER_OPS, StaffRole.CHANNEL_MANAGER
    )
