"""The registration's action pages: one per action, refusing bad input with nothing changed."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.fixtures import World, login
from trellis.deals.choices import DealStatus
from trellis.deals.models import DealRegistration

from .conftest import register

pytestmark = pytest.mark.django_db


def _submitted(world: World) -> DealRegistration:
    return register(world, world.a_sales, amount="900000")  # above automatic approval


def test_the_channel_manager_approves_with_a_note_from_the_registration_page(
    deals_world: World,
) -> None:
    deal = _submitted(deals_world)
    client = login(Client(), deals_world.cm)
    client.post(reverse("console:deal_approve", args=[deal.pk]), {"note": "Welcome"})
    deal.refresh_from_db()
    assert deal.status == DealStatus.APPROVED and deal.decision_note == "Welcome"


@pytest.mark.parametrize(
    ("action", "body"),
    [
        ("approve", {"note": "x" * 2001}),
        ("reject", {"reason": "no-such-reason"}),
        ("reject", {}),
        ("request_info", {"question": ""}),
    ],
)
def test_a_decision_with_bad_input_is_refused_and_changes_nothing(
    deals_world: World, action: str, body: dict[str, str]
) -> None:
    deal = _submitted(deals_world)
    client = login(Client(), deals_world.cm)
    response = client.post(reverse(f"console:deal_{action}", args=[deal.pk]), body, follow=True)
    assert list(response.context["messages"])
    deal.refresh_from_db()
    assert deal.status == DealStatus.SUBMITTED and deal.decision_note == ""


def test_the_partner_answers_an_information_request_in_one_step(deals_world: World) -> None:
    from trellis.deals.services import deal_request_info

    deal = _submitted(deals_world)
    deal_request_info(actor=deals_world.actor(deals_world.cm), deal=deal, question="Budget?")
    client = login(Client(), deals_world.a_sales)
    client.post(reverse("portal:deal_answer", args=[deal.pk]), {"answer": "Signed off in Q3"})
    deal.refresh_from_db()
    assert deal.status == DealStatus.SUBMITTED and deal.description == "Signed off in Q3"


def test_an_empty_answer_is_refused_and_the_request_stays_open(deals_world: World) -> None:
    from trellis.deals.services import deal_request_info

    deal = _submitted(deals_world)
    deal_request_info(actor=deals_world.actor(deals_world.cm), deal=deal, question="Budget?")
    client = login(Client(), deals_world.a_sales)
    response = client.post(reverse("portal:deal_answer", args=[deal.pk]), {}, follow=True)
    assert list(response.context["messages"])
    deal.refresh_from_db()
    assert deal.status == DealStatus.MORE_INFO


def test_a_refused_answer_comes_back_with_what_was_typed(deals_world: World) -> None:
    from trellis.deals.services import deal_request_info

    deal = _submitted(deals_world)
    deal_request_info(actor=deals_world.actor(deals_world.cm), deal=deal, question="Budget?")
    client = login(Client(), deals_world.a_sales)
    typed = "Budget approved by the CFO\x00 in March"
    response = client.post(reverse("portal:deal_answer", args=[deal.pk]), {"answer": typed})
    assert response.status_code == 200 and list(response.context["messages"])
    assert response.context["answer"] == typed
    deal.refresh_from_db()
    assert deal.status == DealStatus.MORE_INFO and "CFO" not in deal.description
