"""Who may set incentive rules, draft, approve and pay statements, and dispute a line."""

from __future__ import annotations

from typing import Any

from trellis.core.actor import Actor
from trellis.core.policies import rule
from trellis.core.roles import PartnerRole, StaffRole, has_partner_role


@rule("incentives.compute")
def _compute(actor: Actor, plan: Any) -> bool:
    return actor.is_system or (
        actor.is_staff and actor.has_role(StaffRole.ADMIN, StaffRole.FINANCE)
    )


@rule("incentives.dispute")
def _dispute(actor: Actor, line: Any) -> bool:
    return has_partner_role(actor, line.partner, PartnerRole.ADMIN, PartnerRole.FINANCE)
