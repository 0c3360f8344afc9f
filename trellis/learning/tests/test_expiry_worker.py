"""Certification expiry and due-date reminders done by a real task-worker process, as the
schedules run them in production; run twice, each still acts once."""

from __future__ import annotations

import datetime as dt
import os
import signal
from pathlib import Path

import pytest
from django.utils import timezone
from django_q.tasks import async_task

from tests.fixtures import World
from trellis.core.models import DomainEvent, Notification
from trellis.core.tests.test_worker_recovery import _start_worker, _wait_for
from trellis.learning import services
from trellis.learning.models import CertificationAward, Enrollment

from .catalogue import build_catalogue, pass_course

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_worker_records_expiry_and_reminds_once_however_often_it_runs(
    world: World, tmp_path: Path
) -> None:
    catalogue = build_catalogue()
    actor = world.actor(world.a_sales)
    done = services.enroll(actor=actor, learner=world.a_sales, course=catalogue.course)
    pass_course(done, catalogue)
    CertificationAward.objects.update(
        earned_at=timezone.now() - dt.timedelta(days=800),
        expires_at=timezone.now() - dt.timedelta(days=1),
    )
    due = services.enroll(
        actor=world.actor(world.a_admin),
        learner=world.a_sales,
        course=catalogue.exam,
        due_on=timezone.localdate() + dt.timedelta(days=2),
    )
    for _ in range(2):  # a schedule firing twice, or a job delivered again
        async_task("trellis.learning.tasks.expiry_sweep", sync=False)
        async_task("trellis.learning.tasks.reminder_sweep", sync=False)
    worker = _start_worker(tmp_path, "learning")
    try:
        finished = _wait_for(
            lambda: (
                DomainEvent.objects.filter(verb="certification.expired").exists()
                and Enrollment.objects.get(pk=due.pk).reminded_on is not None
            ),
            60,
        )
        assert finished, (tmp_path / "learning.log").read_text()
        _wait_for(lambda: False, 3)  # let the second round of jobs run
    finally:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()
    assert DomainEvent.objects.filter(verb="certification.expired").count() == 1
    assert Notification.objects.filter(user=world.a_sales, verb="course.due").count() == 1
