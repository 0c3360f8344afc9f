"""Offboarding, started by the vendor: the partner's people and tokens lose access at once, its
open registrations and leads go to another partner or are closed and routed afresh, payouts
owed are held for a final statement, the partner's admins get a link to an export of their
company's data, and its people's personal data is anonymised after the retention period.
Reactivation brings a partner back (before anonymisation), audited like the rest."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from trellis.accounts.selectors import partner_recipients
from trellis.accounts.services import partner_people_anonymise
from trellis.core import events
from trellis.core.actor import SYSTEM, Actor
from trellis.core.exceptions import InvalidInput, InvalidTransition
from trellis.core.notifications import notify
from trellis.core.policies import require
from trellis.deals.services import deals_release_partner
from trellis.leads.services import leads_release_partner
from trellis.partners.selectors import listed_partner_names
from trellis.partners.services import partner_set_status

from .. import policies  # noqa: F401  (registers the rules)
from ..choices import ExitKind
from ..models import AgreementAcceptance, Application, PartnerExit

EXPORT_DAYS = 14
_SIGNER = signing.TimestampSigner(salt="trellis.lifecycle.export")


def export_link(exit_record: PartnerExit) -> str:
    """A link to the company's data export that works for EXPORT_DAYS, without signing in (the
    partner's people no longer can)."""
    token = _SIGNER.sign(f"{exit_record.partner_id}:{exit_record.pk}")
    return settings.TRELLIS_BASE_URL.rstrip("/") + reverse("partner_export", args=[token])


def export_opened(token: str) -> PartnerExit | None:
    """The departure behind a link, while the link is valid and the data not yet anonymised."""
    try:
        value = _SIGNER.unsign(token, max_age=dt.timedelta(days=EXPORT_DAYS))
    except signing.BadSignature:
        return None
    partner_id, _sep, exit_id = value.partition(":")
    return PartnerExit.objects.filter(
        pk=int(exit_id), partner_id=int(partner_id), anonymised_at__isnull=True
    ).first()


def _targets(partner: Any, *ids: int | None) -> None:
    wanted = [i for i in ids if i is not None]
    if partner.pk in wanted:
        raise InvalidInput(_("Choose another partner to hand the work to."), field="deals_to")
    known = listed_partner_names(ids=wanted)
    if any(i not in known for i in wanted):
        raise InvalidInput(_("Choose an active partner to hand the work to."), field="deals_to")


def partner_offboard(
    *,
    actor: Actor,
    partner: Any,
    kind: str,
    reason: str,
    deals_to: int | None = None,
    leads_to: int | None = None,
) -> PartnerExit:
    """Take the partner out of the program, all or nothing."""
    require(actor, "lifecycle.offboard", partner)
    if kind not in ExitKind.values:
        raise InvalidInput(_("Say whether the partner leaves or is terminated."), field="kind")
    if not reason.strip():
        raise InvalidInput(_("Say why the partner leaves, for the record."), field="reason")
    _targets(partner, deals_to, leads_to)
    note = _("Partner left the program: %(reason)s") % {"reason": reason.strip()}
    with transaction.atomic():
        # Access goes first: the partner's people and tokens are refused on their next request.
        partner_set_status(actor=actor, partner=partner, status="offboarding", note=reason)
        moved, closed = deals_release_partner(
            actor=actor, partner_id=partner.pk, to_partner_id=deals_to, note=note
        )
        leads = leads_release_partner(
            actor=actor, partner_id=partner.pk, to_partner_id=leads_to, note=note
        )
        retention = dt.timedelta(days=settings.TRELLIS_OFFBOARDED_RETENTION_DAYS)
        record = PartnerExit.objects.create(
            partner=partner,
            kind=kind,
            reason=reason.strip(),
            started_by_id=actor.user_id,
            deals_to_id=deals_to,
            leads_to_id=leads_to,
            deals_moved=moved,
            deals_closed=closed,
            leads_moved=leads,
            anonymise_on=timezone.localdate() + retention,
        )
        events.record(
            actor,
            "partner_exit.started",
            record,
            after={
                "kind": kind,
                "deals_moved": moved,
                "deals_closed": closed,
                "leads": leads,
                "payouts_held": True,
            },
            note=reason.strip(),
        )
        partner.refresh_from_db()
        partner_set_status(actor=actor, partner=partner, status="offboarded", note=reason)
        _send_export(record)
    return record


def _send_export(record: PartnerExit) -> None:
    link = export_link(record)

    def render() -> tuple[str, str]:
        return _("Your data from the %(program)s") % {"program": settings.TRELLIS_PROGRAM_NAME}, _(
            "Your company's partnership has ended. For %(days)s days you can download your "
            "company's data (profile, people, registrations, tier history, documents) from this "
            "link, without signing in: %(link)s"
        ) % {"days": EXPORT_DAYS, "link": link}

    notify(
        partner_recipients(partner_id=record.partner_id),
        verb="partner_exit.export_sent",
        partner_id=record.partner_id,
        url="",
        render=render,
        dedupe_key=f"partner-exit-{record.pk}",
    )
    record.export_sent_at = timezone.now()
    record.save(update_fields=["export_sent_at"])


def partner_reactivate(*, actor: Actor, partner: Any, reason: str) -> Any:
    """Bring a suspended or departed partner back (a departed one only before its people's data
    was anonymised); its people sign in again."""
    require(actor, "lifecycle.offboard", partner)
    if not reason.strip():
        raise InvalidInput(_("Say why the partner comes back."), field="reason")
    last = PartnerExit.objects.filter(partner=partner, reactivated_at__isnull=True).first()
    if last is not None and last.anonymised_at is not None:
        raise InvalidTransition(_("Offboarded"), _("Active"))
    with transaction.atomic():
        partner_set_status(actor=actor, partner=partner, status="active", note=reason.strip())
        if last is not None:
            last.reactivated_at, last.reactivated_by_id = timezone.now(), actor.user_id
            last.save(update_fields=["reactivated_at", "reactivated_by"])
            events.record(actor, "partner_exit.reactivated", last, note=reason.strip())
    return partner


def exits_anonymise(*, today: dt.date | None = None) -> int:
    """The daily job: anonymise the people of partners gone longer than the retention period.
    Safe to run again (each departure is anonymised once)."""
    today = today or timezone.localdate()
    due = PartnerExit.objects.filter(
        anonymise_on__lte=today, anonymised_at__isnull=True, reactivated_at__isnull=True
    )
    done = 0
    for record in due:
        with transaction.atomic():
            claimed = PartnerExit.objects.filter(pk=record.pk, anonymised_at__isnull=True).update(
                anonymised_at=timezone.now()
            )
            if not claimed:
                continue
            people = partner_people_anonymise(partner_id=record.partner_id)
            AgreementAcceptance.objects.filter(partner_id=record.partner_id).update(
                accepted_by_name="", ip_address=None, user_agent=""
            )
            Application.objects.filter(partner_id=record.partner_id).update(
                contact_name="", contact_email="removed@invalid.example", contact_phone=""
            )
            events.record(SYSTEM, "partner_exit.anonymised", record, after={"people": people})
            done += 1
    return done
