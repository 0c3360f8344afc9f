"""Writes about co-selling: invite, answer, share, talk, agree next steps, close.

Every state change moves through ``_move`` (choices.TRANSITIONS), is audited
in its transaction and tells the other side.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from trellis.accounts.selectors import (
    partner_recipients,
    staff_recipients,
    staff_user_ids,
    user_find,
)
from trellis.core import events
from trellis.core.actor import Actor
from trellis.core.exceptions import Conflict, InvalidInput, InvalidTransition
from trellis.core.notifications import Recipient, notify
from trellis.core.policies import require
from trellis.deals.choices import ACTIVE_STATUSES
from trellis.deals.services import deal_close, deal_join_as_vendor, direct_opportunity_close

from .. import policies
from ..choices import (
    LIVE_STATUSES,
    TRANSITIONS,
    CoSellStatus,
    DeclineReason,
    SharedField,
    Side,
)
from ..models import CoSell, CoSellMessage, CoSellStep
from .text import MAX_INVITATION, MAX_MESSAGE, clean_text

if TYPE_CHECKING:
    from trellis.deals.models import DealRegistration, DirectOpportunity
    from trellis.partners.models import Partner


def _shared(fields: Iterable[str]) -> list[str]:
    chosen = list(dict.fromkeys(f.strip() for f in fields if f.strip()))
    unknown = [f for f in chosen if f not in SharedField.values]
    if unknown:
        raise InvalidInput(
            _("Only amount, stage, contacts and notes can be shared (not %(f)s).")
            % {"f": ", ".join(unknown)},
            field="shared_fields",
        )
    return [f for f in SharedField.values if f in chosen]  # always in the same order


def _lock(cosell: CoSell) -> CoSell:
    return CoSell.objects.select_for_update().get(pk=cosell.pk)


def _move(cosell: CoSell, target: str) -> str:
    before = cosell.status
    if target not in TRANSITIONS[before]:
        raise InvalidTransition(before, target)
    cosell.status = target
    return before


def _url(cosell: CoSell, side: str) -> str:
    name = "portal:cosell_detail" if side == Side.PARTNER else "console:cosell_detail"
    return reverse(name, args=[cosell.pk])


def _people(cosell: CoSell, side: str) -> list[Recipient]:
    """Who hears about a co-sell on one side: its lead there, else the people who answer for that
    side."""
    if side == Side.PARTNER:
        if cosell.partner_lead_id:
            return partner_recipients(
                partner_id=cosell.partner_id, user_ids=[cosell.partner_lead_id], roles=()
            )
        return partner_recipients(partner_id=cosell.partner_id, roles=policies.SELLERS)
    if cosell.vendor_lead_id:
        return staff_recipients(user_ids=[cosell.vendor_lead_id])
    return staff_recipients(
        user_ids=[cosell.partner.channel_manager_id], roles=("alliance_manager",)
    )


def _tell(cosell: CoSell, side: str, verb: str, title: str, body: str, *, dedupe: str = "") -> None:
    notify(
        _people(cosell, side),
        verb=verb,
        partner_id=cosell.partner_id if side == Side.PARTNER else None,
        url=_url(cosell, side),
        render=lambda: (title, body),
        dedupe_key=dedupe,
    )


def _other(side: str) -> str:
    return Side.VENDOR if side == Side.PARTNER else Side.PARTNER


def cosell_invite_partner(
    *,
    actor: Actor,
    opportunity: DirectOpportunity,
    partner: Partner,
    message: str = "",
    shared_fields: Iterable[str] = (),
) -> CoSell:
    """The vendor brings a partner into one of its own opportunities."""
    require(actor, "cosell.invite_partner", opportunity)
    fields, text = (
        _shared(shared_fields),
        clean_text(message, limit=MAX_INVITATION, field="message", required=False),
    )
    if not opportunity.is_open:
        raise Conflict(_("This opportunity is closed; there is nothing left to sell together."))
    if partner.status != "active":
        raise InvalidInput(_("Only active partners can be invited to co-sell."), field="partner")
    try:
        with transaction.atomic():
            cosell = CoSell.objects.create(
                partner=partner,
                origin=Side.VENDOR,
                opportunity=opportunity,
                customer_id=opportunity.customer_id,
                title=opportunity.name,
                shared_fields=fields,
                message=text,
                invited_by_id=actor.user_id,
                vendor_lead_id=opportunity.owner_id or actor.user_id,
            )
            events.record(
                actor,
                "cosell.invited",
                cosell,
                after={"origin": "vendor", "opportunity": opportunity.pk, "shared_fields": fields},
            )
            _tell(
                cosell,
                Side.PARTNER,
                "cosell.invited",
                _("Co-sell invitation: %(title)s") % {"title": cosell.title},
                text
                or _(
                    "The vendor asks you to sell alongside its team. Accept or decline "
                    "in the portal."
                ),
            )
    except IntegrityError:
        raise Conflict(_("This partner is already invited to this opportunity.")) from None
    return cosell


def cosell_invite_vendor(
    *, actor: Actor, deal: DealRegistration, message: str = "", shared_fields: Iterable[str] = ()
) -> CoSell:
    """A partner asks the vendor's sales team to sell alongside it on one of its registrations."""
    require(actor, "cosell.invite_vendor", deal)
    fields, text = (
        _shared(shared_fields),
        clean_text(message, limit=MAX_INVITATION, field="message", required=False),
    )
    if deal.status not in ACTIVE_STATUSES:
        raise Conflict(_("Only a submitted or approved registration can be co-sold."))
    try:
        with transaction.atomic():
            cosell = CoSell.objects.create(
                partner_id=deal.partner_id,
                origin=Side.PARTNER,
                deal=deal,
                customer_id=deal.customer_id,
                title=deal.customer_name,
                shared_fields=fields,
                message=text,
                invited_by_id=actor.user_id,
                partner_lead_id=actor.user_id,
            )
            events.record(
                actor,
                "cosell.invited",
                cosell,
                after={"origin": "partner", "deal": deal.pk, "shared_fields": fields},
            )
            _tell(
                cosell,
                Side.VENDOR,
                "cosell.invited",
                _("%(partner)s asks to co-sell: %(title)s")
                % {"partner": deal.partner.name, "title": cosell.title},
                text
                or _(
                    "A partner asks your sales team to sell alongside it. Accept or "
                    "decline in the console."
                ),
            )
    except IntegrityError:
        raise Conflict(_("The vendor is already invited to this registration.")) from None
    return cosell


