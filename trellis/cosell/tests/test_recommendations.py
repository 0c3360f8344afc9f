"""Co-sell recommendations for the vendor's own opportunities: ranked with reasons, account
knowledge
only as shared."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.fixtures import World, _partner, login
from trellis.catalog.models import ProductFamily
from trellis.cosell.recommendations import recommend_partners
from trellis.cosell.services import AccountRow, account_list_replace, sharing_consent, sharing_offer
from trellis.deals.models import DirectOpportunity
from trellis.partners.models import ProgramEnrollment

pytestmark = pytest.mark.django_db


def _setup(world: World) -> tuple[DirectOpportunity, object]:
    delta = _partner("Delta Data", "delta.test", "DE", world.cm)
    ProgramEnrollment.objects.create(partner=delta, program=world.program, tier=world.silver)
    opportunity = DirectOpportunity.objects.create(
        customer=world.customer_a,
        family=ProductFamily.objects.get(code="platform"),
        name="Acme expansion",
    )
    return opportunity, delta


def test_knowing_the_customer_counts_only_when_the_partner_shares_names(world: World) -> None:
    opportunity, _delta = _setup(world)
    account_list_replace(
        actor=world.actor(world.a_admin),
        partner=world.partner_a,
        rows=[AccountRow("Acme GmbH", "DE", "customer")],
    )
    ranked = recommend_partners(actor=world.actor(world.cm), opportunity=opportunity)
    names = {r.partner_name.split(" (")[0] for r in ranked}
    assert names == {"Alpha Systems", "Delta Data"}  # Bravo serves Japan
    assert not any("already has the customer" in " ".join(r.reasons) for r in ranked)
    sharing_offer(actor=world.actor(world.cm), partner=world.partner_a, level=1)
    sharing_consent(actor=world.actor(world.a_admin), partner=world.partner_a, level=1)
    ranked = recommend_partners(actor=world.actor(world.cm), opportunity=opportunity)
    assert ranked[0].partner_name.startswith("Alpha Systems (")
    assert "already has the customer on its list as: Customer" in ranked[0].reasons


def test_partners_get_no_recommendations_and_the_pages_are_the_vendors(world: World) -> None:
    opportunity, _delta = _setup(world)
    assert recommend_partners(actor=world.actor(world.a_admin), opportunity=opportunity) == []
    client = login(Client(), world.cm)
    assert "Acme expansion" in client.get(reverse("console:opportunities")).content.decode()
    page = client.get(reverse("console:opportunity_detail", args=[opportunity.pk])).content.decode()
    assert "Partners worth bringing in" in page and "Delta Data" in page
