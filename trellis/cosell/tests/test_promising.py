"""For each partner, the shared accounts where co-selling looks most promising: ranked only on what
the viewer may see."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.fixtures import ApiClient, World, login
from trellis.catalog.models import ProductFamily
from trellis.cosell import selectors, services
from trellis.cosell.services import AccountRow
from trellis.deals.models import DirectOpportunity

pytestmark = pytest.mark.django_db


def _mapped(world: World, level: int) -> DirectOpportunity:
    opportunity = DirectOpportunity.objects.create(
        customer=world.customer_a,
        family=ProductFamily.objects.get(code="platform"),
        name="Acme expansion",
        stage="propose",
        owner=world.cm,
    )
    rows = [
        AccountRow("ACME GMBH", "DE", "customer"),
        AccountRow("Initech Incorporated", "US", "prospect"),
    ]
    services.account_list_replace(
        actor=world.actor(world.a_admin), partner=world.partner_a, rows=rows
    )
    services.sharing_offer(actor=world.actor(world.cm), partner=world.partner_a, level=level)
    services.sharing_consent(actor=world.actor(world.a_admin), partner=world.partner_a, level=level)
    return opportunity


def test_with_full_detail_both_statuses_rank_and_our_open_opportunity_is_named(
    world: World,
) -> None:
    opportunity = _mapped(world, level=2)
    with translation.override("en"):
        found = selectors.promising_accounts(actor=world.actor(world.cm), partner=world.partner_a)
    first, second = found.accounts
    assert (first.name, first.opportunity_id) == ("Acme GmbH", opportunity.pk)
    assert first.reasons == [
        "We are selling there now and they already serve the customer: their "
        "relationship can carry our deal.",
        "Our open opportunity: Acme expansion (Propose).",
    ]
    assert second.name == "Initech Inc." and second.score < first.score
    assert second.reasons == ["Our customer is their prospect: an introduction helps them in."]


def test_with_names_only_each_side_ranks_on_its_own_status(world: World) -> None:
    _mapped(world, level=1)
    with translation.override("en"):
        vendor = selectors.promising_accounts(actor=world.actor(world.cm), partner=world.partner_a)
        partner = selectors.promising_accounts(
            actor=world.actor(world.a_sales), partner=world.partner_a
        )
    assert [a.name for a in vendor.accounts] == ["Acme GmbH", "Initech Inc."]
    assert (
        vendor.accounts[0].reasons[0]
        == "An open opportunity on your side, at an account the other side knows."
    )
    assert [a.name for a in partner.accounts] == [
        "ACME GMBH",
        "Initech Incorporated",
    ]  # the partner's own names
    assert partner.accounts[0].reasons == ["Your customer, and the other side knows the account."]
    assert all(a.opportunity_id is None for a in partner.accounts)  # never the vendor's records


def test_counts_only_names_nothing(world: World) -> None:
    _mapped(world, level=0)
    assert (
        selectors.promising_accounts(actor=world.actor(world.cm), partner=world.partner_a).accounts
        == []
    )


def test_accounts_already_co_sold_are_left_out(world: World) -> None:
    opportunity = _mapped(world, level=2)
    services.cosell_invite_partner(
        actor=world.actor(world.cm), opportunity=opportunity, partner=world.partner_a
    )
    found = selectors.promising_accounts(actor=world.actor(world.cm), partner=world.partner_a)
    assert [a.name for a in found.accounts] == ["Initech Inc."]


def test_both_mapping_pages_and_the_api_show_them(world: World) -> None:
    opportunity = _mapped(world, level=2)
    console = login(Client(), world.cm).get(
        reverse("console:partner_mapping", args=[world.partner_a.pk])
    )
    body = console.content.decode()
    assert "Where co-selling looks most promising" in body
    assert reverse("console:opportunity_detail", args=[opportunity.pk]) in body
    portal = login(Client(), world.a_admin).get(reverse("portal:account_mapping")).content.decode()
    assert "ACME GMBH" in portal and "Acme expansion" not in portal
    api = ApiClient(world.a_admin).get("/api/v1/overlap").json()
    assert [p["name"] for p in api["promising"]] == ["ACME GMBH", "Initech Incorporated"]
    assert api["promising"][0]["opportunity"] is None


def test_the_promising_accounts_come_a_page_at_a_time(world: World) -> None:
    _mapped(world, level=2)
    first = selectors.promising_accounts(
        actor=world.actor(world.cm), partner=world.partner_a, limit=1
    )
    second = selectors.promising_accounts(
        actor=world.actor(world.cm), partner=world.partner_a, limit=1, page=2
    )
    assert first.has_more and not second.has_more
    assert [a.name for a in first.accounts + second.accounts] == ["Acme GmbH", "Initech Inc."]
    client = login(Client(), world.a_admin)
    for raw in ("2", "0", "-1", "abc", "9" * 30):
        page = client.get(reverse("portal:account_mapping"), {"promising": raw})
        assert page.status_code == 200
