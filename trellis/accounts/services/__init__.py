"""Writes about people: invitations, roles, deactivation, API tokens. Each is audited."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from trellis.core import events, stamps
from trellis.core.actor import SYSTEM, Actor
from trellis.core.exceptions import Conflict, InvalidInput, NotFound
from trellis.core.mail import queue_email
from trellis.core.policies import require
from trellis.core.roles import PARTNER_ROLE_VALUES, STAFF_ROLE_VALUES, PartnerRole
from trellis.partners.selectors import status_allows_sign_in, status_is_read_only

from .. import policies  # noqa: F401  (registers the rules)
from ..actors import actor_for_member, actor_for_user
from ..models import ApiToken, Invitation, RoleGrant, User

if TYPE_CHECKING:
    from trellis.partners.models import Partner

TOKEN_PREFIX = "trl_"


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def clean_email(email: str) -> str:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise InvalidInput(_("Enter a valid e-mail address."), field="email") from None
    return email


def clean_roles(roles: list[str] | tuple[str, ...], allowed: frozenset[str]) -> list[str]:
    unknown = sorted(set(roles) - allowed)
    if unknown:
        raise InvalidInput(
            _("Unknown role: %(roles)s.") % {"roles": ", ".join(unknown)}, field="roles"
        )
    if not roles:
        raise InvalidInput(_("Choose at least one role."), field="roles")
    return sorted(set(roles))


# --- invitations -----------------------------------------------------------------


@dataclass(frozen=True)
class IssuedInvitation:
    invitation: Invitation
    url: str


def invitation_create(
    *, actor: Actor, partner: Partner, email: str, roles: list[str], full_name: str = ""
) -> IssuedInvitation:
    """Invite a colleague to ``partner``; the e-mail goes out through the task queue."""
    require(actor, "accounts.invite", partner)
    roles = clean_roles(roles, PARTNER_ROLE_VALUES)
    return issue_invitation(
        actor=actor, partner=partner, email=email, roles=roles, full_name=full_name
    )


def issue_invitation(
    *, actor: Actor, partner: Partner | None, email: str, roles: list[str], full_name: str
) -> IssuedInvitation:
    """Write the invitation and queue its e-mail (``partner`` None: to the vendor's staff).
    The caller has checked the inviter's right and the roles."""
    email = clean_email(email)
    if User.objects.filter(email=email).exists():
        raise Conflict(_("Someone with this e-mail address already has an account."), field="email")
    raw = secrets.token_urlsafe(32)
    url = settings.TRELLIS_BASE_URL.rstrip("/") + reverse("invitation_accept", args=[raw])
    with transaction.atomic():
        # Re-inviting replaces the earlier open invitation (its link stops working).
        Invitation.objects.filter(
            partner=partner, email=email, accepted_at__isnull=True, revoked_at__isnull=True
        ).update(revoked_at=timezone.now())
        try:
            with transaction.atomic():
                invitation = Invitation.objects.create(
                    partner=partner,
                    email=email,
                    full_name=full_name.strip()[:150],
                    roles=roles,
                    token_hash=_hash(raw),
                    invited_by_id=actor.user_id,
                    expires_at=timezone.now() + dt.timedelta(days=settings.TRELLIS_INVITATION_DAYS),
                )
        except IntegrityError:
            raise Conflict(
                _("An invitation for this address was just sent."), field="email"
            ) from None
        events.record(
            actor, "invitation.created", invitation, after={"email": email, "roles": roles}
        )
        context = {
            "partner": partner,
            "url": url,
            "inviter": actor.label,
            "invitation": invitation,
            "days": settings.TRELLIS_INVITATION_DAYS,
        }
        with translation.override(translation.get_language() or "en"):
            subject = render_to_string("accounts/email/invitation_subject.txt", context).strip()
            body = render_to_string("accounts/email/invitation_message.txt", context)
        queue_email(to=email, subject=subject, body_text=body)
        Invitation.objects.filter(pk=invitation.pk).update(email_sent_at=timezone.now())
    return IssuedInvitation(invitation=invitation, url=url)


def invitation_for_token(raw: str) -> Invitation:
    """The open invitation behind a link, or a clear reason why it no longer works."""
    invitation = Invitation.objects.select_related("partner").filter(token_hash=_hash(raw)).first()
    if invitation is None or invitation.revoked_at is not None:
        raise NotFound(
            _("This invitation link is not valid. Ask your administrator for a new one.")
        )
    if invitation.accepted_at is not None:
        raise Conflict(_("This invitation has already been used. Sign in instead."))
    if invitation.expires_at <= timezone.now():
        raise Conflict(_("This invitation has expired. Ask your administrator for a new one."))
    return invitation


def invitation_accept(*, raw_token: str, password: str, full_name: str = "") -> User:
    """Create the invited user with the invited roles; the link works once."""
    with transaction.atomic():
        invitation = invitation_for_token(raw_token)
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at is not None:
            raise Conflict(_("This invitation has already been used. Sign in instead."))
        if User.objects.filter(email=invitation.email).exists():
            raise Conflict(_("Someone with this e-mail address already has an account."))
        user = User(
            email=invitation.email,
            full_name=(full_name or invitation.full_name).strip()[:150],
            partner_id=invitation.partner_id,
            language=translation.get_language() or "en",
        )
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise InvalidInput(" ".join(exc.messages), field="password") from None
        user.set_password(password)
        user.save()
        RoleGrant.objects.bulk_create(
            RoleGrant(user=user, role=r, partner_id=invitation.partner_id) for r in invitation.roles
        )
        invitation.accepted_at = timezone.now()
        invitation.accepted_user = user
        invitation.save(update_fields=["accepted_at", "accepted_user"])
        joined = "member.joined" if invitation.partner_id else "staff.joined"
        events.record(actor_for_user(user), joined, user, after={"roles": invitation.roles})
    return user


def invitation_revoke(*, actor: Actor, invitation: Invitation) -> Invitation:
    if invitation.partner is None:
        require(actor, "accounts.manage_staff")
    else:
        require(actor, "accounts.invite", invitation.partner)
    with transaction.atomic():
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        events.record(actor, "invitation.revoked", invitation)
    return invitation


# --- members -----------------------------------------------------------------------


def _lock_partner_people(partner_id: int) -> None:
    """Serialise role and activation changes within one partner (the last-admin rule)."""
    list(
        User.objects.select_for_update()
        .filter(partner_id=partner_id)
        .order_by("pk")
        .values_list("pk")
    )


def _active_admin_count(partner_id: int, excluding: int) -> int:
    return (
        User.objects.filter(
            partner_id=partner_id, is_active=True, role_grants__role=PartnerRole.ADMIN
        )
        .exclude(pk=excluding)
        .count()
    )


def member_set_roles(*, actor: Actor, member: User, roles: list[str]) -> User:
    require(actor, "accounts.manage_member", member)
    roles = clean_roles(roles, PARTNER_ROLE_VALUES)
    with transaction.atomic():
        _lock_partner_people(member.partner_id)  # type: ignore[arg-type]
        before = sorted(RoleGrant.objects.filter(user=member).values_list("role", flat=True))
        if (
            PartnerRole.ADMIN in before
            and PartnerRole.ADMIN not in roles
            and member.is_active
            and _active_admin_count(member.partner_id, member.pk) == 0  # type: ignore[arg-type]
        ):
            raise Conflict(_("A partner needs at least one active partner admin."), field="roles")
        RoleGrant.objects.filter(user=member).exclude(role__in=roles).delete()
        RoleGrant.objects.bulk_create(
            [
                RoleGrant(user=member, role=r, partner_id=member.partner_id)
                for r in roles
                if r not in before
            ]
        )
        events.record(
            actor, "member.roles_changed", member, before={"roles": before}, after={"roles": roles}
        )
        stamps.bump(stamps.ACCESS)
    return member


def member_deactivate(*, actor: Actor, member: User) -> User:
    """Refused on the very next request: sessions and API tokens alike."""
    require(actor, "accounts.manage_member", member)
    if member.pk == actor.user_id:
        raise Conflict(_("You cannot deactivate yourself."))
    with transaction.atomic():
        _lock_partner_people(member.partner_id)  # type: ignore[arg-type]
        member.refresh_from_db()
        if not member.is_active:
            return member
        is_admin = RoleGrant.objects.filter(user=member, role=PartnerRole.ADMIN).exists()
        if is_admin and _active_admin_count(member.partner_id, member.pk) == 0:  # type: ignore[arg-type]
            raise Conflict(_("A partner needs at least one active partner admin."))
        member.is_active = False
        member.deactivated_at = timezone.now()
        member.save(update_fields=["is_active", "deactivated_at"])
        stamps.bump(stamps.ACCESS)
        events.record(
            actor,
            "member.deactivated",
            member,
            before={"is_active": True},
            after={"is_active": False},
        )
    return member


def member_reactivate(*, actor: Actor, member: User) -> User:
    require(actor, "accounts.manage_member", member)
    with transaction.atomic():
        if member.is_active:
            return member
        member.is_active = True
        member.deactivated_at = None
        member.save(update_fields=["is_active", "deactivated_at"])
        stamps.bump(stamps.ACCESS)
        events.record(
            actor,
            "member.reactivated",
            member,
            before={"is_active": False},
            after={"is_active": True},
        )
    return member


def staff_user_create(*, email: str, password: str, roles: list[str], full_name: str = "") -> User:
    """Create vendor staff (used by the CLI and the demo; there is no self sign-up)."""
    email = clean_email(email)
    roles = clean_roles(roles, STAFF_ROLE_VALUES)
    with transaction.atomic():
        user = User.objects.create_user(email, password, full_name=full_name)
        RoleGrant.objects.bulk_create(RoleGrant(user=user, role=r) for r in roles)
        events.record(SYSTEM, "staff.created", user, after={"roles": roles})
    return user


# --- API tokens --------------------------------------------------------------------


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    raw: str  # shown once; only its hash is stored


def token_create(*, actor: Actor, name: str) -> IssuedToken:
    name = name.strip()
    if not name:
        raise InvalidInput(
            _("Give the token a name, such as the integration using it."), field="name"
        )
    if actor.user_id is None:
        raise InvalidInput(_("Tokens belong to a person."))
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user_id=actor.user_id, name=name[:100], prefix=raw[:12], token_hash=_hash(raw)
        )
        events.record(
            actor, "token.created", token, partner_id=actor.partner_id, after={"name": token.name}
        )
    return IssuedToken(token=token, raw=raw)


