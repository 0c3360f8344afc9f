"""Reads of onboarding: a partner's checklist, the funnel of every partner still onboarding
(how many passed each step, who is stuck and for how long), and the time new partners take to a
first deal and to first revenue, per partner and per cohort."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from trellis.core.actor import Actor
from trellis.core.exceptions import NotFound
from trellis.deals.selectors import first_registrations, first_wins
from trellis.partners.selectors import partner_fit_facts, partner_get

from ..choices import StepStatus
from ..models import (
    AgreementAcceptance,
    AgreementVersion,
    Onboarding,
    OnboardingStep,
    PartnerDocument,
)


@dataclass(frozen=True)
class Checklist:
    onboarding: Onboarding | None
    steps: list[OnboardingStep]
    done: int
    agreement: AgreementVersion | None
    accepted: AgreementAcceptance | None
    documents: list[PartnerDocument]

    @property
    def percent(self) -> int:
        return round(100 * self.done / len(self.steps)) if self.steps else 0

    @property
    def next_step(self) -> OnboardingStep | None:
        return next((s for s in self.steps if s.status == StepStatus.OPEN), None)


def checklist(*, actor: Actor, partner_id: int) -> Checklist:
    partner = partner_get(actor=actor, partner_id=partner_id)
    if actor.is_partner and partner.pk != actor.partner_id:
        raise NotFound()
    onboarding = Onboarding.objects.visible_to(actor).filter(partner=partner).first()
    steps = (
        list(onboarding.steps.select_related("step", "done_by").order_by("step__position"))
        if onboarding is not None
        else []
    )
    current = AgreementVersion.objects.first()
    accepted = (
        AgreementAcceptance.objects.visible_to(actor)
        .filter(partner=partner)
        .select_related("version")
        .first()
    )
    return Checklist(
        onboarding=onboarding,
        steps=steps,
        done=sum(s.status != StepStatus.OPEN for s in steps),
        agreement=current,
        accepted=accepted,
        documents=list(PartnerDocument.objects.visible_to(actor).filter(partner=partner)[:50]),
    )


@dataclass(frozen=True)
class FunnelStep:
    position: int
    title: str
    reached: int  # partners that completed (or were waived) this step
    open: int
    overdue: int


@dataclass(frozen=True)
class Stuck:
    partner_id: int
    partner: str
    step: str
    due_at: dt.datetime
    days_overdue: int
    escalated: bool


def funnel(*, actor: Actor) -> tuple[list[FunnelStep], list[Stuck], int]:
    """Every partner still onboarding: per step of their journeys, how many passed it, are on
    it, are late; the late ones, longest first; and how many partners are onboarding."""
    now = timezone.now()
    open_ones = Onboarding.objects.visible_to(actor).filter(completed_at__isnull=True)
    rows = list(
        OnboardingStep.objects.filter(onboarding__in=open_ones)
        .select_related("step", "onboarding__partner")
        .order_by("step__position")
    )
    by_position: dict[int, list[OnboardingStep]] = {}
    for row in rows:
        by_position.setdefault(row.step.position, []).append(row)
    steps = [
        FunnelStep(
            position=position,
            title=group[0].step.title,
            reached=sum(r.status != StepStatus.OPEN for r in group),
            open=sum(r.status == StepStatus.OPEN for r in group),
            overdue=sum(r.status == StepStatus.OPEN and r.due_at < now for r in group),
        )
        for position, group in sorted(by_position.items())
    ]
    stuck = sorted(
        (
            Stuck(
                r.onboarding.partner_id,
                r.onboarding.partner.name,
                r.step.title,
                r.due_at,
                (now - r.due_at).days,
                r.escalated_at is not None,
            )
            for r in rows
            if r.status == StepStatus.OPEN and r.due_at < now
        ),
        key=lambda s: (-s.days_overdue, s.partner),
    )
    return steps, stuck, open_ones.count()


@dataclass(frozen=True)
class Cohort:
    label: str  # the quarter partners joined in
    partners: int
    with_deal: int
    with_revenue: int
    median_days_to_deal: float | None
    median_days_to_revenue: float | None


def time_to_first(*, quarters: int = 8, now: dt.datetime | None = None) -> list[Cohort]:
    """Per quarter of joining (newest first): how many partners registered a first deal and won
    a first one, and the median days it took them (time to first revenue)."""
    now = now or timezone.now()
    facts = partner_fit_facts(statuses=("onboarding", "active", "suspended"))
    deals, wins = first_registrations(), first_wins()
    cohorts: dict[str, list[Any]] = {}
    for f in facts:
        if (now - f.joined_at).days > quarters * 92:
            continue
        label = f"{f.joined_at.year} Q{(f.joined_at.month - 1) // 3 + 1}"
        to_deal = (deals[f.id] - f.joined_at).days if f.id in deals else None
        to_revenue = (wins[f.id] - f.joined_at).days if f.id in wins else None
        cohorts.setdefault(label, []).append((to_deal, to_revenue))

    def median(values: list[int | None]) -> float | None:
        known = [max(0, v) for v in values if v is not None]
        return float(statistics.median(known)) if known else None

    return [
        Cohort(
            label,
            len(rows),
            sum(d is not None for d, _r in rows),
            sum(r is not None for _d, r in rows),
            median([d for d, _r in rows]),
            median([r for _d, r in rows]),
        )
        for label, rows in sorted(cohorts.items(), reverse=True)
    ]


def partner_firsts(*, partner: Any) -> tuple[int | None, int | None]:
    """Days from joining to the partner's first registered deal and its first revenue."""
    deal = first_registrations(partner_ids=[partner.pk]).get(partner.pk)
    win = first_wins(partner_ids=[partner.pk]).get(partner.pk)
    return (
        (deal - partner.created_at).days if deal else None,
        (win - partner.created_at).days if win else None,
    )


