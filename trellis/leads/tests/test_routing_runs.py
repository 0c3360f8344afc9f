"""Routing the waiting leads again in one run: what it does to leads, offers and partners, and that
it
acts once."""

from __future__ import annotations

import functools
from collections import Counter

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django_q.tasks import async_task

from tests.fixtures import ApiClient, World, login
from trellis.core.exceptions import Conflict, PermissionDenied
from trellis.core.models import DomainEvent, Notification
from trellis.leads import selectors, services
from trellis.leads.choices import DistributionMode, LeadStatus, OfferStatus, RunStatus
from trellis.leads.models import Lead, LeadOffer, RoutingDecision, RoutingRun
from trellis.leads.reasons import words
from trellis.leads.services import batch, chunk_writes
from trellis.partners.models import Partner, PartnerCountry

from .conftest import charlie, cleo, lead_input, set_mode

pytestmark = pytest.mark.django_db


def _stranded(world: World, n: int) -> list[Lead]:
    """Leads from Austria, which nobody serves yet: they land in the unroutable queue."""
    return [
        services.lead_receive(
            actor=world.actor(world.cm),
            data=lead_input(f"Kunde {i} GmbH", country="AT", city="Wien", postal_code="1010"),
        )
        for i in range(n)
    ]


def _serve_austria(world: World) -> None:
    PartnerCountry.objects.create(partner=charlie(world), country="AT")
    PartnerCountry.objects.create(partner=world.partner_a, country="AT")
    selectors.forget_pools()


def test_a_run_routes_the_stranded_leads_once_partners_serve_them(leads_world: World) -> None:
    set_mode(DistributionMode.AUTO)
    stranded = _stranded(leads_world, 4)
    assert {lead.status for lead in stranded} == {LeadStatus.UNROUTABLE}
    Partner.objects.filter(pk=charlie(leads_world).pk).update(lead_capacity=2)
    _serve_austria(leads_world)

    run = batch.routing_run_request(actor=leads_world.actor(leads_world.cm))
    run.refresh_from_db()
    assert (run.status, run.routed, run.assigned, run.unroutable, run.skipped) == (
        RunStatus.DONE,
        4,
        4,
        0,
        0,
    )
    assert run.routing_seconds > 0 and run.decisions_per_second
    for lead in Lead.objects.filter(pk__in=[x.pk for x in stranded]):
        assert lead.status == LeadStatus.ACCEPTED and lead.partner_id in (
            charlie(leads_world).pk,
            leads_world.partner_a.pk,
        )
        assert lead.unroutable_reason == "" and lead.followup_due_at is not None
        decision = RoutingDecision.objects.get(lead=lead, run=run)
        assert (
            decision.chosen == [lead.partner_id]
            and decision.explanation["ranked"][0]["partner"] == lead.partner_id
        )
        assert set(decision.explanation["factors"]) >= {"expertise", "proximity", "load"}
        assert LeadOffer.objects.get(lead=lead).status == OfferStatus.ACCEPTED
        event = DomainEvent.objects.get(
            verb="lead.routed", object_id=str(lead.pk), after__status="accepted"
        )
        assert event.before == {"status": "unroutable"} and event.partner_id == lead.partner_id
    # Capacity is counted as the run goes: Charlie, the best fit, takes two (all it has room for),
    # Alpha the rest.
    got = Counter(
        Lead.objects.filter(pk__in=[x.pk for x in stranded]).values_list("partner_id", flat=True)
    )
    assert got == {charlie(leads_world).pk: 2, leads_world.partner_a.pk: 2}
    # Each partner hears once, however many leads it got.
    assert Notification.objects.filter(user=cleo(leads_world), verb="lead.offered").count() == 1
    assert run.partners_told == 2
    assert DomainEvent.objects.filter(verb="routing_run.routed", object_id=str(run.pk)).exists()