def token_revoke(*, actor: Actor, token: ApiToken) -> ApiToken:
    require(actor, "accounts.manage_token", token)
    with transaction.atomic():
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            stamps.bump(stamps.ACCESS)
            events.record(actor, "token.revoked", token, partner_id=actor.partner_id)
    return token


# Writing last_used_at on every call would turn each API read into a write.
_LAST_USED_RESOLUTION = dt.timedelta(seconds=60)


def token_create_for_email(*, email: str, name: str) -> IssuedToken:
    """For `trellis token create EMAIL`: a token for scripts, acting as that user."""
    user = User.objects.filter(email=email.strip().lower()).first()
    if user is None:
        raise NotFound(_("No user with that e-mail address."))
    actor = actor_for_user(user)
    if actor.user_id is None:
        raise InvalidInput(_("That user cannot use Trellis (inactive, or without a role)."))
    return token_create(actor=actor, name=name)


@dataclass
class _LiveToken:
    """What a live token acts as: kept per process under the access stamp."""

    token_id: int
    user_id: int
    email: str
    is_active: bool
    partner_id: int | None
    partner_status: str | None
    roles: frozenset[str]
    last_used_at: dt.datetime | None


_LIVE_TOKENS: stamps.StampedCache[_LiveToken | None] = stamps.StampedCache(stamps.ACCESS)


