"""Who may set incentive rules, draft, approve and pay statements, and dispute a line."""

from __future__ import annotations

from typing import Any

from trellis.core.actor import Actor
from trellis.core.policies import rule
from trellis.core.roles import PartnerRole, StaffRole, has_partner_role, stewards_partner

# Vendor staff who own the money: they set the rules, approve and pay.
PAYERS = (StaffRole.ADMIN, StaffRole.FINANCE)
# Partner users who see and question what their company earns.
PARTNER_PAYEES = (PartnerRole.ADMIN, PartnerRole.FINANCE)


def _payer(actor: Actor) -> bool:
    return actor.is_staff and actor.has_role(*PAYERS)


@rule("incentives.configure")
def _configure(actor: Actor, plan: Any) -> bool:
    return _payer(actor)


@rule("incentives.compute")
def _compute(actor: Actor, plan: Any) -> bool:
    return actor.is_system or _payer(actor)


@rule("incentives.approve")
def _approve(actor: Actor, statement: Any) -> bool:
    return _payer(actor)


@rule("incentives.pay")
def _pay(actor: Actor, statement: Any) -> bool:
    return _payer(actor)


@rule("incentives.import")
def _import(actor: Actor, plan: Any) -> bool:
    """Usage and marketplace sales come from finance (or an admin's integration)."""
    return _payer(actor)


@rule("incentives.dispute")
def _dispute(actor: Actor, line: Any) -> bool:
    return has_partner_role(actor, line.partner, *PARTNER_PAYEES)


@rule("incentives.resolve")
def _resolve(actor: Actor, dispute: Any) -> bool:
    return _payer(actor)


@rule("incentives.discuss")
def _discuss(actor: Actor, dispute: Any) -> bool:
    """The partner's payees, finance, and the partner's channel manager write in the thread."""
    if actor.is_staff:
        return _payer(actor) or (
            actor.has_role(StaffRole.CHANNEL_MANAGER) and stewards_partner(actor, dispute.partner)
        )
    return has_partner_role(actor, dispute.partner, *PARTNER_PAYEES)
