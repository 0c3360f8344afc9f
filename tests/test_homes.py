"""Each home lists the work waiting for its reader, and only that reader's partner's work."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.fixtures import World, _user, login
from tests.test_isolation import _a_cosell, _a_lead
from trellis.accounts.models import User
from trellis.deals.models import DealRegistration
from trellis.deals.tests.conftest import register

pytestmark = pytest.mark.django_db


def _home(user: User, surface: str = "portal") -> str:
    return login(Client(), user).get(reverse(f"{surface}:home")).content.decode()


def test_the_portal_home_lists_offers_questions_and_invitations(world: World) -> None:
    assert "Nothing is waiting for you." in _home(world.a_admin)
    _a_lead(world, mode="offer_one")  # an offer to partner A
    _a_cosell(world)  # an accepted co-sell (nothing to answer) and a registration
    deal = register(world, world.a_sales, name="Question GmbH", amount="900000")
    DealRegistration.objects.filter(pk=deal.pk).update(status="more_info")
    page = _home(world.a_admin)
    assert "Lead offers waiting for your answer: 1" in page
    assert "The first offer expires in" in page
    assert "Registrations with a question from your channel manager: 1" in page
    assert "You are all set" not in page
    # Partner B has nothing of A's waiting for it.
    assert "Nothing is waiting for you." in _home(world.b_admin)


def test_the_console_home_lists_decisions_for_the_managers_own_partners(world: World) -> None:
    deal = register(world, world.a_sales, amount="900000")  # waits for a decision
    page = _home(world.cm, "console")
    assert "Registrations waiting for your decision: 1" in page
    assert "past their decision deadline" not in page
    DealRegistration.objects.filter(pk=deal.pk).update(
        sla_due_at=timezone.now() - dt.timedelta(hours=3)
    )
    page = _home(world.cm, "console")
    assert "Registrations past their decision deadline: 1" in page
    assert page.index("past their decision deadline") < page.index("waiting for your decision")
    # Another channel manager has none of Carl's partners: nothing waits for her.
    other = _user("olga@vendor.test", ["channel_manager"], name="Olga Other")
    assert "Nothing is waiting for you." in _home(other, "console")
    assert "Registrations waiting for your decision: 1" in _home(world.admin, "console")


def test_staff_land_on_the_console_home(world: World) -> None:
    response = login(Client(), world.cm).get("/")
    assert response["Location"] == reverse("console:home")


def test_the_sign_in_page_does_not_offer_a_sign_up_that_is_closed(client: Client) -> None:
    page = client.get(reverse("account_login")).content.decode()
    assert "sign up" not in page.lower() and "by invitation" in page


def test_look_alike_partners_are_told_apart_by_city_and_domain(world: World) -> None:
    from tests.fixtures import _partner
    from trellis.partners.selectors import partner_names

    twin = _partner("Alpha Systems", "alpha-systems.test", "DE", world.cm)
    twin.city = "Leipzig"
    twin.save(update_fields=["city"])
    names = partner_names(actor=world.actor(world.cm), ids=[world.partner_a.pk, twin.pk])
    assert names[twin.pk] == "Alpha Systems (Leipzig, alpha-systems.test)"
    assert names[world.partner_a.pk] != names[twin.pk]