def _live_token(token_hash: str) -> _LiveToken | None:
    # One row per role the token's user holds (one row with no role when they hold none):
    # the token, its user, their partner and their roles come back in one statement.
    rows: list[Any] = list(
        ApiToken.objects.filter(token_hash=token_hash, revoked_at__isnull=True)
        .annotate(
            email=F("user__email"),
            is_active=F("user__is_active"),
            partner_id=F("user__partner_id"),
            partner_status=F("user__partner__status"),
            role=F("user__role_grants__role"),
        )
        .order_by("pk")
        .values_list(
            "pk",
            "last_used_at",
            "user_id",
            "email",
            "is_active",
            "partner_id",
            "partner_status",
            "role",
            named=True,
        )
    )
    if not rows:
        return None
    first = rows[0]
    return _LiveToken(
        token_id=first.pk,
        user_id=first.user_id,
        email=first.email,
        is_active=first.is_active,
        partner_id=first.partner_id,
        partner_status=first.partner_status,
        roles=frozenset(row.role for row in rows if row.role is not None),
        last_used_at=first.last_used_at,
    )


def api_actor_for_token(raw: str) -> Actor | None:
    """The Actor an API request acts as, or None (401) when the token, its user or their partner is
    not live.

    Every API call starts here. What a token acts as is kept per process until
    the access stamp changes (a token revoked, a person's roles or activity
    changed, a partner suspended), so a revoked token is refused on its next call.
    """
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token_hash = _hash(raw)
    live = _LIVE_TOKENS.get(token_hash, lambda: _live_token(token_hash))
    if live is None:
        return None
    if not live.is_active or (
        live.partner_id is not None and not status_allows_sign_in(live.partner_status or "")
    ):
        return None
    now = timezone.now()
    if live.last_used_at is None or now - live.last_used_at > _LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=live.token_id).update(last_used_at=now)
        live.last_used_at = now
    actor = actor_for_member(
        user_id=live.user_id,
        email=live.email,
        partner_id=live.partner_id,
        token_id=live.token_id,
        roles=live.roles,
        read_only=live.partner_id is not None and status_is_read_only(live.partner_status or ""),
    )
    return actor if actor.user_id is not None else None


def partner_people_anonymise(*, partner_id: int) -> int:
    """Remove what identifies a departed partner's people (name, e-mail, open invitations);
    their accounts stay, deactivated, so the records they made still point somewhere. Returns
    how many people were anonymised. Safe to run again."""
    with transaction.atomic():
        people = list(User.objects.select_for_update().filter(partner_id=partner_id))
        for user in people:
            user.email = f"removed-{user.pk}@invalid.example"
            user.full_name = ""
            user.is_active = False
            user.set_unusable_password()
        User.objects.bulk_update(people, ["email", "full_name", "is_active", "password"])
        Invitation.objects.filter(partner_id=partner_id).delete()
        ApiToken.objects.filter(user__partner_id=partner_id, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        stamps.bump(stamps.ACCESS)
    return len(people)
