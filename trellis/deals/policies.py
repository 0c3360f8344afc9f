"""Who may register, change and decide deal registrations."""

from __future__ import annotations

from typing import Any

from trellis.accounts.selectors import has_partner_role, staff_stewards_partner
from trellis.core.actor import Actor
from trellis.core.policies import rule

SELLERS = ("partner_admin", "partner_sales")


@rule("deals.register")
def _register(actor: Actor, partner: Any) -> bool:
    return has_partner_role(actor, partner, *SELLERS) or staff_stewards_partner(actor, partner)


@rule("deals.edit")
def _edit(actor: Actor, deal: Any) -> bool:
    return has_partner_role(actor, deal.partner, *SELLERS) or staff_stewards_partner(
        actor, deal.partner
    )


@rule("deals.decide")
def _decide(actor: Actor, deal: Any) -> bool:
    return staff_stewards_partner(actor, deal.partner)


@rule("deals.manage")
def _manage(actor: Actor, deal: Any) -> bool:
    """Extend protection, report won or lost: the registering partner's sellers or its stewards."""
    return has_partner_role(actor, deal.partner, *SELLERS) or staff_stewards_partner(
        actor, deal.partner
    )


@rule("deals.appeal")
def _appeal(actor: Actor, conflict: Any) -> bool:
    return has_partner_role(actor, conflict.partner, *SELLERS)


@rule("deals.decide_appeal")
def _decide_appeal(actor: Actor, appeal: Any) -> bool:
    return staff_stewards_partner(actor, appeal.partner)
