"""A job survives a task worker killed mid-run: it is retried, not lost, and not done twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django_q.tasks import async_task

from trellis.core.models import OutboundEmail

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

TIMEOUT, RETRY = 5, 7  # retry must exceed timeout, as in production


def _start_worker(tmp_path: Path, name: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "TRELLIS_TEST_DB_NAME": str(connection.settings_dict["NAME"]),
        "TRELLIS_TASKS_SYNC": "0",
        "TRELLIS_WORKERS": "1",
        "TRELLIS_TASK_TIMEOUT": str(TIMEOUT),
        "TRELLIS_TASK_RETRY": str(RETRY),
        "TRELLIS_TASK_POLL": "0.2",
    }
    log = (tmp_path / f"{name}.log").open("wb")
    return subprocess.Popen(
        [sys.executable, "-m", "trellis.cli", "qcluster"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, so the kill takes every worker child
    )


def _wait_for(predicate, seconds: float) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_job_of_a_killed_worker_is_retried_and_done_once(tmp_path: Path) -> None:
    async_task("tests.worker_tasks.record_once", str(tmp_path), "job-1", sync=False)
    marker = tmp_path / "job-1.attempts"

    first = _start_worker(tmp_path, "first")
    try:
        assert _wait_for(marker.exists, 30), (tmp_path / "first.log").read_text()
    finally:
        os.killpg(first.pid, signal.SIGKILL)  # the worker dies mid-job, with no chance to clean up
        first.wait()
    assert not OutboundEmail.objects.filter(subject="job-1").exists()

    second = _start_worker(tmp_path, "second")
    try:
        done = _wait_for(lambda: OutboundEmail.objects.filter(subject="job-1").exists(), RETRY + 30)
        assert done, (tmp_path / "second.log").read_text()
    finally:
        os.killpg(second.pid, signal.SIGKILL)
        second.wait()
    assert marker.read_text() == "2"  # delivered again exactly once more
    assert OutboundEmail.objects.filter(subject="job-1").count() == 1
