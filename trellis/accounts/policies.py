"""Who may manage partner users, invitations and tokens."""

from __future__ import annotations

from typing import Any

from trellis.core.actor import Actor
from trellis.core.policies import rule
from trellis.core.roles import PartnerRole, is_partner_admin_of, manages_staff, stewards_partner


def can_manage_partner_people(actor: Actor, partner: Any) -> bool:
    """Partner admins of that partner, and the vendor staff who steward it."""
    return is_partner_admin_of(actor, partner) or stewards_partner(actor, partner)


@rule("accounts.invite")
def _invite(actor: Actor, partner: Any) -> bool:
    return can_manage_partner_people(actor, partner)


@rule("accounts.manage_member")
def _manage_member(actor: Actor, user: Any) -> bool:
    return user.partner_id is not None and can_manage_partner_people(actor, user.partner)


@rule("accounts.view_members")
def _view_members(actor: Actor, partner: Any) -> bool:
    if actor.is_staff:
        return True
    return actor.partner_id == partner.pk and actor.has_role(PartnerRole.ADMIN)


@rule("accounts.manage_token")
def _manage_token(actor: Actor, token: Any) -> bool:
    return token.user_id == actor.user_id


@rule("accounts.manage_staff")
def _manage_staff(actor: Actor, _nothing: Any) -> bool:
    return manages_staff(actor)
