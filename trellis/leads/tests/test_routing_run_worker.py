"""Routing runs as production does them: a real worker process, and on PostgreSQL a second
connection
writing."""

from __future__ import annotations

import functools
import os
import signal
import threading
from pathlib import Path

import pytest
from django.db import connection
from django_q.tasks import async_task

from tests.fixtures import World
from trellis.core.models import DomainEvent
from trellis.core.tests.test_worker_recovery import _start_worker, _wait_for
from trellis.leads.choices import DistributionMode, LeadStatus, RunStatus
from trellis.leads.models import Lead, RoutingDecision, RoutingRun
from trellis.leads.services import batch, chunk_writes

from .conftest import set_mode
from .test_routing_runs import _serve_austria, _stranded

pytestmark = pytest.mark.django_db(transaction=True)


def test_chunks_are_written_while_the_next_is_decided(
    leads_world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_mode(DistributionMode.OFFER_MANY, offer_count=2)
    stranded = _stranded(leads_world, 7)
    _serve_austria(leads_world)
    monkeypatch.setattr(batch, "CHUNK", 2)
    monkeypatch.setattr(
        batch, "async_task", lambda *args, **kwargs: None
    )  # performed below, in this process
    run = batch.routing_run_request(actor=leads_world.actor(leads_world.cm))
    writers: list[bool] = []
    real = chunk_writes.ChunkWriter.__init__

    def spy(self: chunk_writes.ChunkWriter, *args: object) -> None:
        real(self, *args)  # type: ignore[arg-type]
        writers.append(self.overlap)

    monkeypatch.setattr(chunk_writes.ChunkWriter, "__init__", spy)
    written_by: list[str] = []
    real_write = chunk_writes.write_chunk

    def write(*args: object) -> None:
        written_by.append(threading.current_thread().name)
        real_write(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(chunk_writes, "write_chunk", write)
    run = batch.routing_run_perform(run_id=run.pk)  # type: ignore[assignment]
    on_postgres = connection.vendor == "postgresql"
    assert writers == [on_postgres]  # other connections where there are some to have
    assert len(written_by) == 4  # chunks of 2, 2, 2, 1
    if (
        on_postgres
    ):  # written by the writer threads (chunks hold different leads: either may take one)
        assert all(name.startswith(f"routing-run-{run.pk}-") for name in written_by)
    else:
        assert set(written_by) == {threading.current_thread().name}
    assert (run.status, run.routed, run.offered) == (RunStatus.DONE, 7, 7)
    assert set(
        Lead.objects.filter(pk__in=[x.pk for x in stranded]).values_list("status", flat=True)
    ) == {LeadStatus.OFFERED}
    assert RoutingDecision.objects.filter(run=run).count() == 7


def test_a_failed_write_stops_the_run_and_says_why(
    leads_world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_mode(DistributionMode.AUTO)
    _stranded(leads_world, 5)
    _serve_austria(leads_world)
    monkeypatch.setattr(batch, "CHUNK", 2)
    monkeypatch.setattr(batch, "async_task", lambda *args, **kwargs: None)
    run = batch.routing_run_request(actor=leads_world.actor(leads_world.cm))
    calls: list[int] = []
    real = chunk_writes.write_chunk

    def breaks_on_the_second(*args: object) -> None:
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(chunk_writes, "write_chunk", breaks_on_the_second)
    with pytest.raises(RuntimeError, match="disk full"):
        batch.routing_run_perform(run_id=run.pk)
    run.refresh_from_db()
    assert (run.status, run.routed, run.error) == (RunStatus.FAILED, 2, "disk full")
    # The first chunk stays routed, whole; the run says why it stopped, in the audit log too.
    assert RoutingDecision.objects.filter(run=run).count() == 2
    assert DomainEvent.objects.get(verb="routing_run.failed", object_id=str(run.pk)).after == {
        "error": "disk full"
    }


@pytest.mark.worker
def test_a_worker_process_performs_a_run(
    leads_world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_mode(DistributionMode.AUTO)
    stranded = _stranded(leads_world, 6)
    _serve_austria(leads_world)
    monkeypatch.setattr(batch, "async_task", functools.partial(async_task, sync=False))
    run = batch.routing_run_request(actor=leads_world.actor(leads_world.cm))
    assert run.status == RunStatus.QUEUED  # the job waits in the outbox for a worker
    worker = _start_worker(tmp_path, "runs")
    try:
        done = _wait_for(lambda: RoutingRun.objects.get(pk=run.pk).status == RunStatus.DONE, 60)
        assert done, (tmp_path / "runs.log").read_text()
    finally:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()
    run.refresh_from_db()
    assert (run.routed, run.assigned) == (6, 6)
    assert not Lead.objects.filter(
        pk__in=[x.pk for x in stranded], status=LeadStatus.UNROUTABLE
    ).exists()
