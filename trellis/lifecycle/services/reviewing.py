"""The channel team decides an application: hold it, reject it, or accept it, which brings the
company in as a partner in onboarding and invites its first admin."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from trellis.accounts.services import IssuedInvitation, issue_invitation
from trellis.core import events
from trellis.core.actor import Actor
from trellis.core.exceptions import InvalidInput, InvalidTransition
from trellis.core.mail import queue_email
from trellis.core.policies import require
from trellis.core.roles import PartnerRole, StaffRole
from trellis.partners.selectors import tiers
from trellis.partners.services import NewPartner, partner_create, partner_set_tier

from .. import policies  # noqa: F401  (registers the rules)
from ..choices import APPLICATION_TRANSITIONS, ApplicationStatus
from ..models import Application
from .onboarding import onboarding_start


@dataclass(frozen=True)
class Acceptance:
    application: Application
    invitation: IssuedInvitation


def _decide(actor: Actor, application: Application, status: str, reason: str) -> Application:
    """Lock the application and move it to ``status``; the caller is in a transaction."""
    require(actor, "lifecycle.review", application)
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if status not in APPLICATION_TRANSITIONS[locked.status]:
        raise InvalidTransition(locked.get_status_display(), str(ApplicationStatus(status).label))
    before = locked.status
    locked.status = status
    locked.decision_reason = reason.strip()
    if status != ApplicationStatus.ON_HOLD:
        locked.decided_at = timezone.now()
        locked.decided_by_id = actor.user_id
    locked.save()
    events.record(
        actor,
        f"application.{status}",
        locked,
        before={"status": before},
        after={"status": status},
        note=locked.decision_reason,
    )
    return locked


def _reason_required(reason: str) -> None:
    if not reason.strip():
        raise InvalidInput(_("Say why, for the record and for your colleagues."), field="reason")


def application_hold(*, actor: Actor, application: Application, reason: str) -> Application:
    """Park an application while something is checked (references, a call); it stays open."""
    _reason_required(reason)
    with transaction.atomic():
        return _decide(actor, application, ApplicationStatus.ON_HOLD, reason)


def application_reject(
    *, actor: Actor, application: Application, reason: str, tell_applicant: bool = True
) -> Application:
    """Decline an application; the applicant hears that it was declined, not the internal
    reason."""
    _reason_required(reason)
    with transaction.atomic():
        application = _decide(actor, application, ApplicationStatus.REJECTED, reason)
        if tell_applicant:
            with translation.override(application.language):
                subject = _("Your partner application")
                body = _(
                    "Hello %(n)s,\n\nthank you for your interest in the %(p)s. After "
                    "reviewing the application from %(c)s, we will not take it further for "
                    "now. You are welcome to apply again when your business changes."
                ) % {
                    "n": application.contact_name,
                    "p": settings.TRELLIS_PROGRAM_NAME,
                    "c": application.company_name,
                }
            queue_email(to=application.contact_email, subject=subject, body_text=body)
    return application


def application_accept(
    *,
    actor: Actor,
    application: Application,
    reason: str = "",
    tier_id: int | None = None,
    channel_manager_id: int | None = None,
) -> Acceptance:
    """Bring the company in: the partner is created in onboarding, enrolled at ``tier_id``
    (when given), and its contact is invited as the first partner admin, all or nothing.

    A channel manager who accepts becomes the partner's channel manager; admins and partner
    operations may name another.
    """
    require(actor, "lifecycle.review", application)
    names_another = actor.has_role(StaffRole.ADMIN, StaffRole.PARTNER_OPS) and channel_manager_id
    if not names_another and actor.has_role(StaffRole.CHANNEL_MANAGER):
        channel_manager_id = actor.user_id
    with transaction.atomic():
        application = _decide(actor, application, ApplicationStatus.ACCEPTED, reason)
        partner = partner_create(
            actor=actor,
            data=NewPartner(
                name=application.company_name,
                country=application.country,
                partner_types=application.partner_types,
                website=application.website,
                city=application.city,
                specializations=application.specializations,
                channel_manager_id=channel_manager_id,
            ),
            note=_("Accepted from application %(id)s") % {"id": application.pk},
        )
        tier = None
        if tier_id is not None:
            tier = tiers().filter(pk=tier_id).first()
            if tier is None:
                raise InvalidInput(_("Choose a tier from the list."), field="tier")
            partner_set_tier(actor=actor, partner=partner, tier=tier, note=reason)
        application.partner = partner
        application.save(update_fields=["partner", "updated_at"])
        onboarding_start(
            actor=actor,
            partner=partner,
            program_ids=[tier.program_id] if tier_id is not None and tier is not None else [],
            partner_types=set(application.partner_types),
        )
        with translation.override(application.language):
            invitation = issue_invitation(
                actor=actor,
                partner=partner,
                email=application.contact_email,
                roles=[PartnerRole.ADMIN],
                full_name=application.contact_name,
            )
    return Acceptance(application=application, invitation=invitation)
