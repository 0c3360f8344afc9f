"""Who may register, change and decide deal registrations."""

from __future__ import annotations

from typing import Any

from trellis.core.actor import Actor
from trellis.core.policies import rule
from trellis.core.roles import configures_programs, has_partner_role, stewards_partner

SELLERS = ("partner_admin", "partner_sales")


@rule("deals.register")
def _register(actor: Actor, partner: Any) -> bool:
    return has_partner_role(actor, partner, *SELLERS) or stewards_partner(actor, partner)


@rule("deals.edit")
def _edit(actor: Actor, deal: Any) -> bool:
    return has_partner_role(actor, deal.partner, *SELLERS) or stewards_partner(actor, deal.partner)


@rule("deals.decide")
def _decide(actor: Actor, deal: Any) -> bool:
    return stewards_partner(actor, deal.partner)


@rule("deals.manage")
def _manage(actor: Actor, deal: Any) -> bool:
    """Extend protection, report won or lost: the registering partner's sellers or its stewards."""
    return has_partner_role(actor, deal.partner, *SELLERS) or stewards_partner(actor, deal.partner)


@rule("deals.appeal")
def _appeal(actor: Actor, conflict: Any) -> bool:
    return has_partner_role(actor, conflict.partner, *SELLERS)


@rule("deals.decide_appeal")
def _decide_appeal(actor: Actor, appeal: Any) -> bool:
    return stewards_partner(actor, appeal.partner)


# Vendor staff who sell alongside partners: the opportunity's owner and the channel leadership.
CO_SELLING_STAFF = ("admin", "channel_manager", "alliance_manager")


@rule("deals.sell_direct")
def _sell_direct(actor: Actor, opportunity: Any) -> bool:
    """Change one of the vendor's own opportunities (its stage, its outcome)."""
    return actor.is_staff and (
        (opportunity.owner_id is not None and opportunity.owner_id == actor.user_id)
        or actor.has_role(*CO_SELLING_STAFF)
    )


@rule("deals.join_as_vendor")
def _join_as_vendor(actor: Actor, deal: Any) -> bool:
    """Put the vendor's sales team alongside a partner's registration."""
    return actor.is_staff and actor.has_role(*CO_SELLING_STAFF)


@rule("deals.answer_co_selling")
def _answer_co_selling(actor: Actor, link: Any) -> bool:
    """A co-selling request is answered by the named partner's sellers, not the registrant."""
    return has_partner_role(actor, link.partner, *SELLERS)


@rule("deals.configure")
def _configure(actor: Actor, obj: Any) -> bool:
    return configures_programs(actor)
