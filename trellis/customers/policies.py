"""Who may change what the vendor knows about a customer account's corporate family."""

from __future__ import annotations

from typing import Any

from trellis.core.actor import Actor
from trellis.core.policies import rule
from trellis.core.roles import StaffRole


@rule("customers.set_parent")
def _set_parent(actor: Actor, account: Any) -> bool:
    """Vendor staff who decide registrations: administrators, partner operations and channel
    managers (the family decides whether protection is shared)."""
    return actor.is_staff and actor.has_role(
        StaffRole.ADMIN, StaffRole.PARTNER_OPS, StaffRole.CHANNEL_MANAGER
    )
