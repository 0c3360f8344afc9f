"""Reads about introductions between partners: who asked whom, where it stands, and contacts once
both
agreed."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, QuerySet, When

from trellis.core.actor import Actor
from trellis.core.exceptions import NotFound
from trellis.core.policies import allows

from ..choices import IntroductionStatus
from ..models import Introduction


def introduction_list(*, actor: Actor, status: str = "") -> QuerySet[Introduction]:
    """Introductions the actor may see: the vendor all; a partner those it asked for and those
    passed
    on to it."""
    qs = Introduction.objects.visible_to(actor).select_related(
        "requester", "target", "requested_by", "answered_by", "brokered_by"
    )
    if status in IntroductionStatus.values:
        qs = qs.filter(status=status)
    waiting = IntroductionStatus.REQUESTED if actor.is_staff else IntroductionStatus.PROPOSED
    return qs.annotate(urgency=Case(When(status=waiting, then=0), default=1)).order_by(
        "urgency", "-requested_at", "-id"
    )


def introduction_get(*, actor: Actor, introduction_id: int) -> Introduction:
    found = introduction_list(actor=actor).filter(pk=introduction_id).first()
    if found is None:
        raise NotFound()
    return found


@dataclass(frozen=True)
class IntroductionPage:
    introduction: Introduction
    asked_by_me: bool  # the viewer's partner asked for it
    contact_name: str | None  # the other side's person, once both agreed
    contact_email: str | None
    may_broker: bool
    may_answer: bool
    may_withdraw: bool
    may_rate: bool
    my_rating: int | None


def introduction_page(*, actor: Actor, introduction: Introduction) -> IntroductionPage:
    asked = actor.partner_id == introduction.requester_id
    connected = introduction.status == IntroductionStatus.CONNECTED
    person = None
    if connected and actor.is_partner:
        person = introduction.answered_by if asked else introduction.requested_by
    elif connected:
        person = introduction.answered_by
    live = introduction.status in (IntroductionStatus.REQUESTED, IntroductionStatus.PROPOSED)
    return IntroductionPage(
        introduction=introduction,
        asked_by_me=asked,
        contact_name=str(person) if person else None,
        contact_email=person.email if person else None,
        may_broker=introduction.status == IntroductionStatus.REQUESTED
        and allows(actor, "cosell.broker_introduction", introduction),
        may_answer=introduction.status == IntroductionStatus.PROPOSED
        and allows(actor, "cosell.answer_introduction", introduction),
        may_withdraw=live and allows(actor, "cosell.withdraw_introduction", introduction),
        may_rate=connected and allows(actor, "cosell.rate_introduction", introduction),
        my_rating=introduction.requester_rating if asked else introduction.target_rating,
    )


def waiting_introductions(*, actor: Actor) -> int:
    waiting = IntroductionStatus.REQUESTED if actor.is_staff else IntroductionStatus.PROPOSED
    qs = Introduction.objects.visible_to(actor).filter(status=waiting)
    if actor.is_partner:
        qs = qs.filter(target_id=actor.partner_id)
    return qs.count()
