"""Who may set funds up, move money between them, ask for funds and decide on requests."""

from __future__ import annotations

from typing import Any

from trellis.core.actor import Actor
from trellis.core.policies import rule
from trellis.core.roles import PartnerRole, StaffRole, has_partner_role, stewards_partner

# Vendor staff who hold the marketing budgets.
BUDGET_HOLDERS = (StaffRole.ADMIN, StaffRole.MARKETING, StaffRole.FINANCE)
# Partner users who run their company's marketing.
PARTNER_MARKETERS = (PartnerRole.ADMIN, PartnerRole.MARKETING)


@rule("funds.manage")
def _manage(actor: Actor, fund: Any) -> bool:
    """Creating funds, allocating money and changing the program's fund rules."""
    return actor.is_staff and actor.has_role(*BUDGET_HOLDERS)


@rule("funds.approve_transfer")
def _approve_transfer(actor: Actor, transfer: Any) -> bool:
    """Finance or an admin, and never the person who asked for the transfer."""
    return (
        actor.is_staff
        and actor.has_role(StaffRole.ADMIN, StaffRole.FINANCE)
        and transfer.requested_by_id != actor.user_id
    )


@rule("funds.request")
def _request(actor: Actor, partner: Any) -> bool:
    return has_partner_role(actor, partner, *PARTNER_MARKETERS)


@rule("funds.decide")
def _decide(actor: Actor, request: Any) -> bool:
    """Marketing and admins decide on any request; a channel manager on their partners'."""
    if not actor.is_staff:
        return False
    if actor.has_role(StaffRole.ADMIN, StaffRole.MARKETING):
        return True
    return actor.has_role(StaffRole.CHANNEL_MANAGER) and stewards_partner(actor, request.partner)


@rule("funds.change_request")
def _change_request(actor: Actor, request: Any) -> bool:
    """The partner's marketers answer questions on and cancel their own requests."""
    return has_partner_role(actor, request.partner, *PARTNER_MARKETERS)


@rule("funds.claim")
def _claim(actor: Actor, request: Any) -> bool:
    """The partner's admins, marketers and finance people claim on its approved requests."""
    return has_partner_role(actor, request.partner, *PARTNER_MARKETERS, PartnerRole.FINANCE)


@rule("funds.pay")
def _pay(actor: Actor, claim: Any) -> bool:
    """Finance (or an admin) records the payment of an approved claim."""
    return actor.is_staff and actor.has_role(StaffRole.ADMIN, StaffRole.FINANCE)
