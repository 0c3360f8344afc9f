"""Resolving a customer: the look again under the resolution lock sees what arrived meanwhile."""

from __future__ import annotations

from typing import Any

import pytest

from tests.fixtures import World
from trellis.customers import matcher
from trellis.customers.models import CustomerAccount
from trellis.customers.services import CustomerInput, customer_resolve

pytestmark = pytest.mark.django_db

QUERY: dict[str, Any] = {
    "name": "Umbrella Robotics",
    "domain": "",
    "country": "DE",
    "city": "",
    "limit": 5,
    "min_score": 0.5,
}


def _account(name: str) -> CustomerAccount:
    return CustomerAccount.objects.create(name=name, name_normalized=name.lower(), country="DE")


def test_a_search_again_finds_an_account_created_since_and_drops_one_renamed_since(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(matcher, "_SWEEP_EVERY", 0.0)  # renamed accounts are seen at the next look
    matcher.reset()
    old = _account("Umbrella Robotics Holding")
    found, version = matcher.search(**QUERY)
    assert [m.id for m in found] == [str(old.pk)]

    assert matcher.search_again(previous=found, since=version, **QUERY) == found  # nothing arrived
    new = _account("Umbrella Robotics GmbH")  # as a registration in another process would
    old.name = "Hooli Logistics"
    old.save()
    again = matcher.search_again(previous=found, since=version, **QUERY)
    assert [m.id for m in again] == [str(new.pk)]
    assert again[0].score >= 0.9


def test_a_search_again_after_the_index_was_rebuilt_matches_everything(world: World) -> None:
    matcher.reset()
    found, version = matcher.search(**QUERY)
    assert found == []
    made = _account("Umbrella Robotics AG")
    matcher.reset()
    assert [m.id for m in matcher.search_again(previous=found, since=version, **QUERY)] == [
        str(made.pk)
    ]


@pytest.mark.django_db(transaction=True)
def test_a_name_whose_english_reading_is_longer_is_stored_within_its_column(world: World) -> None:
    # "重工業" reads "heavy industries": the normalised name may outgrow the name itself.
    matcher.reset()
    name = "三菱" + "重工業" * 82
    resolved = customer_resolve(data=CustomerInput(name=name, country="JP"), owner_partner_id=None)
    account = CustomerAccount.objects.get(pk=resolved.account.pk)
    assert account.name == name and len(account.name_normalized) == 250
    assert account.name_normalized.startswith("三菱 heavy industries heavy")
