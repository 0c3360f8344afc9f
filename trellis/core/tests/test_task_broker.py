"""The task queue's broker writes the rows django-q's own database broker writes and reads back."""

from __future__ import annotations

import pytest
from django.utils import timezone
from django_q.brokers import get_broker
from django_q.brokers.orm import ORM
from django_q.models import OrmQ
from django_q.signing import SignedPackage
from django_q.tasks import async_task

from trellis.core.task_broker import DatabaseBroker

pytestmark = pytest.mark.django_db


def test_queued_tasks_are_rows_the_database_broker_hands_to_a_worker() -> None:
    broker = get_broker()
    assert isinstance(broker, DatabaseBroker)
    before = timezone.now()
    task_id = async_task("math.floor", 2.5, task_name="floor-it", sync=False)
    ours = OrmQ.objects.get()
    theirs_pk = ORM(list_key=broker.list_key).enqueue(SignedPackage.dumps({"id": "x"}))
    theirs = OrmQ.objects.get(pk=theirs_pk)
    assert (ours.key, type(ours.payload)) == (theirs.key, type(theirs.payload)) == ("trellis", str)
    assert before <= ours.lock <= theirs.lock
    task = SignedPackage.loads(ours.payload)
    assert (task["id"], task["name"], task["func"], task["args"]) == (
        task_id, "floor-it", "math.floor", (2.5,)
    )  # fmt: skip
    handed = [pk for _ in range(2) for pk, _payload in broker.dequeue() or []]  # one at a time
    assert sorted(handed) == sorted([ours.pk, theirs_pk])
