"""Who may take in, route, answer and work leads."""

from __future__ import annotations

from typing import Any

from trellis.core.actor import Actor
from trellis.core.policies import rule
from trellis.core.roles import configures_programs, has_partner_role, stewards_partner

SELLERS = ("partner_admin", "partner_sales")
# Vendor staff who hand out leads: any channel manager may take one in or pick a partner.
ROUTERS = ("admin", "channel_manager", "partner_ops", "marketing")


@rule("leads.receive")
def _receive(actor: Actor, _nothing: Any) -> bool:
    # The system takes in what public web forms send (their own service checks the form).
    return actor.is_system or (actor.is_staff and actor.has_role(*ROUTERS))


@rule("leads.route")
def _route(actor: Actor, lead: Any) -> bool:
    return actor.is_staff and actor.has_role("admin", "channel_manager", "partner_ops")


@rule("leads.answer")
def _answer(actor: Actor, offer: Any) -> bool:
    return has_partner_role(actor, offer.partner, *SELLERS)


@rule("leads.work")
def _work(actor: Actor, lead: Any) -> bool:
    if lead.partner is None:
        return False
    return has_partner_role(actor, lead.partner, *SELLERS) or stewards_partner(actor, lead.partner)


@rule("leads.configure")
def _configure(actor: Actor, obj: Any) -> bool:
    return configures_programs(actor)