def test_offers_go_to_several_and_the_review_queue_is_told_what_is_left(leads_world: World) -> None:
    set_mode(DistributionMode.OFFER_MANY, offer_count=2)
    stranded = _stranded(leads_world, 2)
    PartnerCountry.objects.create(partner=charlie(leads_world), country="AT")
    selectors.forget_pools()
    far = services.lead_receive(
        actor=leads_world.actor(leads_world.cm), data=lead_input("Nowhere SA", country="BR")
    )

    run = batch.routing_run_request(actor=leads_world.actor(leads_world.cm))
    run.refresh_from_db()
    assert (run.routed, run.offered, run.unroutable) == (3, 2, 1)
    for lead in stranded:
        lead.refresh_from_db()
        assert lead.status == LeadStatus.OFFERED and lead.partner_id is None
        assert list(LeadOffer.objects.filter(lead=lead).values_list("partner_id", "status")) == [
            (charlie(leads_world).pk, OfferStatus.OPEN)
        ]  # only Charlie serves Austria
    far.refresh_from_db()
    assert far.status == LeadStatus.UNROUTABLE and "do not serve the country" in words(
        far.unroutable_reason
    )
    assert (
        Notification.objects.filter(
            user=leads_world.cm, verb="lead.needs_decision", dedupe_key=f"routing-run-{run.pk}"
        ).count()
        == 1
    )


def test_manual_mode_ranks_them_for_a_person(leads_world: World) -> None:
    set_mode(DistributionMode.MANUAL)
    stranded = _stranded(leads_world, 2)
    _serve_austria(leads_world)
    run = batch.routing_run_request(actor=leads_world.actor(leads_world.cm))
    run.refresh_from_db()
    assert (run.routed, run.for_review) == (2, 2)
    for lead in stranded:
        lead.refresh_from_db()
        assert lead.status == LeadStatus.NEW and not LeadOffer.objects.filter(lead=lead).exists()
        assert len(RoutingDecision.objects.get(lead=lead, run=run).explanation["ranked"]) == 2


