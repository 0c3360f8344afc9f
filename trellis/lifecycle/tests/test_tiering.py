"""Tier evaluation: upgrades at once, downgrades only after a warned grace period, overrides
hold, every change kept with its figures, and the partner told exactly what the next tier
still asks."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.fixtures import World
from trellis.core.actor import SYSTEM
from trellis.core.models import DomainEvent, Notification
from trellis.deals.models import DealRegistration
from trellis.learning.models import Certification, CertificationAward
from trellis.learning.tests.catalogue import build_catalogue
from trellis.lifecycle.models import PartnerMeasure, TierChange, TierRun, TierStanding
from trellis.lifecycle.selectors import tier_status
from trellis.lifecycle.services import (
    measure_record,
    tier_evaluate,
    tier_override_end,
    tier_override_set,
)
from trellis.partners.models import ProgramEnrollment, TierRequirement

pytestmark = pytest.mark.django_db


def gold_asks(world: World, **thresholds: str) -> None:
    for metric, value in (
        thresholds or {"annual_revenue": "100000", "certifications": "1"}
    ).items():
        TierRequirement.objects.create(tier=world.gold, metric=metric, threshold=Decimal(value))


def won(
    world: World,
    partner_id: int,
    amount: str,
    currency: str = "USD",
    days_ago: int = 30,
    sourced: bool = True,
) -> DealRegistration:
    closed = timezone.now() - dt.timedelta(days=days_ago)
    return DealRegistration.objects.create(
        partner_id=partner_id,
        program=world.program,
        customer=world.customer_vendor,
        customer_name="Initech Inc.",
        customer_country="US",
        amount=Decimal(amount),
        currency=currency,
        expected_close=closed.date(),
        deal_type="new",
        status="won",
        closed_at=closed,
        sourced=sourced,
    )


def certify(world: World, user_id: int, partner_id: int, expires_in_days: int = 300) -> None:
    certification = Certification.objects.first() or build_catalogue().by_exam
    now = timezone.now()
    CertificationAward.objects.create(
        partner_id=partner_id,
        user_id=user_id,
        certification=certification,
        holder_name="x",
        code=f"T{user_id:011d}",
        earned_at=now - dt.timedelta(days=10),
        expires_at=now + dt.timedelta(days=expires_in_days),
    )


def tier_of(world: World, partner_id: int) -> str:
    return ProgramEnrollment.objects.get(partner_id=partner_id, program=world.program).tier.name


def test_a_partner_that_meets_the_next_tier_moves_up_at_once_with_its_figures_kept(
    world: World,
) -> None:
    gold_asks(world)
    won(world, world.partner_a.pk, "150000")
    certify(world, world.a_sales.pk, world.partner_a.pk)
    run = tier_evaluate(actor=SYSTEM, program_id=world.program.pk)
    assert tier_of(world, world.partner_a.pk) == "Gold" and run.upgraded == 1
    change = TierChange.objects.get(partner=world.partner_a)
    assert change.kind == "upgrade" and change.from_tier == world.silver
    assert change.figures["annual_revenue"] == 150000 and change.figures["certifications"] == 1
    assert "Gold" in change.reason
    assert DomainEvent.objects.filter(verb="partner.tier_changed", partner_id=world.partner_a.pk)
    told = Notification.objects.filter(user=world.a_admin, verb="tier.upgrade").get()
    assert "Gold" in told.title


def test_a_downgrade_waits_out_the_grace_period_with_a_warning_and_can_be_avoided(
    world: World,
) -> None:
    gold_asks(world)  # B holds Gold without the figures
    now = timezone.now()
    first = tier_evaluate(actor=SYSTEM, program_id=world.program.pk, at=now)
    assert first.warned == 1 and tier_of(world, world.partner_b.pk) == "Gold"
    standing = TierStanding.objects.get(partner=world.partner_b)
    assert standing.downgrade_to == world.silver
    assert standing.downgrade_due_at == now + dt.timedelta(days=90)
    warned = Notification.objects.filter(verb="tier.warned")
    assert {n.user_id for n in warned} == {world.b_admin.pk, world.cm.pk}
    later = tier_evaluate(actor=SYSTEM, program_id=world.program.pk, at=now + dt.timedelta(days=30))
    assert later.warned == 0 and tier_of(world, world.partner_b.pk) == "Gold"
    assert Notification.objects.filter(verb="tier.warned").count() == 2  # told once
    done = tier_evaluate(actor=SYSTEM, program_id=world.program.pk, at=now + dt.timedelta(days=91))
    assert done.downgraded == 1 and tier_of(world, world.partner_b.pk) == "Silver"
    assert TierChange.objects.get(partner=world.partner_b).kind == "downgrade"


def test_qualifying_again_within_the_grace_period_keeps_the_tier(world: World) -> None:
    gold_asks(world, annual_revenue="100000")
    now = timezone.now()
    tier_evaluate(actor=SYSTEM, program_id=world.program.pk, at=now)
    won(world, world.partner_b.pk, "120000", days_ago=1)
    again = tier_evaluate(actor=SYSTEM, program_id=world.program.pk, at=now + dt.timedelta(days=5))
    assert again.recovered == 1
    assert TierStanding.objects.get(partner=world.partner_b).downgrade_due_at is None
    tier_evaluate(actor=SYSTEM, program_id=world.program.pk, at=now + dt.timedelta(days=100))
    assert tier_of(world, world.partner_b.pk) == "Gold"


def test_revenue_in_other_currencies_influence_and_expired_certifications(world: World) -> None:
    won(world, world.partner_a.pk, "100000", currency="EUR")
    won(world, world.partner_a.pk, "10000", sourced=False)
    won(world, world.partner_a.pk, "99999", days_ago=400)  # outside the twelve months
    certify(world, world.a_sales.pk, world.partner_a.pk, expires_in_days=-1)
    last_week = timezone.localdate() - dt.timedelta(days=5)
    measure_record(
        actor=SYSTEM,
        partner=world.partner_a,
        kind="csat",
        period_end=last_week,
        value=Decimal("4.2"),
    )
    tier_evaluate(actor=SYSTEM, program_id=world.program.pk)
    figures = TierStanding.objects.get(partner=world.partner_a).figures
    assert 100000 < figures["annual_revenue"] < 130000  # euros are worth more than dollars
    assert figures["influenced_revenue"] == 10000 and figures["won_deals"] == 2
    assert figures["certifications"] == 0 and figures["csat"] == 4.2


def test_an_override_holds_the_tier_until_it_ends(world: World) -> None:
    gold_asks(world)
    override = tier_override_set(
        actor=world.actor(world.cm),
        partner=world.partner_a,
        tier=world.gold,
        reason="Strategic account through the merger",
        ends_on=timezone.localdate() + dt.timedelta(days=60),
    )
    assert tier_of(world, world.partner_a.pk) == "Gold"
    run = tier_evaluate(actor=SYSTEM, program_id=world.program.pk)
    assert run.held == 1 and tier_of(world, world.partner_a.pk) == "Gold"
    tier_override_end(actor=world.actor(world.cm), override=override)
    assert TierStanding.objects.get(partner=world.partner_a).downgrade_due_at is not None
    kinds = list(TierChange.objects.filter(partner=world.partner_a).values_list("kind", flat=True))
    assert kinds == ["override"]
    assert TierRun.objects.filter(trigger="override").count() == 1


def test_the_partner_sees_exactly_what_the_next_tier_still_asks(world: World) -> None:
    gold_asks(world, annual_revenue="100000", certifications="2")
    won(world, world.partner_a.pk, "60000")
    status = tier_status(actor=world.actor(world.a_admin), partner_id=world.partner_a.pk)[0]
    assert status.next_tier is not None
    assert status.tier.name == "Silver" and status.next_tier.name == "Gold"
    assert status.missing == "USD 40,000 more sourced revenue, 2 more certified people"


def test_measures_are_checked(world: World) -> None:
    from trellis.core.exceptions import InvalidInput

    today = timezone.localdate()
    with pytest.raises(InvalidInput):
        measure_record(
            actor=SYSTEM, partner=world.partner_a, kind="csat", period_end=today, value=Decimal("6")
        )
    with pytest.raises(InvalidInput):
        measure_record(
            actor=SYSTEM,
            partner=world.partner_a,
            kind="marketplace_sales",
            period_end=today,
            value=Decimal("10"),
        )
    assert not PartnerMeasure.objects.exists()


def test_referrals_count_towards_influence(world: World) -> None:
    referred = won(world, world.partner_a.pk, "5000")
    turned_down = won(world, world.partner_a.pk, "5000")
    DealRegistration.objects.filter(pk=referred.pk).update(deal_type="referral")
    DealRegistration.objects.filter(pk=turned_down.pk).update(
        deal_type="referral", status="rejected"
    )
    gold_asks(world, referrals="2")
    tier_evaluate(actor=SYSTEM, program_id=world.program.pk)
    assert TierStanding.objects.get(partner=world.partner_a).figures["referrals"] == 1
    status = tier_status(actor=world.actor(world.a_admin), partner_id=world.partner_a.pk)[0]
    assert status.missing == "1 more referral"
