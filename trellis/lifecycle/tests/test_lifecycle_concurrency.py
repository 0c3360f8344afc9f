"""Concurrent writers cannot break the lifecycle's invariants (real threads, real connections):
one open application per company, one decision per application, one move per partner however
many evaluations run at once, one active override per partner and program."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.fixtures import World
from tests.races import race
from trellis.core.actor import SYSTEM
from trellis.lifecycle.models import Application, TierChange, TierOverride, TierRun
from trellis.lifecycle.services import (
    ApplicationInput,
    application_accept,
    application_submit,
    tier_evaluate,
    tier_override_set,
)
from trellis.partners.models import Partner

from .test_tiering import gold_asks, tier_of, won

pytestmark = pytest.mark.django_db(transaction=True)


def _application() -> ApplicationInput:
    return ApplicationInput(
        company_name="Northwind Integration",
        website="https://northwind.example",
        country="DE",
        contact_name="Nina",
        contact_email="nina@northwind.example",
        partner_types=["msp"],
    )


def test_the_same_company_applying_four_times_at_once_is_one_application(world: World) -> None:
    race([lambda: application_submit(data=_application()) for _ in range(4)])
    assert Application.objects.count() == 1


def test_two_reviewers_accepting_at_once_make_one_partner(world: World) -> None:
    application = application_submit(data=_application())
    results = race(
        [
            lambda: application_accept(actor=world.actor(world.admin), application=application)
            for _ in range(2)
        ]
    )
    assert Partner.objects.filter(name="Northwind Integration").count() == 1
    assert sum(getattr(r, "application", None) is not None for r in results) == 1


def test_evaluations_running_at_once_move_each_partner_once(world: World) -> None:
    gold_asks(world, annual_revenue="100000")
    won(world, world.partner_a.pk, "150000")
    race([lambda: tier_evaluate(actor=SYSTEM, program_id=world.program.pk) for _ in range(3)])
    assert tier_of(world, world.partner_a.pk) == "Gold"
    assert TierChange.objects.filter(partner=world.partner_a).count() == 1
    assert TierRun.objects.count() == 3


def test_two_overrides_at_once_leave_one_active(world: World) -> None:
    until = timezone.localdate() + dt.timedelta(days=30)
    race(
        [
            lambda: tier_override_set(
                actor=world.actor(world.cm),
                partner=world.partner_a,
                tier=world.gold,
                reason=f"Reason {n}",
                ends_on=until,
            )
            for n in range(2)
        ]
    )
    assert TierOverride.objects.filter(partner=world.partner_a, ended_at__isnull=True).count() == 1
