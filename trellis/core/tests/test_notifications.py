"""Notifications: one per person, in their language, and once per dedupe key however often a job
repeats."""

from __future__ import annotations

import pytest

from tests.fixtures import World
from trellis.core.models import Notification, OutboundEmail
from trellis.core.notifications import Recipient, notify

pytestmark = pytest.mark.django_db


def test_a_repeated_job_tells_each_person_once(world: World) -> None:
    people = [Recipient(world.cm.pk, world.cm.email), Recipient(world.cm.pk, world.cm.email)]

    def send() -> int:
        return notify(
            people,
            verb="lead.needs_decision",
            partner_id=None,
            url="/console/leads/",
            render=lambda: ("Leads wait", "Three leads need a decision."),
            dedupe_key="run-7",
        )

    assert send() == 1  # the same person twice in one call: told once
    assert send() == 0  # the job delivered again: nobody told twice
    assert Notification.objects.filter(user=world.cm, dedupe_key="run-7").count() == 1
    assert OutboundEmail.objects.filter(to=world.cm.email).count() == 1
    other = notify(
        people,
        verb="lead.needs_decision",
        partner_id=None,
        url="",
        dedupe_key="run-8",
        render=lambda: ("Leads wait", "Another run."),
    )
    assert other == 1  # a different key is a different message