def cosell_accept(*, actor: Actor, cosell: CoSell) -> CoSell:
    """The invited side joins; whoever accepts leads for that side."""
    require(actor, "cosell.answer", cosell)
    with transaction.atomic():
        cosell = _lock(cosell)
        if cosell.status != CoSellStatus.INVITED:
            raise Conflict(_("This invitation was already answered or withdrawn."))
        before = _move(cosell, CoSellStatus.ACTIVE)
        cosell.answered_at = timezone.now()
        if cosell.origin == Side.VENDOR:
            cosell.partner_lead_id = actor.user_id
        else:
            cosell.vendor_lead_id = actor.user_id
            deal_join_as_vendor(actor=actor, deal=cosell.partner_deal)
        cosell.save()
        events.record(
            actor,
            "cosell.accepted",
            cosell,
            before={"status": before},
            after={"status": cosell.status},
        )
        _tell(
            cosell,
            cosell.origin,
            "cosell.accepted",
            _("Co-sell accepted: %(title)s") % {"title": cosell.title},
            _("%(who)s accepted. Agree the next steps in the co-sell's thread.")
            % {"who": actor.label},
        )
    return cosell


def cosell_decline(*, actor: Actor, cosell: CoSell, reason: str, note: str = "") -> CoSell:
    require(actor, "cosell.answer", cosell)
    if reason not in DeclineReason.values:
        raise InvalidInput(_("Choose why you decline."), field="reason")
    note = clean_text(
        note, limit=MAX_INVITATION, field="note", required=reason == DeclineReason.OTHER
    )
    with transaction.atomic():
        cosell = _lock(cosell)
        if cosell.status != CoSellStatus.INVITED:
            raise Conflict(_("This invitation was already answered or withdrawn."))
        before = _move(cosell, CoSellStatus.DECLINED)
        cosell.answered_at, cosell.decline_reason, cosell.decline_note = (
            timezone.now(),
            reason,
            note,
        )
        cosell.save()
        events.record(
            actor,
            "cosell.declined",
            cosell,
            before={"status": before},
            after={"status": cosell.status, "reason": reason},
            note=note,
        )
        _tell(
            cosell,
            cosell.origin,
            "cosell.declined",
            _("Co-sell declined: %(title)s") % {"title": cosell.title},
            str(DeclineReason(reason).label) + (f" — {note}" if note else ""),
        )
    return cosell


