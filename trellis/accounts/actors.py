"""Turn a signed-in user (or token) into the Actor the rest of Trellis reasons about."""

from __future__ import annotations

from trellis.core.actor import ANONYMOUS, Actor, ActorKind
from trellis.core.roles import PARTNER_ROLE_VALUES, STAFF_ROLE_VALUES
from trellis.partners.selectors import status_is_read_only

from .models import ApiToken, RoleGrant, User


def actor_for_user(user: User, *, token: ApiToken | None = None) -> Actor:
    if not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    partner = user.partner if user.partner_id is not None else None
    return actor_for_member(
        user_id=user.pk,
        email=user.email,
        partner_id=user.partner_id,
        token_id=token.pk if token else None,
        read_only=partner is not None and status_is_read_only(partner.status),
    )


def actor_for_member(
    *,
    user_id: int,
    email: str,
    partner_id: int | None,
    token_id: int | None = None,
    roles: frozenset[str] | None = None,
    read_only: bool = False,
) -> Actor:
    """The Actor of an active user, from the few columns it needs (the API's hot path has no User
    object).

    ``roles`` are the user's role grants when the caller has read them already.
    """
    if roles is None:
        roles = frozenset(RoleGrant.objects.filter(user_id=user_id).values_list("role", flat=True))
    if partner_id is not None:
        kind = ActorKind.PARTNER
        roles = roles & PARTNER_ROLE_VALUES
    else:
        kind = ActorKind.STAFF
        roles = roles & STAFF_ROLE_VALUES
        if not roles:  # a staff account without any role may not see the console
            return ANONYMOUS
    return Actor(
        kind=kind,
        user_id=user_id,
        label=email,
        partner_id=partner_id,
        roles=roles,
        token_id=token_id,
        read_only=read_only,
    )
