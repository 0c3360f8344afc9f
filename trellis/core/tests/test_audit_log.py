"""The console audit log: every change, filterable by partner, actor, event and date."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.fixtures import World, login
from trellis.core import events
from trellis.core.models import DomainEvent
from trellis.partners.services import partner_set_status

pytestmark = pytest.mark.django_db


def _changes(world: World) -> None:
    partner_set_status(actor=world.actor(world.admin), partner=world.partner_a, status="suspended")
    partner_set_status(actor=world.actor(world.cm), partner=world.partner_b, status="suspended")


def test_filters_by_partner_actor_and_event(world: World) -> None:
    _changes(world)
    client = login(Client(), world.analyst)
    url = reverse("console:audit_log")
    body = client.get(url, {"partner": world.partner_a.pk}).content.decode()
    assert "Alpha Systems" in body and "Bravo Networks" not in body
    body = client.get(url, {"actor": "cm@vendor"}).content.decode()
    assert "Bravo Networks" in body and "Alpha Systems" not in body
    body = client.get(url, {"verb": "partner.suspended"}).content.decode()
    assert body.count("partner.suspended") >= 2
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    assert "No events match" in client.get(url, {"date_from": tomorrow}).content.decode()


def test_bad_filter_input_is_reported_not_ignored(world: World) -> None:
    body = (
        login(Client(), world.admin)
        .get(reverse("console:audit_log"), {"date_from": "31/31/2026"})
        .content
    )
    assert "Enter a valid date" in body.decode()


@pytest.mark.django_db(transaction=True)  # outside the test's own wrapping transaction
def test_events_must_be_written_inside_the_changing_transaction(world: World) -> None:
    with pytest.raises(RuntimeError):
        events.record(world.actor(world.admin), "x.y", world.partner_a)


def test_rolled_back_change_leaves_no_event(world: World) -> None:
    before = DomainEvent.objects.count()
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        events.record(world.actor(world.admin), "partner.touched", world.partner_a)
        1 / 0
    assert DomainEvent.objects.count() == before


def test_audit_log_query_count_is_fixed(world: World, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    client = login(Client(), world.admin)
    _changes(world)
    client.get(reverse("console:audit_log"))
    with django_assert_max_num_queries(9) as few:
        client.get(reverse("console:audit_log"))
    for _ in range(10):
        partner_set_status(actor=world.actor(world.admin), partner=world.partner_a, status="active")
        partner_set_status(
            actor=world.actor(world.admin), partner=world.partner_a, status="suspended"
        )
    with django_assert_max_num_queries(9) as many:
        client.get(reverse("console:audit_log"))
    assert len(few.captured_queries) == len(many.captured_queries)
