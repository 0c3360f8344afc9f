"""The task queue's broker: django-q's database queue, with its one hot statement compiled.

Every registration queues the partner's notification in its own transaction
(the outbox), so the queue's INSERT runs as often as registrations do. The
ORM built and compiled that INSERT afresh each time; here it is rendered once
per process (``core.compiled.insert_new``). Reading and locking tasks is
django-q's own, unchanged.
"""

from __future__ import annotations

from typing import Any

from django.db import router
from django.utils import timezone
from django_q.brokers.orm import ORM
from django_q.conf import Conf
from django_q.models import OrmQ
from django_q.tasks import async_task

from .compiled import insert_new


class DatabaseBroker(ORM):
    def enqueue(self, task: Any) -> int:
        if router.db_for_write(OrmQ) != Conf.ORM:
            return int(super().enqueue(task))
        self.get_connection()  # django-q's stale-connection check outside a transaction
        row = self.row(task)
        insert_new([row])
        return int(row.pk)

    def row(self, task: Any) -> OrmQ:
        """The queue's row for a signed task, as django-q's database broker writes it."""
        return OrmQ(key=self.list_key or Conf.CLUSTER_NAME, payload=task, lock=timezone.now())


class _Collecting(DatabaseBroker):
    """A broker whose enqueue keeps the row for its outbox instead of inserting it."""

    def __init__(self, rows: list[OrmQ]) -> None:
        # No connection of its own: django-q's would check every database connection first.
        self.rows = rows
        self.list_key = Conf.CLUSTER_NAME
        self.connection = None
        self._info = None

    def enqueue(self, task: Any) -> int:
        self.rows.append(self.row(task))
        return 0


class Outbox:
    """Tasks queued through it are written by the caller, in the same statement as its own rows.

    The caller gets the queue's rows from ``rows`` and writes them with its
    change (``compiled.insert_new_together``), so a task is queued exactly when
    the change lands. Where tasks run in the caller's process instead of a
    worker (django-q's sync mode, which the tests use), there are no rows:
    the tasks run when the caller says its change is ``written``.
    """

    def __init__(self) -> None:
        self.rows: list[OrmQ] = []
        self._later: list[tuple[str, tuple[Any, ...], str]] = []

    def queue(self, func: str, *args: Any, task_name: str) -> None:
        if Conf.SYNC:
            self._later.append((func, args, task_name))
        else:
            async_task(
                func, *args, task_name=task_name, q_options={"broker": _Collecting(self.rows)}
            )

    def written(self) -> None:
        later, self._later = self._later, []
        for func, args, task_name in later:
            async_task(func, *args, task_name=task_name)
