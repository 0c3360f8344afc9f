"""Reads about people: team members, invitations, tokens."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from trellis.core.actor import Actor
from trellis.core.exceptions import NotFound
from trellis.core.notifications import Recipient
from trellis.core.policies import allows
from trellis.core.roles import STAFF_ROLE_VALUES

from .models import ApiToken, Invitation, RoleGrant, User

if TYPE_CHECKING:
    from trellis.partners.models import Partner


def _with_roles(qs: QuerySet[User]) -> QuerySet[User]:
    return qs.prefetch_related(Prefetch("role_grants", queryset=RoleGrant.objects.order_by("role")))


def partner_members(*, actor: Actor, partner: Partner) -> QuerySet[User]:
    """The people of ``partner``; empty unless ``actor`` may see them."""
    if not allows(actor, "accounts.view_members", partner):
        return User.objects.none()
    return _with_roles(
        User.objects.visible_to(actor).filter(partner_id=partner.pk).order_by("-is_active", "email")
    )


def member_get(*, actor: Actor, user_id: int) -> User | None:
    return (
        _with_roles(User.objects.visible_to(actor).filter(partner__isnull=False))
        .select_related("partner")
        .filter(pk=user_id)
        .first()
    )


def open_invitations(*, actor: Actor, partner: Partner) -> QuerySet[Invitation]:
    if not allows(actor, "accounts.view_members", partner):
        return Invitation.objects.none()
    return Invitation.objects.visible_to(actor).filter(
        partner_id=partner.pk,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    )


def user_tokens(*, actor: Actor) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user_id=actor.user_id or 0, revoked_at__isnull=True)


def staff_users(*, actor: Actor, role: str | None = None) -> QuerySet[User]:
    """Vendor staff, for pickers such as 'channel manager'."""
    if not actor.is_staff:
        return User.objects.none()
    qs = User.objects.filter(
        partner__isnull=True, is_active=True, role_grants__role__in=STAFF_ROLE_VALUES
    )
    if role:
        qs = qs.filter(role_grants__role=role)
    return qs.distinct().order_by("full_name", "email")


def role_values(user: User) -> list[str]:
    return [g.role for g in user.role_grants.all()]


def staff_user_ids(candidates: list[int]) -> set[int]:
    """Which of ``candidates`` are active vendor staff with a role."""
    return set(
        User.objects.filter(
            pk__in=candidates, partner__isnull=True, is_active=True, role_grants__isnull=False
        ).values_list("pk", flat=True)
    )


def user_get(*, user_id: int) -> User:
    return User.objects.select_related("partner").get(pk=user_id)


def user_find(*, user_id: int) -> User | None:
    """A user by id, or None: for services that check a person someone picked."""
    return User.objects.filter(pk=user_id).first()


def people_choices(
    *, partner_id: int, staff_ids: list[int | None] | None = None
) -> list[tuple[int, str, bool]]:
    """Active people of a partner and of the vendor as (id, name, is vendor staff), for owner
    pickers.

    ``staff_ids`` limits the vendor side to those people (None: all staff with a role).
    """
    staff = User.objects.filter(partner__isnull=True, is_active=True, role_grants__isnull=False)
    if staff_ids is not None:
        staff = staff.filter(pk__in=[i for i in staff_ids if i])
    people = User.objects.filter(partner_id=partner_id, is_active=True)
    rows = [(u.pk, str(u), False) for u in people.order_by("full_name", "email")]
    rows += [(u.pk, str(u), True) for u in staff.distinct().order_by("full_name", "email")]
    return rows


def partner_member_count(*, partner_id: int) -> int:
    return User.objects.filter(partner_id=partner_id, is_active=True).count()


def colleagues(*, actor: Actor) -> QuerySet[User]:
    """What a non-admin partner user sees of their team: active colleagues and roles."""
    return _with_roles(
        User.objects.visible_to(actor).filter(partner_id=actor.partner_id, is_active=True)
    )


def invitation_get(*, actor: Actor, invitation_id: int) -> Invitation | None:
    return (
        Invitation.objects.visible_to(actor)
        .select_related("partner")
        .filter(pk=invitation_id)
        .first()
    )


def demo_partner_admins(*, limit: int, status: str = "active") -> list[tuple[str, str]]:
    """The first partners' admins (of partners in ``status``; the newest first for partners
    onboarding), for the demo's printed logins."""
    grants = (
        RoleGrant.objects.filter(role="partner_admin", user__is_active=True, partner__status=status)
        .select_related("user", "partner")
        .order_by("-partner_id" if status == "onboarding" else "partner_id")[:limit]
    )
    return [(g.user.email, g.partner.name) for g in grants]  # type: ignore[union-attr]


def partner_recipients(
    *,
    partner_id: int,
    user_ids: list[int | None] | None = None,
    roles: tuple[str, ...] = ("partner_admin",),
) -> list[Recipient]:
    """Who at a partner hears about its registrations: the people named, and its admins."""
    users = User.objects.filter(partner_id=partner_id, is_active=True).filter(
        Q(pk__in=[u for u in (user_ids or []) if u]) | Q(role_grants__role__in=roles)
    )
    return [Recipient(u.pk, u.email, u.language) for u in users.distinct()]


def staff_recipients(
    *, user_ids: list[int | None] | None = None, roles: tuple[str, ...] = ()
) -> list[Recipient]:
    users = User.objects.filter(partner__isnull=True, is_active=True).filter(
        Q(pk__in=[u for u in (user_ids or []) if u]) | Q(role_grants__role__in=roles)
    )
    return [Recipient(u.pk, u.email, u.language) for u in users.distinct()]


# --- the vendor's staff ------------------------------------------------------------


def staff_overview(*, actor: Actor) -> QuerySet[User]:
    """Every member of the vendor's staff, active first, with roles and how many partners
    each manages."""
    if not actor.is_staff:
        return User.objects.none()
    qs = (
        User.objects.visible_to(actor)
        .filter(partner__isnull=True)
        .annotate(managed=Count("managed_partners", distinct=True))
    )
    return _with_roles(qs).order_by("-is_active", "full_name", "email")


def staff_member_get(*, actor: Actor, user_id: int) -> User:
    found = staff_overview(actor=actor).filter(pk=user_id).first()
    if found is None:
        raise NotFound()
    return found


def open_staff_invitations(*, actor: Actor) -> QuerySet[Invitation]:
    if not actor.is_staff:
        return Invitation.objects.none()
    return (
        Invitation.objects.visible_to(actor)
        .filter(
            partner__isnull=True,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .order_by("-created_at")
    )


def staff_invitation_get(*, actor: Actor, invitation_id: int) -> Invitation:
    found = open_staff_invitations(actor=actor).filter(pk=invitation_id).first()
    if found is None:
        raise NotFound()
    return found


def people_per_partner(*, partner_ids: list[int] | None = None) -> dict[int, int]:
    """Active people of each partner (of ``partner_ids``, or of every partner)."""
    people = User.objects.filter(partner__isnull=False, is_active=True)
    if partner_ids is not None:
        people = people.filter(partner_id__in=partner_ids)
    return dict(people.values("partner_id").annotate(n=Count("pk")).values_list("partner_id", "n"))
