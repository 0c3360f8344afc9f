"""Offboarding, started by the vendor: the partner's people and tokens lose access at once, its
open registrations and leads go to another partner or the channel manager, or are closed and
routed afresh (chosen for all at once or item by item), payouts
owed are held for a final statement, the partner's admins get a link to an export of their
company's data, and its people's personal data is anonymised after the retention period.
Reactivation brings a partner back (before anonymisation), audited like the rest."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from trellis.accounts.selectors import partner_recipients, staff_recipients, user_find
from trellis.accounts.services import partner_people_anonymise
from trellis.core import events
from trellis.core.actor import SYSTEM, Actor
from trellis.core.exceptions import InvalidInput, InvalidTransition
from trellis.core.notifications import notify
from trellis.core.policies import require
from trellis.core.roles import StaffRole
from trellis.deals.selectors import open_registrations_of
from trellis.deals.services import deals_release_partner
from trellis.leads.selectors import open_leads_of
from trellis.leads.services import HOLD, leads_release_partner
from trellis.partners.selectors import listed_partner_names
from trellis.partners.services import partner_set_status

from .. import policies  # noqa: F401  (registers the rules)
from ..choices import ExitKind, HandoverItem, HandoverOutcome
from ..models import AgreementAcceptance, Application, Handover, PartnerExit

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


@dataclass(frozen=True)
class HandoverChoice:
    """The vendor's choice for one open registration or lead, overriding the choice for all."""

    item: str  # HandoverItem
    id: int
    to: str  # HandoverTo: partner, channel_manager or release (close / route afresh)
    partner: int | None = None


@dataclass(frozen=True)
class Handovers:
    """Where a departing partner's open work goes: a partner, the channel manager, or released
    (registrations closed, leads routed afresh), for all at once and item by item."""

    deals_to: int | None = None
    leads_to: int | None = None
    deals_to_manager: bool = False
    leads_to_manager: bool = False
    items: tuple[HandoverChoice, ...] = ()

    def check(self, partner: Any, open_deals: set[int], open_leads: set[int]) -> None:
        if self.deals_to is not None and self.deals_to_manager:
            raise InvalidInput(
                _("Hand the registrations to a partner or to the channel manager, not both."),
                field="deals_to",
            )
        if self.leads_to is not None and self.leads_to_manager:
            raise InvalidInput(
                _("Hand the leads to a partner or to the channel manager, not both."),
                field="leads_to",
            )
        for choice in self.items:
            known = open_deals if choice.item == HandoverItem.DEAL else open_leads
            if choice.item not in HandoverItem.values or choice.id not in known:
                raise InvalidInput(
                    _("%(item)s %(id)s is not open with this partner.")
                    % {"item": _label(choice.item), "id": choice.id},
                    field="items",
                )
            if choice.to not in ("partner", "channel_manager", "release"):
                raise InvalidInput(_("Choose where the item goes."), field="items")
            if (choice.to == "partner") != (choice.partner is not None):
                raise InvalidInput(
                    _("Name the partner taking %(item)s %(id)s, and only for a partner.")
                    % {"item": _label(choice.item), "id": choice.id},
                    field="items",
                )
        wanted = [self.deals_to, self.leads_to, *(c.partner for c in self.items)]
        _targets(partner, [i for i in wanted if i is not None])

    def of(self, item: str) -> dict[int, HandoverChoice]:
        return {c.id: c for c in self.items if c.item == item}


def _label(item: str) -> str:
    return str(HandoverItem(item).label) if item in HandoverItem.values else item


