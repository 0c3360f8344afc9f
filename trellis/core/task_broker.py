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

from .compiled import insert_new


class DatabaseBroker(ORM):
    def enqueue(self, task: Any) -> int:
        if router.db_for_write(OrmQ) != Conf.ORM:
            return int(super().enqueue(task))
        self.get_connection()  # django-q's stale-connection check outside a transaction
        row = OrmQ(key=self.list_key or Conf.CLUSTER_NAME, payload=task, lock=timezone.now())
        insert_new([row])
        return int(row.pk)
