"""The task queue's broker writes the rows django-q's own database broker writes and reads back."""

from __future__ import annotations

import pytest
from django.utils import timezone
from django_q.brokers import get_broker
from django_q.brokers.orm import ORM
from django_q.conf import Conf
from django_q.models import OrmQ
from django_q.signing import SignedPackage
from django_q.tasks import async_task

from trellis.core.compiled import insert_new_together
from trellis.core.models import DomainEvent
from trellis.core.task_broker import DatabaseBroker, Outbox

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


RAN: list[str] = []


def remember(word: str) -> None:
    RAN.append(word)


def _event() -> DomainEvent:
    return DomainEvent(actor_kind="system", verb="test.outbox", object_type="test", object_id="1")


def test_an_outbox_hands_its_rows_to_the_callers_statement(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Conf, "SYNC", False)
    outbox = Outbox()
    outbox.queue("math.floor", 2.5, task_name="floor-it")
    assert not OrmQ.objects.exists()  # nothing written on its own
    event = _event()
    insert_new_together(event, lambda: [outbox.rows])
    [row] = OrmQ.objects.all()
    task = SignedPackage.loads(row.payload)
    assert (task["name"], task["func"], task["args"]) == ("floor-it", "math.floor", (2.5,))
    assert row.pk == outbox.rows[0].pk and DomainEvent.objects.filter(pk=event.pk).exists()
    outbox.written()  # a worker runs it, not the caller
    assert OrmQ.objects.count() == 1


def test_where_tasks_run_in_process_an_outbox_runs_them_once_the_change_is_written(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(Conf, "SYNC", True)
    RAN.clear()
    outbox = Outbox()
    outbox.queue(f"{__name__}.remember", "hello", task_name="remember-it")
    assert (outbox.rows, RAN) == ([], [])
    insert_new_together(_event(), lambda: [outbox.rows])
    outbox.written()
    assert RAN == ["hello"] and not OrmQ.objects.exists()
    outbox.written()  # once
    assert RAN == ["hello"]