def _targets(partner: Any, wanted: list[int]) -> None:
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
    handovers: Handovers = Handovers(),
) -> PartnerExit:
    """Take the partner out of the program, all or nothing."""
    require(actor, "lifecycle.offboard", partner)
    if kind not in ExitKind.values:
        raise InvalidInput(_("Say whether the partner leaves or is terminated."), field="kind")
    if not reason.strip():
        raise InvalidInput(_("Say why the partner leaves, for the record."), field="reason")
    manager_id = partner.channel_manager_id
    steward = user_find(user_id=manager_id) if manager_id else None
    manager = str(steward) if steward else _("partner operations")
    note = _("Partner left the program: %(reason)s") % {"reason": reason.strip()}
    to_manager = _("Handed to the channel manager (%(who)s) after the partner left: %(reason)s") % {
        "who": manager,
        "reason": reason.strip(),
    }
    with transaction.atomic():
        # Access goes first: the partner's people and tokens are refused on their next request,
        # and the partner can no longer add work while its open work is listed and handed on.
        partner_set_status(actor=actor, partner=partner, status="offboarding", note=reason)
        deals = {d["pk"]: d["customer_name"] for d in open_registrations_of(partner_id=partner.pk)}
        leads = {d["pk"]: d["customer_name"] for d in open_leads_of(partner_id=partner.pk)}
        handovers.check(partner, set(deals), set(leads))
        deal_choices, lead_choices = (
            handovers.of(HandoverItem.DEAL),
            handovers.of(HandoverItem.LEAD),
        )
        deal_manager = {
            pk
            for pk in deals
            if ((c := deal_choices.get(pk)) is not None and c.to == "channel_manager")
            or (c is None and handovers.deals_to_manager)
        }
        deal_outcome = deals_release_partner(
            actor=actor,
            partner_id=partner.pk,
            to_partner_id=handovers.deals_to,
            note=note,
            handover={pk: c.partner for pk, c in deal_choices.items()},
            notes=dict.fromkeys(deal_manager, to_manager),
        )
        lead_outcome = leads_release_partner(
            actor=actor,
            partner_id=partner.pk,
            to=HOLD if handovers.leads_to_manager else handovers.leads_to,
            note=note,
            held_for=manager,
            handover={
                pk: HOLD if c.to == "channel_manager" else c.partner
                for pk, c in lead_choices.items()
            },
        )
        rows = [
            Handover(
                item=HandoverItem.DEAL,
                item_id=pk,
                customer_name=deals.get(pk, ""),
                outcome=(
                    HandoverOutcome.MOVED
                    if target is not None
                    else HandoverOutcome.MANAGER
                    if pk in deal_manager
                    else HandoverOutcome.CLOSED
                ),
                to_partner_id=target,
                to_user_id=manager_id if pk in deal_manager else None,
                chosen_one_by_one=pk in deal_choices,
            )
            for pk, target in deal_outcome.items()
        ] + [
            Handover(
                item=HandoverItem.LEAD,
                item_id=pk,
                customer_name=leads.get(pk, ""),
                outcome=HandoverOutcome.MANAGER if how == "held" else how,
                to_partner_id=target,
                to_user_id=manager_id if how == "held" else None,
                chosen_one_by_one=pk in lead_choices,
            )
            for pk, (how, target) in lead_outcome.items()
        ]
        outcomes = Counter(str(r.outcome) for r in rows[: len(deal_outcome)])
        retention = dt.timedelta(days=settings.TRELLIS_OFFBOARDED_RETENTION_DAYS)
        record = PartnerExit.objects.create(
            partner=partner,
            kind=kind,
            reason=reason.strip(),
            started_by_id=actor.user_id,
            deals_to_id=handovers.deals_to,
            leads_to_id=handovers.leads_to,
            deals_moved=outcomes[HandoverOutcome.MOVED],
            deals_closed=outcomes[HandoverOutcome.CLOSED],
            leads_moved=sum(how != "shared" for how, _t in lead_outcome.values()),
            to_manager=sum(r.outcome == HandoverOutcome.MANAGER for r in rows),
            anonymise_on=timezone.localdate() + retention,
        )
        for row in rows:
            row.exit = record
        Handover.objects.bulk_create(rows)
        events.record(
            actor,
            "partner_exit.started",
            record,
            after={
                "kind": kind,
                "deals_moved": record.deals_moved,
                "deals_closed": record.deals_closed,
                "leads": record.leads_moved,
                "to_manager": record.to_manager,
                "chosen_one_by_one": len(handovers.items),
                "payouts_held": True,
            },
            note=reason.strip(),
        )
        partner.refresh_from_db()
        partner_set_status(actor=actor, partner=partner, status="offboarded", note=reason)
        _send_export(record)
        if record.to_manager:
            _tell_manager(record, partner.name, manager_id)
    return record


def _tell_manager(record: PartnerExit, name: str, manager_id: int | None) -> None:
    deals = record.handovers.filter(outcome=HandoverOutcome.MANAGER, item=HandoverItem.DEAL)
    n_deals = deals.count()
    n_leads = record.to_manager - n_deals

    def render() -> tuple[str, str]:
        return _("Open work of %(partner)s is yours") % {"partner": name}, _(
            "%(partner)s left the program. %(deals)s registrations and %(leads)s leads are "
            "handed to you to work directly; they are listed on its offboarding page."
        ) % {"partner": name, "deals": n_deals, "leads": n_leads}

    people = (
        staff_recipients(user_ids=[manager_id])
        if manager_id
        else staff_recipients(roles=(StaffRole.PARTNER_OPS,))
    )
    notify(
        people,
        verb="partner_exit.handed_over",
        partner_id=record.partner_id,
        url=reverse("console:partner_offboarding", args=[record.partner_id]),
        render=render,
        dedupe_key=f"partner-exit-handover-{record.pk}",
    )


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