def documents_to_review(*, actor: Actor) -> QuerySet[PartnerDocument]:
    return (
        PartnerDocument.objects.visible_to(actor)
        .filter(status="submitted")
        .select_related("partner", "uploaded_by")
    )


def onboarding_step_get(*, actor: Actor, partner_id: int, step_id: int) -> OnboardingStep:
    found = (
        OnboardingStep.objects.visible_to(actor)
        .filter(pk=step_id, onboarding__partner_id=partner_id)
        .select_related("step", "onboarding__partner")
        .first()
    )
    if found is None:
        raise NotFound()
    return found


def partner_document_get(*, actor: Actor, partner_id: int, document_id: int) -> PartnerDocument:
    found = (
        PartnerDocument.objects.visible_to(actor)
        .filter(pk=document_id, partner_id=partner_id)
        .select_related("partner")
        .first()
    )
    if found is None:
        raise NotFound()
    return found


def partner_exits(*, actor: Actor, partner_id: int) -> QuerySet[Any]:
    from ..models import PartnerExit

    return (
        PartnerExit.objects.visible_to(actor)
        .filter(partner_id=partner_id)
        .select_related("started_by", "deals_to", "leads_to", "reactivated_by")
        .prefetch_related("handovers__to_partner", "handovers__to_user")
    )


def payouts_held(*, partner_id: int) -> bool:
    """Whether money owed to the partner waits for its final statement: it left the program
    (and was not brought back), so nothing is paid out on its own."""
    from ..models import PartnerExit

    return PartnerExit.objects.filter(
        partner_id=partner_id, payouts_held=True, reactivated_at__isnull=True
    ).exists()


def partners_with_payouts_held() -> set[int]:
    """Every partner whose payouts wait for its final statement (few: those that left)."""
    from ..models import PartnerExit

    return set(
        PartnerExit.objects.filter(payouts_held=True, reactivated_at__isnull=True).values_list(
            "partner_id", flat=True
        )
    )