def cosell_withdraw(*, actor: Actor, cosell: CoSell, note: str = "") -> CoSell:
    """The inviter takes an invitation back, or either side leaves an active co-sell."""
    require(actor, "cosell.take_part", cosell)
    with transaction.atomic():
        cosell = _lock(cosell)
        if cosell.status == CoSellStatus.INVITED:
            require(actor, "cosell.own", cosell)  # the invited side declines instead
        side = policies.side_of(actor, cosell)
        before = _move(cosell, CoSellStatus.WITHDRAWN)
        cosell.closed_at = timezone.now()
        cosell.save()
        events.record(
            actor,
            "cosell.withdrawn",
            cosell,
            before={"status": before},
            after={"status": cosell.status},
            note=note,
        )
        _tell(
            cosell,
            _other(side or cosell.origin),
            "cosell.withdrawn",
            _("Co-sell ended: %(title)s") % {"title": cosell.title},
            note or _("The other side stepped back."),
        )
    return cosell


def cosell_close(*, actor: Actor, cosell: CoSell, outcome: str, note: str = "") -> CoSell:
    """The owner side reports the outcome; the opportunity or registration underneath closes with
    it."""
    require(actor, "cosell.own", cosell)
    if outcome not in (CoSellStatus.WON, CoSellStatus.LOST):
        raise InvalidInput(_("Say whether it was won or lost."), field="outcome")
    with transaction.atomic():
        cosell = _lock(cosell)
        if cosell.status != CoSellStatus.ACTIVE:
            raise Conflict(_("Only an active co-sell can be closed."))
        if cosell.origin == Side.VENDOR:
            direct_opportunity_close(
                actor=actor, opportunity=cosell.vendor_opportunity, outcome=outcome, note=note
            )
            siblings = list(
                CoSell.objects.select_for_update().filter(
                    opportunity_id=cosell.opportunity_id, status__in=LIVE_STATUSES
                )
            )
        else:
            deal_close(actor=actor, deal=cosell.partner_deal, outcome=outcome, note=note)
            siblings = [cosell]
        for each in siblings:
            # Other partners on the same opportunity share its outcome; open invitations lapse.
            target = outcome if each.status == CoSellStatus.ACTIVE else CoSellStatus.WITHDRAWN
            before = _move(each, target)
            each.closed_at = timezone.now()
            each.save()
            events.record(
                actor,
                "cosell.closed",
                each,
                before={"status": before},
                after={"status": target},
                note=note,
            )
            _tell(
                each,
                _other(each.origin),
                "cosell.closed",
                _("Co-sell closed: %(title)s") % {"title": each.title},
                str(CoSellStatus(target).label),
            )
    return next(s for s in siblings if s.pk == cosell.pk)


def cosell_share(*, actor: Actor, cosell: CoSell, shared_fields: Iterable[str]) -> CoSell:
    """The owner side changes what the other side sees of its opportunity."""
    require(actor, "cosell.own", cosell)
    fields = _shared(shared_fields)
    with transaction.atomic():
        cosell = _lock(cosell)
        before = list(cosell.shared_fields)
        if before != fields:
            cosell.shared_fields = fields
            cosell.save(update_fields=["shared_fields", "updated_at"])
            events.record(
                actor,
                "cosell.sharing_changed",
                cosell,
                before={"shared_fields": before},
                after={"shared_fields": fields},
            )
    return cosell


def _writable(cosell: CoSell) -> None:
    if cosell.status not in LIVE_STATUSES:
        raise Conflict(_("This co-sell is closed; its thread and steps are kept as they were."))


def cosell_post(*, actor: Actor, cosell: CoSell, body: str) -> CoSellMessage:
    """Write in the thread both sides read; the other side hears about it."""
    require(actor, "cosell.take_part", cosell)
    side = policies.side_of(actor, cosell)
    assert side is not None  # take_part means a side
    text = clean_text(body, limit=MAX_MESSAGE, field="body", required=True)
    _writable(cosell)
    with transaction.atomic():
        message = CoSellMessage.objects.create(
            cosell=cosell, side=side, author_id=actor.user_id, body=text
        )
        events.record(
            actor,
            "cosell.message_posted",
            message,
            partner_id=cosell.partner_id,
            after={"cosell": cosell.pk, "side": side},
            note=text[:200],
        )
        _tell(
            cosell,
            _other(side),
            "cosell.message",
            _("New message on %(title)s") % {"title": cosell.title},
            f"{actor.label}: {text[:300]}",
        )
    return message


