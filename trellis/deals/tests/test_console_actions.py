"""The console shows a person only the decisions they may take."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.fixtures import World, _user, login
from trellis.deals.tests.conftest import register

pytestmark = pytest.mark.django_db


def test_only_the_partners_steward_sees_the_decision_buttons(world: World) -> None:
    deal = register(world, world.a_sales, amount="900000")  # above automatic approval
    url = reverse("console:deal_detail", args=[deal.pk])
    steward = login(Client(), world.cm).get(url).content.decode()
    assert f'action="{reverse("console:deal_approve", args=[deal.pk])}"' in steward
    other = _user("olga@vendor.test", ["channel_manager"], name="Olga Other")
    page = login(Client(), other).get(url).content.decode()
    assert reverse("console:deal_approve", args=[deal.pk]) not in page
    assert reverse("console:deal_reject", args=[deal.pk]) not in page
    assert "Carl Manager, this partner's channel manager, decides" in page


def test_a_partner_sees_an_actions_card_only_when_it_holds_an_action(world: World) -> None:
    deal = register(world, world.a_sales, amount="900000")  # submitted: nothing to do yet
    page = login(Client(), world.a_sales).get(reverse("portal:deal_detail", args=[deal.pk]))
    assert "<h2>Actions</h2>" not in page.content.decode()


def test_a_refused_decision_keeps_what_was_typed(world: World) -> None:
    deal = register(world, world.a_sales, amount="900000")
    client = login(Client(), world.cm)
    typed = "Customer confirmed the budget on the phone"
    # Reject without a reason: the form comes back with the note and the error in place.
    page = client.post(reverse("console:deal_reject", args=[deal.pk]), {"note": typed})
    assert page.status_code == 200 and typed in page.content.decode()
    assert "This field is required." in page.content.decode()
    deal.refresh_from_db()
    assert deal.status == "submitted"  # nothing changed
    # A decision the rules refuse (approving twice) answers on the page itself, with the reason.
    client.post(reverse("console:deal_approve", args=[deal.pk]), {"note": "ok"})
    page = client.post(reverse("console:deal_approve", args=[deal.pk]), {"note": typed})
    assert page.status_code == 200 and 'class="messages"' in page.content.decode()
    deal.refresh_from_db()
    assert deal.status == "approved" and deal.decision_note == "ok"
