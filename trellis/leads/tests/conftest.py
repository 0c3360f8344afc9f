"""Lead fixtures on top of the two-partner world: a second German partner and the program's
rules."""

from __future__ import annotations

from typing import Any

import pytest

from tests.fixtures import World, _partner, _user
from trellis.accounts.models import User
from trellis.catalog.models import ProductFamily
from trellis.leads.choices import DistributionMode
from trellis.leads.models import RoutingRules
from trellis.leads.services import LeadInput
from trellis.partners.models import Partner, ProgramEnrollment, Specialization


@pytest.fixture
def leads_world(world: World) -> World:
    """Alpha (DE, Silver) and Charlie (DE, Gold, cloud specialists) compete for German leads; Bravo
    is
    in Japan."""
    cloud = Specialization.objects.create(slug="cloud-migration", name="Cloud migration")
    ProductFamily.objects.get(code="platform").specializations.add(cloud)
    charlie = _partner("Charlie Cloud", "charlie.test", "DE", world.cm)
    charlie.specializations.add(cloud)
    ProgramEnrollment.objects.create(partner=charlie, program=world.program, tier=world.gold)
    world.gold.lead_priority = 2
    world.gold.save()
    world.silver.lead_priority = 1
    world.silver.save()
    world.charlie = charlie  # type: ignore[attr-defined]
    world.c_sales = _user("cleo@charlie.test", ["partner_sales"], charlie, "Cleo Charlie")  # type: ignore[attr-defined]
    RoutingRules.objects.create(
        program=world.program, mode=DistributionMode.OFFER_ONE, acceptance_hours=48
    )
    return world


def set_mode(mode: str, **extra: Any) -> None:
    RoutingRules.objects.update(mode=mode, **extra)


def lead_input(name: str = "Umbrella Logistics", *, country: str = "DE", **extra: Any) -> LeadInput:
    base: dict[str, Any] = {
        "customer_name": name,
        "country": country,
        "city": "Berlin",
        "postal_code": "10115",
        "contact_name": "Ursula Buyer",
        "contact_email": "ursula@umbrella.example",
        "products": ["PLA-001"],
        "estimated_amount": "40000",
        "currency": "EUR",
        "source": "api",
    }
    base.update(extra)
    return LeadInput(**base)


def charlie(world: World) -> Partner:
    return world.charlie  # type: ignore[attr-defined,no-any-return]


def cleo(world: World) -> User:
    """Charlie's salesperson."""
    return world.c_sales  # type: ignore[attr-defined,no-any-return]