def _owner_side(actor: Actor, cosell: CoSell, owner_id: int) -> str:
    """Which side a step's owner sells on; a partner may hand steps only to the vendor people in
    this
    co-sell."""
    owner = user_find(user_id=owner_id)
    if owner is None or not owner.is_active:
        raise InvalidInput(_("Pick the step's owner from either side."), field="owner")
    if owner.partner_id == cosell.partner_id:
        return Side.PARTNER
    in_cosell = owner_id in (cosell.vendor_lead_id, cosell.invited_by_id)
    if (
        owner.partner_id is None
        and owner_id in staff_user_ids([owner_id])
        and (actor.is_staff or in_cosell)
    ):
        return Side.VENDOR
    raise InvalidInput(_("Pick the step's owner from either side."), field="owner")


def cosell_step_add(
    *, actor: Actor, cosell: CoSell, title: str, owner_id: int, due_on: dt.date
) -> CoSellStep:
    """Agree a next step: who does what by when."""
    require(actor, "cosell.take_part", cosell)
    title = title.strip()
    if not title:
        raise InvalidInput(_("Say what the step is."), field="title")
    title = clean_text(title, limit=200, field="title", required=False)
    if due_on < timezone.localdate():
        raise InvalidInput(_("The due date cannot be in the past."), field="due_on")
    side = _owner_side(actor, cosell, owner_id)
    _writable(cosell)
    with transaction.atomic():
        step = CoSellStep.objects.create(
            cosell=cosell,
            side=side,
            owner_id=owner_id,
            title=title,
            due_on=due_on,
            created_by_id=actor.user_id,
        )
        events.record(
            actor,
            "cosell.step_added",
            step,
            partner_id=cosell.partner_id,
            after={"cosell": cosell.pk, "owner": owner_id, "due_on": due_on.isoformat()},
            note=title,
        )
        if owner_id != actor.user_id:
            _tell_step_owner(
                step, "cosell.step", lambda: _("A next step for you: %(title)s") % {"title": title}
            )
    return step


def _tell_step_owner(
    step: CoSellStep, verb: str, title: Callable[[], str], dedupe: str = ""
) -> None:
    """The step's owner hears about it, on their own side's surface."""
    cosell = step.cosell
    if step.side == Side.PARTNER:
        people = partner_recipients(
            partner_id=cosell.partner_id, user_ids=[step.owner_id], roles=()
        )
    else:
        people = staff_recipients(user_ids=[step.owner_id])
    notify(
        people,
        verb=verb,
        partner_id=cosell.partner_id if step.side == Side.PARTNER else None,
        url=_url(cosell, step.side),
        dedupe_key=dedupe,
        render=lambda: (
            title(),
            _("Due %(date)s, on the co-sell %(cosell)s.")
            % {"date": date_format(step.due_on, "DATE_FORMAT"), "cosell": cosell.title},
        ),
    )


def cosell_step_done(*, actor: Actor, step: CoSellStep, done: bool = True) -> CoSellStep:
    """Tick a step off (or reopen it)."""
    require(actor, "cosell.take_part", step.cosell)
    _writable(step.cosell)
    with transaction.atomic():
        step = CoSellStep.objects.select_for_update().get(pk=step.pk)
        if (step.done_at is not None) == done:
            return step  # already so: a repeat changes nothing
        step.done_at, step.done_by_id = (timezone.now(), actor.user_id) if done else (None, None)
        step.save(update_fields=["done_at", "done_by"])
        events.record(
            actor,
            "cosell.step_done" if done else "cosell.step_reopened",
            step,
            partner_id=step.cosell.partner_id,
            after={"cosell": step.cosell_id},
            note=step.title,
        )
    return step


def cosell_remind_step(*, step: CoSellStep, today: dt.date) -> bool:
    """Remind a step's owner once a day while it is due or overdue (safe to run twice)."""
    with transaction.atomic():
        updated = (
            CoSellStep.objects.filter(pk=step.pk, done_at__isnull=True, due_on__lte=today)
            .exclude(reminded_on=today)
            .update(reminded_on=today)
        )
        if not updated:
            return False
        _tell_step_owner(
            step,
            "cosell.step_due",
            lambda: _("Next step due: %(title)s") % {"title": step.title},
            dedupe=f"cosell-step:{step.pk}:{today.isoformat()}",
        )
    return True
