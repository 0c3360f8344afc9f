"""Writes about the vendor's own staff: invitations, roles, deactivation. Each is audited.

The console needs at least one active administrator at all times: the last one
can neither lose the role nor be switched off (checked under a lock, so two
administrators demoting each other at once cannot both succeed).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trellis.core import events, stamps
from trellis.core.actor import Actor
from trellis.core.exceptions import Conflict, NotFound
from trellis.core.policies import require
from trellis.core.roles import STAFF_ROLE_VALUES, StaffRole

from ..models import RoleGrant, User
from . import IssuedInvitation, clean_roles, issue_invitation


def staff_invite(
    *, actor: Actor, email: str, roles: list[str], full_name: str = ""
) -> IssuedInvitation:
    """Invite a colleague to the console with ``roles``; the link is e-mailed."""
    require(actor, "accounts.manage_staff")
    roles = clean_roles(roles, STAFF_ROLE_VALUES)
    return issue_invitation(
        actor=actor, partner=None, email=email, roles=roles, full_name=full_name
    )


def _staff_member(user: User) -> User:
    if user.partner_id is not None:
        raise NotFound()
    return user


def _lock_staff() -> None:
    """Serialise role and activation changes among staff (the last-administrator rule)."""
    list(
        User.objects.select_for_update()
        .filter(partner__isnull=True)
        .order_by("pk")
        .values_list("pk")
    )


def _other_active_admins(user: User) -> int:
    return (
        User.objects.filter(partner__isnull=True, is_active=True, role_grants__role=StaffRole.ADMIN)
        .exclude(pk=user.pk)
        .count()
    )


def staff_set_roles(*, actor: Actor, user: User, roles: list[str]) -> User:
    require(actor, "accounts.manage_staff")
    user = _staff_member(user)
    roles = clean_roles(roles, STAFF_ROLE_VALUES)
    with transaction.atomic():
        _lock_staff()
        before = sorted(RoleGrant.objects.filter(user=user).values_list("role", flat=True))
        if before == roles:
            return user
        losing_admin = StaffRole.ADMIN in before and StaffRole.ADMIN not in roles
        if losing_admin and user.is_active and _other_active_admins(user) == 0:
            raise Conflict(_("The console needs at least one active administrator."), field="roles")
        RoleGrant.objects.filter(user=user).exclude(role__in=roles).delete()
        RoleGrant.objects.bulk_create(
            [RoleGrant(user=user, role=r) for r in roles if r not in before]
        )
        events.record(
            actor, "staff.roles_changed", user, before={"roles": before}, after={"roles": roles}
        )
        stamps.bump(stamps.ACCESS)
    return user


def staff_set_active(*, actor: Actor, user: User, active: bool) -> User:
    """Switch a colleague's access off (refused on their next request) or on again."""
    require(actor, "accounts.manage_staff")
    user = _staff_member(user)
    if not active and user.pk == actor.user_id:
        raise Conflict(_("You cannot deactivate yourself."))
    with transaction.atomic():
        _lock_staff()
        user.refresh_from_db()
        if user.is_active == active:
            return user
        is_admin = RoleGrant.objects.filter(user=user, role=StaffRole.ADMIN).exists()
        if not active and is_admin and _other_active_admins(user) == 0:
            raise Conflict(_("The console needs at least one active administrator."))
        user.is_active = active
        user.deactivated_at = None if active else timezone.now()
        user.save(update_fields=["is_active", "deactivated_at"])
        stamps.bump(stamps.ACCESS)
        events.record(
            actor,
            "staff.reactivated" if active else "staff.deactivated",
            user,
            before={"is_active": not active},
            after={"is_active": active},
        )
    return user
