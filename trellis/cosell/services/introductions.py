"""Writes about introductions between partners: ask, broker, answer, withdraw, rate.

A partner asks to meet another for a customer need; the vendor decides
whether to pass it on; the other partner says yes (both then see each
other's contact) or no. Every step is audited and tells whoever acts next.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from trellis.accounts.selectors import partner_recipients, staff_recipients
from trellis.core import events
from trellis.core.actor import Actor
from trellis.core.exceptions import Conflict, InvalidInput
from trellis.core.notifications import notify
from trellis.core.policies import require
from trellis.partners.selectors import listed_partner, partner_for_actor

from .. import policies
from ..choices import LIVE_INTRODUCTIONS, IntroductionStatus
from ..models import Introduction
from ..selectors import NeedInput, partner_matches
from .text import MAX_INVITATION, clean_text

if TYPE_CHECKING:
    from trellis.deals.models import DealRegistration
    from trellis.partners.models import Partner


def _lock(introduction: Introduction) -> Introduction:
    return Introduction.objects.select_for_update().get(pk=introduction.pk)


def _portal(introduction: Introduction) -> str:
    return reverse("portal:introduction_detail", args=[introduction.pk])


def _tell_partner(
    partner_id: int, introduction: Introduction, verb: str, title: str, body: str
) -> None:
    notify(
        partner_recipients(
            partner_id=partner_id,
            user_ids=[introduction.requested_by_id]
            if partner_id == introduction.requester_id
            else [],
            roles=policies.SELLERS,
        ),
        verb=verb,
        partner_id=partner_id,
        url=_portal(introduction),
        render=lambda: (title, body),
    )


def introduction_request(
    *,
    actor: Actor,
    requester: Partner,
    target: Partner,
    need: str,
    message: str = "",
    deal: DealRegistration | None = None,
    reasons: list[str] | None = None,
    score: float | None = None,
) -> Introduction:
    """A partner asks the vendor to introduce it to another partner for a customer need."""
    require(actor, "cosell.request_introduction", requester)
    need = clean_text(need, limit=300, field="need", required=True)
    message = clean_text(message, limit=MAX_INVITATION, field="message", required=False)
    if target.pk == requester.pk:
        raise InvalidInput(_("Pick another partner than your own company."), field="target")
    if target.status != "active":
        raise InvalidInput(_("Only active partners can be introduced."), field="target")
    if deal is not None and deal.partner_id != requester.pk:
        raise InvalidInput(_("Name one of your own registrations."), field="deal")
    try:
        with transaction.atomic():
            introduction = Introduction.objects.create(
                requester=requester,
                target=target,
                deal=deal,
                need=need,
                message=message,
                reasons=list(reasons or []),
                score=score,
                requested_by_id=actor.user_id,
            )
            events.record(
                actor,
                "introduction.requested",
                introduction,
                after={"target": target.pk, "need": need},
            )
            notify(
                staff_recipients(
                    user_ids=[requester.channel_manager_id], roles=("alliance_manager",)
                ),
                verb="introduction.requested",
                partner_id=None,
                url=reverse("console:introduction_detail", args=[introduction.pk]),
                render=lambda: (
                    _("%(a)s asks to meet %(b)s") % {"a": requester.name, "b": target.name},
                    _("Need: %(need)s. Pass it on or say why not.") % {"need": need},
                ),
            )
    except IntegrityError:
        raise Conflict(_("You already asked to meet this partner; the vendor is on it.")) from None
    return introduction


def introduction_broker(
    *, actor: Actor, introduction: Introduction, forward: bool, note: str = ""
) -> Introduction:
    """The vendor passes the request on to the other partner, or says why not."""
    require(actor, "cosell.broker_introduction", introduction)
    note = clean_text(note, limit=MAX_INVITATION, field="note", required=not forward)
    with transaction.atomic():
        introduction = _lock(introduction)
        if introduction.status != IntroductionStatus.REQUESTED:
            raise Conflict(_("This request was already handled."))
        before = introduction.status
        introduction.status = (
            IntroductionStatus.PROPOSED if forward else IntroductionStatus.NOT_BROKERED
        )
        introduction.brokered_by_id, introduction.broker_note, introduction.brokered_at = (
            actor.user_id,
            note,
            timezone.now(),
        )
        introduction.save()
        events.record(
            actor,
            "introduction.brokered",
            introduction,
            before={"status": before},
            after={"status": introduction.status},
            note=note,
        )
        requester_name = introduction.requester.name
        if forward:
            _tell_partner(
                introduction.target_id,
                introduction,
                "introduction.proposed",
                _("%(partner)s would like to meet you") % {"partner": requester_name},
                _("For: %(need)s. Say yes to exchange contacts.") % {"need": introduction.need},
            )
        else:
            _tell_partner(
                introduction.requester_id,
                introduction,
                "introduction.not_brokered",
                _("Introduction not passed on"),
                note,
            )
    return introduction


def introduction_answer(
    *, actor: Actor, introduction: Introduction, accept: bool, note: str = ""
) -> Introduction:
    """The partner asked to meet says yes (contacts are exchanged) or no."""
    require(actor, "cosell.answer_introduction", introduction)
    note = clean_text(note, limit=MAX_INVITATION, field="note", required=False)
    with transaction.atomic():
        introduction = _lock(introduction)
        if introduction.status != IntroductionStatus.PROPOSED:
            raise Conflict(_("This introduction is no longer waiting for your answer."))
        before = introduction.status
        introduction.status = (
            IntroductionStatus.CONNECTED if accept else IntroductionStatus.DECLINED
        )
        introduction.answered_by_id, introduction.answer_note, introduction.answered_at = (
            actor.user_id,
            note,
            timezone.now(),
        )
        introduction.save()
        events.record(
            actor,
            "introduction.answered",
            introduction,
            before={"status": before},
            after={"status": introduction.status},
            note=note,
        )
        target = introduction.target.name
        _tell_partner(
            introduction.requester_id,
            introduction,
            "introduction.answered",
            (
                _("%(partner)s is glad to meet you")
                if accept
                else _("%(partner)s declined the introduction")
            )
            % {"partner": target},
            note or (_("Their contact is on the introduction.") if accept else ""),
        )
    return introduction


def introduction_withdraw(*, actor: Actor, introduction: Introduction) -> Introduction:
    require(actor, "cosell.withdraw_introduction", introduction)
    with transaction.atomic():
        introduction = _lock(introduction)
        if introduction.status not in LIVE_INTRODUCTIONS:
            raise Conflict(_("Only a pending request can be withdrawn."))
        before = introduction.status
        introduction.status = IntroductionStatus.WITHDRAWN
        introduction.save(update_fields=["status"])
        events.record(
            actor,
            "introduction.withdrawn",
            introduction,
            before={"status": before},
            after={"status": introduction.status},
        )
    return introduction


def introduction_rate(
    *, actor: Actor, introduction: Introduction, stars: int, comment: str = ""
) -> Introduction:
    """Each side rates the other after meeting; ratings feed matchmaking for everyone."""
    require(actor, "cosell.rate_introduction", introduction)
    if stars not in range(1, 6):
        raise InvalidInput(_("Give 1 to 5 stars."), field="stars")
    comment = clean_text(comment, limit=MAX_INVITATION, field="comment", required=False)
    with transaction.atomic():
        introduction = _lock(introduction)
        if introduction.status != IntroductionStatus.CONNECTED:
            raise Conflict(_("Rate a partner once you have been introduced."))
        if actor.partner_id == introduction.requester_id:
            before = introduction.requester_rating
            introduction.requester_rating, introduction.requester_comment = stars, comment
        else:
            before = introduction.target_rating
            introduction.target_rating, introduction.target_comment = stars, comment
        introduction.save()
        events.record(
            actor,
            "introduction.rated",
            introduction,
            partner_id=actor.partner_id,
            before={"stars": before},
            after={"stars": stars},
            note=comment,
        )
    return introduction


def introduction_ask(
    *,
    actor: Actor,
    need: NeedInput,
    target_id: int,
    message: str = "",
    deal: DealRegistration | None = None,
) -> Introduction:
    """Ask to meet a partner that matchmaking suggests for this need; the reasons are worked out
    here,
    never taken from the caller."""
    if actor.partner_id is None:
        raise InvalidInput(
            _("Only partners ask to be introduced to other partners."), field="target"
        )
    result = partner_matches(actor=actor, need=need, requester_id=actor.partner_id, limit=50)
    chosen = next((m for m in result.ranked if m.partner_id == target_id), None)
    if chosen is None:
        raise InvalidInput(
            _("That partner does not match this need; search again."), field="target"
        )
    return introduction_request(
        actor=actor,
        requester=partner_for_actor(actor=actor, partner_id=actor.partner_id),
        target=listed_partner(partner_id=chosen.partner_id),
        need=result.summary,
        message=message,
        deal=deal,
        reasons=chosen.reasons,
        score=chosen.score,
    )
