"""Turn a signed-in user (or token) into the Actor the rest of Trellis reasons about."""

from __future__ import annotations

from trellis.core.actor import ANONYMOUS, Actor, ActorKind

from .models import ApiToken, RoleGrant, User
from .roles import PARTNER_ROLE_VALUES, STAFF_ROLE_VALUES


def actor_for_user(user: User, *, token: ApiToken | None = None) -> Actor:
    if not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    roles = frozenset(RoleGrant.objects.filter(user_id=user.pk).values_list("role", flat=True))
    if user.partner_id is not None:
        kind = ActorKind.PARTNER
        roles = roles & PARTNER_ROLE_VALUES
    else:
        kind = ActorKind.STAFF
        roles = roles & STAFF_ROLE_VALUES
        if not roles:  # a staff account without any role may not see the console
            return ANONYMOUS
    return Actor(
        kind=kind,
        user_id=user.pk,
        label=user.email,
        partner_id=user.partner_id,
        roles=roles,
        token_id=token.pk if token else None,
    )
