"""The follow-up pullback done by a real task-worker process, as in production."""

from __future__ import annotations

import datetime as dt
import os
import signal
from pathlib import Path

import pytest
from django.utils import timezone
from django_q.tasks import async_task

from tests.fixtures import World
from trellis.core.tests.test_worker_recovery import _start_worker, _wait_for
from trellis.leads import services
from trellis.leads.choices import DistributionMode, OfferStatus
from trellis.leads.models import Lead, LeadOffer

from .conftest import charlie, lead_input, set_mode

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_worker_pulls_back_a_silent_partners_lead_and_routes_it_on(
    leads_world: World, tmp_path: Path
) -> None:
    set_mode(DistributionMode.AUTO, followup_days=7, pullback_grace_days=3)
    lead = services.lead_receive(actor=leads_world.actor(leads_world.cm), data=lead_input())
    assert lead.partner == charlie(leads_world)
    Lead.objects.filter(pk=lead.pk).update(
        followup_due_at=timezone.now() - dt.timedelta(days=4),
        reminded_at=timezone.now() - dt.timedelta(days=4),
    )
    async_task("trellis.leads.tasks.followup_sweep", sync=False)
    worker = _start_worker(tmp_path, "leads")
    try:
        moved = _wait_for(
            lambda: Lead.objects.get(pk=lead.pk).partner_id == leads_world.partner_a.pk, 60
        )
        assert moved, (tmp_path / "leads.log").read_text()
    finally:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()
    assert (
        LeadOffer.objects.get(lead=lead, partner=charlie(leads_world)).status
        == OfferStatus.PULLED_BACK
    )