def test_a_redelivered_run_goes_on_where_it_stopped(
    leads_world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_mode(DistributionMode.AUTO)
    stranded = _stranded(leads_world, 5)
    _serve_austria(leads_world)
    monkeypatch.setattr(batch, "CHUNK", 2)
    monkeypatch.setattr(batch, "async_task", functools.partial(async_task, sync=False))
    run = batch.routing_run_request(actor=leads_world.actor(leads_world.cm))
    assert run.status == RunStatus.QUEUED

    real_write, calls = chunk_writes.write_chunk, []

    def dies_on_the_second_chunk(*args: object) -> None:
        calls.append(1)
        if len(calls) == 2:
            # the worker is killed: no error is recorded, the run stays running
            raise KeyboardInterrupt
        real_write(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(chunk_writes, "write_chunk", dies_on_the_second_chunk)
    with pytest.raises(KeyboardInterrupt):
        batch.routing_run_perform(run_id=run.pk)
    run.refresh_from_db()
    assert (run.status, run.routed) == (RunStatus.RUNNING, 2)

    monkeypatch.setattr(chunk_writes, "write_chunk", real_write)
    batch.routing_run_perform(run_id=run.pk)  # the job delivered again
    run.refresh_from_db()
    assert (run.status, run.routed, run.assigned) == (RunStatus.DONE, 5, 5)
    assert RoutingDecision.objects.filter(run=run).count() == 5
    assert all(RoutingDecision.objects.filter(lead=lead, run=run).count() == 1 for lead in stranded)
    batch.routing_run_perform(run_id=run.pk)  # and once more, after it finished: nothing moves
    assert RoutingDecision.objects.filter(run=run).count() == 5
    # The database itself refuses a second decision on a lead in the same run.
    with pytest.raises(IntegrityError), transaction.atomic():
        RoutingDecision.objects.create(
            lead=stranded[0], run=run, mode=DistributionMode.AUTO, chosen=[]
        )
    RoutingDecision.objects.create(
        lead=stranded[0], mode=DistributionMode.AUTO, chosen=[]
    )  # outside a run: fine


def test_a_lead_someone_moves_meanwhile_is_left_alone(
    leads_world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_mode(DistributionMode.AUTO)
    first, second = _stranded(leads_world, 2)
    _serve_austria(leads_world)
    real_writes = batch._writes

    def channel_manager_acts_first(*args: object) -> chunk_writes.Chunk:
        chunk = real_writes(*args)  # type: ignore[arg-type]
        services.lead_assign(
            actor=leads_world.actor(leads_world.cm),
            lead=first,
            partner_id=leads_world.partner_a.pk,
            reason="Knows them",
        )
        return chunk

    monkeypatch.setattr(batch, "_writes", channel_manager_acts_first)
    run = batch.routing_run_request(actor=leads_world.actor(leads_world.cm))
    run.refresh_from_db()
    assert (run.routed, run.skipped) == (1, 1)
    first.refresh_from_db()
    assert (
        first.status == LeadStatus.OFFERED
        and not RoutingDecision.objects.filter(lead=first, run=run).exists()
    )
    assert list(LeadOffer.objects.filter(lead=first).values_list("partner_id", flat=True)) == [
        leads_world.partner_a.pk
    ]
    second.refresh_from_db()
    assert second.status == LeadStatus.ACCEPTED


def test_one_run_at_a_time_and_only_for_routers(
    leads_world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    _stranded(leads_world, 1)
    with pytest.raises(PermissionDenied):
        batch.routing_run_request(actor=leads_world.actor(leads_world.a_admin))
    with pytest.raises(PermissionDenied):
        batch.routing_run_request(actor=leads_world.actor(leads_world.analyst))
    monkeypatch.setattr(batch, "async_task", functools.partial(async_task, sync=False))
    batch.routing_run_request(actor=leads_world.actor(leads_world.cm))
    with pytest.raises(Conflict, match="already under way"):
        batch.routing_run_request(actor=leads_world.actor(leads_world.cm))
    assert RoutingRun.objects.count() == 1


def test_nothing_waiting_is_said_plainly(leads_world: World) -> None:
    with pytest.raises(Conflict, match="No new or unroutable leads"):
        batch.routing_run_request(actor=leads_world.actor(leads_world.cm))
    assert not RoutingRun.objects.exists()


def test_the_console_starts_a_run_and_shows_what_it_did(leads_world: World) -> None:
    set_mode(DistributionMode.AUTO)
    _stranded(leads_world, 3)
    _serve_austria(leads_world)
    client = login(Client(), leads_world.cm)
    page = client.get(reverse("console:routing_runs")).content.decode()
    assert "Start a run" in page and ">3<" in page  # three unroutable leads waiting
    response = client.post(reverse("console:routing_runs"), {"program": ""})
    run = RoutingRun.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "console:routing_run", args=[run.pk]
    )
    page = client.get(response["Location"]).content.decode()
    assert (
        "Done" in page and "Assigned to the best partner" in page and "decisions a second" in page
    )
    assert "hx-trigger" not in page  # finished: the page stops following it
    listing = client.get(reverse("console:routing_runs")).content.decode()
    assert reverse("console:routing_run", args=[run.pk]) in listing


def test_the_console_says_why_a_run_cannot_start(leads_world: World) -> None:
    client = login(Client(), leads_world.cm)
    response = client.post(reverse("console:routing_runs"), {"program": "999999"}, follow=True)
    assert "Choose a program." in response.content.decode() and not RoutingRun.objects.exists()
    response = client.post(reverse("console:routing_runs"), {"program": ""}, follow=True)
    assert "No new or unroutable leads are waiting." in response.content.decode()
    analyst = (
        login(Client(), leads_world.analyst).get(reverse("console:routing_runs")).content.decode()
    )
    assert "Start a run" not in analyst  # analysts see runs; only those who route leads start them


def test_the_api_starts_a_run_and_reports_it(leads_world: World) -> None:
    set_mode(DistributionMode.AUTO)
    _stranded(leads_world, 2)
    _serve_austria(leads_world)
    api = ApiClient(leads_world.cm)
    assert api.post("/api/v1/routing-runs", {"program": 999999}).status_code == 422
    started = api.post("/api/v1/routing-runs", {"program": leads_world.program.pk})
    assert started.status_code == 202
    body = api.get(f"/api/v1/routing-runs/{started.json()['id']}").json()
    assert (body["status"], body["routed"], body["assigned"], body["program_id"]) == (
        "done",
        2,
        2,
        leads_world.program.pk,
    )
    again = api.post("/api/v1/routing-runs", {})
    assert again.status_code == 409 and "No new or unroutable" in again.json()["detail"]
