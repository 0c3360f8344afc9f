"""Routing every waiting lead again in one run, after partners, capacity or rules changed.

One lead at a time (``lifecycle.route_lead``) each decision reads the pool and writes
a handful of rows: right for intake, slow for ten thousand leads after a rules
change. A run reads its leads a chunk at a time, decides a chunk with
``route_batch`` (each lead sees the assignments made before it, as one by one),
and writes the chunk's lead moves, offers, decisions (with their explanations)
and audit events in a few statements (``core.bulk``), in one transaction. On
PostgreSQL two other connections write the chunks already decided while this one
decides the next, so the database works on one core while Python routes on the other.

A lead someone else moved while its chunk was being decided is left alone
(``skipped``). A redelivered run takes up the leads it has not decided yet (a
decision names its run, and the database holds one decision per lead and run),
so every lead is routed once per run. Partners are told
afterwards, once per run each, however many leads they got.
"""

from __future__ import annotations

import datetime as dt
import functools
import time
from collections.abc import Callable
from typing import NamedTuple

from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_q.tasks import async_task

from trellis.accounts.selectors import partner_recipients, staff_recipients
from trellis.catalog.selectors import specializations_by_family
from trellis.core import events, places
from trellis.core.actor import SYSTEM, Actor, ActorKind
from trellis.core.events import EventRow
from trellis.core.exceptions import Conflict
from trellis.core.fields import dumps_json
from trellis.core.notifications import notify
from trellis.core.policies import require

from ..choices import DistributionMode, OfferStatus, RunStatus
from ..engine.batch import route_batch
from ..engine.routing import Decision, LeadFacts, PartnerPool, collector_paused
from ..models import Lead, LeadOffer, LeadProduct, RoutingDecision, RoutingRules, RoutingRun
from ..selectors import routing_pool
from . import chunk_writes
from .chunk_writes import ROUTABLE, Chunk, ChunkWriter
from .lifecycle import plan_routing, routing_rules

CHUNK = 2_000  # 1,000 measured ~10 % slower with two writers; 1,500-2,500 alike


def routing_run_request(*, actor: Actor, program_id: int | None = None) -> RoutingRun:
    """Queue a run over the new and unroutable leads (of one program, or all); one run at a time."""
    require(actor, "leads.route", None)
    waiting = Lead.objects.filter(status__in=ROUTABLE)
    if program_id is not None:
        waiting = waiting.filter(program_id=program_id)
    if not waiting.exists():
        raise Conflict(_("No new or unroutable leads are waiting."))
    try:
        with transaction.atomic():
            run = RoutingRun.objects.create(program_id=program_id, requested_by_id=actor.user_id)
            events.record(actor, "routing_run.requested", run, after={"program": program_id})
            # Outbox: the job is written with the run, so neither exists without the other.
            async_task("trellis.leads.tasks.routing_run", run.pk, task_name=f"routing-run-{run.pk}")
    except IntegrityError:
        raise Conflict(_("A routing run is already under way; wait for it to finish.")) from None
    run.refresh_from_db()
    return run


def routing_run_perform(*, run_id: int) -> RoutingRun | None:
    """The job: route the waiting leads, then tell the partners. Safe to run again (it goes on where
    it stopped)."""
    with transaction.atomic():
        run = RoutingRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.status in (RunStatus.DONE, RunStatus.FAILED):
            return run
        run.status, run.started_at = RunStatus.RUNNING, run.started_at or timezone.now()
        run.save(update_fields=["status", "started_at"])
    actor = Actor(kind=ActorKind.SYSTEM, user_id=None, label=f"routing run {run.pk}")
    started = time.perf_counter()
    try:
        programs = (
            [run.program_id]
            if run.program_id
            else sorted(
                set(Lead.objects.filter(status__in=ROUTABLE).values_list("program_id", flat=True))
            )
        )
        # The run keeps thousands of rows and explanations alive at once; none form cycles, and the
        # collector rescanning them took a third of the time spent building the rows.
        with collector_paused():
            for program_id in programs:
                _route_program(run, program_id, actor)
    except Exception as exc:
        with (
            transaction.atomic()
        ):  # what was routed before stays routed; the run says why it stopped
            RoutingRun.objects.filter(pk=run.pk).update(
                status=RunStatus.FAILED, finished_at=timezone.now(), error=str(exc)[:2000]
            )
            events.record(actor, "routing_run.failed", run, after={"error": str(exc)[:2000]})
        raise
    seconds = time.perf_counter() - started
    with transaction.atomic():
        RoutingRun.objects.filter(pk=run.pk).update(routing_seconds=F("routing_seconds") + seconds)
        run.refresh_from_db()
        events.record(
            actor,
            "routing_run.routed",
            run,
            after={
                "routed": run.routed,
                "assigned": run.assigned,
                "offered": run.offered,
                "for_review": run.for_review,
                "unroutable": run.unroutable,
                "skipped": run.skipped,
                "seconds": round(run.routing_seconds, 3),
            },
        )
    told = _tell(run)
    RoutingRun.objects.filter(pk=run.pk).update(
        status=RunStatus.DONE, finished_at=timezone.now(), partners_told=told
    )
    run.refresh_from_db()
    return run


def _route_program(run: RoutingRun, program_id: int, actor: Actor) -> None:
    rules = routing_rules(program_id)
    pool = routing_pool(program_id)
    expertise = specializations_by_family()
    # Only a run taken up again has leads it decided before: a first delivery need not look.
    resumed = RoutingDecision.objects.filter(run_id=run.pk).exists()
    writer = ChunkWriter(run.pk, actor)
    after = 0
    try:
        while True:
            chunk_leads = _next_leads(run.pk, program_id, after, resumed=resumed)
            if not chunk_leads:
                break
            after = chunk_leads[-1].pk
            writer.put(_decide(run.pk, rules, pool, chunk_leads, expertise))
    finally:
        writer.close()


def _decide(
    run_id: int | None,
    rules: RoutingRules,
    pool: PartnerPool,
    leads: list[RoutedLead],
    expertise: dict[int, frozenset[str]],
) -> Chunk:
    """Route a chunk of leads (``RoutedLead`` rows) under the program's rules, as rows to
    write."""
    # How many of each lead's ranked partners count as given it, for the leads after it.
    take = {DistributionMode.MANUAL: 0, DistributionMode.OFFER_MANY: rules.offer_count}.get(
        DistributionMode(rules.mode), 1
    )
    decisions = route_batch(
        pool,
        _facts(leads, rules, expertise),
        rules.weights(),
        limit=max(10, rules.offer_count),
        take=take,
    )
    return _writes(run_id, rules, leads, decisions)


class RoutedLead(NamedTuple):
    """What routing reads of a lead (its columns, by name)."""

    pk: int
    status: str
    customer_name: str
    country: str
    city: str
    postal_code: str
    latitude: float | None
    longitude: float | None


def _next_leads(run_id: int, program_id: int, after: int, *, resumed: bool) -> list[RoutedLead]:
    """The next chunk of the program's routable leads this run has not decided, oldest first."""
    waiting = Lead.objects.filter(program_id=program_id, status__in=ROUTABLE, pk__gt=after)
    if resumed:
        waiting = waiting.exclude(
            pk__in=RoutingDecision.objects.filter(run_id=run_id).values("lead_id")
        )
    rows = waiting.order_by("pk").values_list(*RoutedLead._fields)[:CHUNK]
    return [RoutedLead(*row) for row in rows]


def _facts(
    leads: list[RoutedLead], rules: RoutingRules, expertise: dict[int, frozenset[str]]
) -> list[LeadFacts]:
    span = {
        "lead_id__gte": leads[0].pk,
        "lead_id__lte": leads[-1].pk,
    }  # a range: a list of ids costs more to send
    families: dict[int, set[int]] = {}
    for lead_id, family_id in LeadProduct.objects.filter(**span).values_list(
        "lead_id", "family_id"
    ):
        families.setdefault(lead_id, set()).add(family_id)
    tried: dict[int, set[int]] = {}
    for lead_id, partner_id in (
        LeadOffer.objects.filter(**span)
        .exclude(status=OfferStatus.OPEN)
        .values_list("lead_id", "partner_id")
    ):
        tried.setdefault(lead_id, set()).add(partner_id)
    allowed, nobody = frozenset(rules.allowed_types), frozenset[int]()
    wanted: dict[frozenset[int], frozenset[str]] = {}
    regions: dict[str, str] = {}
    out = []
    for lead in leads:
        lead_id, country = lead.pk, lead.country
        fams = frozenset(families.get(lead_id, ()))
        if fams not in wanted:
            wanted[fams] = frozenset().union(*(expertise.get(f, frozenset()) for f in fams))
        if country not in regions:
            regions[country] = places.region_of(country)
        out.append(
            LeadFacts(
                country=country,
                city=lead.city,
                postal_code=lead.postal_code,
                region=regions[country],
                latitude=lead.latitude,
                longitude=lead.longitude,
                wanted_specializations=wanted[fams],
                allowed_types=allowed,
                exclude=frozenset(tried[lead_id]) if lead_id in tried else nobody,
            )
        )
    return out


def _writes(
    run_id: int | None, rules: RoutingRules, leads: list[RoutedLead], decisions: list[Decision]
) -> Chunk:
    """What each decision does to its lead, as rows, with the program's distribution mode
    applied."""
    now = timezone.now()
    expires = now + dt.timedelta(hours=rules.acceptance_hours)
    followup = now + dt.timedelta(days=rules.followup_days)
    chunk = Chunk([lead.pk for lead in leads])
    # Plain strings: the database driver formats them faster than the choices' enum members.
    taken, open_, mode = (
        str(OfferStatus.ACCEPTED.value),
        str(OfferStatus.OPEN.value),
        str(rules.mode),
    )
    for lead, decision in zip(leads, decisions, strict=True):
        lead_id, before, name = lead.pk, lead.status, lead.customer_name
        plan = plan_routing(decision, rules)
        status, chosen, summary, outcome = plan.status, plan.chosen, plan.summary, plan.kind
        partner_id = chosen[0] if outcome == "assigned" else None
        if outcome == "assigned":
            chunk.leads.append((lead_id, status, partner_id, now, followup, None, "", now))
            chunk.offers.append((lead_id, partner_id, 1, taken, now, now, now, "", ""))
        else:
            reason = summary if outcome == "unroutable" else ""
            chunk.leads.append((lead_id, status, None, None, None, None, reason, now))
            chunk.offers.extend(
                (lead_id, pid, rank, open_, now, expires, None, "", "")
                for rank, pid in enumerate(chosen, start=1)
            )
        chunk.outcome[lead_id] = outcome
        chunk.decisions.append(
            (
                lead_id,
                run_id,
                now,
                mode,
                True,
                chosen,
                dumps_json(decision.explanation()),
                summary,
                "",
            )
        )
        chunk.events.append(
            EventRow(
                object_id=lead_id,
                object_repr=f"Lead #{lead_id} {name}",
                partner_id=partner_id,
                before={"status": before},
                after={"status": status, "chosen": chosen},
                note=summary,
            )
        )
    return chunk


def _new_leads(n: int) -> tuple[str, str]:
    return (
        ngettext("%(n)s new lead for you", "%(n)s new leads for you", n) % {"n": n},
        _("Open My leads to accept, decline or work them."),
    )


def _tell(run: RoutingRun) -> int:
    """One notice per partner that got leads in this run, and one to the routers when leads still
    wait.

    A repeat (a redelivered job) tells nobody twice: each notice carries the run in its dedupe key.
    """
    got: dict[int, int] = {}
    for chosen in (
        RoutingDecision.objects.filter(run=run).exclude(chosen=[]).values_list("chosen", flat=True)
    ):
        for partner_id in chosen:
            got[partner_id] = got.get(partner_id, 0) + 1
    _tell_partners(
        got,
        run.for_review + run.unroutable,
        waiting_url=reverse("console:routing_run", args=[run.pk]),
        why=lambda: _(
            "The routing run left them for a person: unroutable, or waiting to be picked."
        ),
        requested_by=run.requested_by_id,
        dedupe_key=f"routing-run-{run.pk}",
    )
    return len(got)


def _tell_partners(
    got: dict[int, int],
    waiting: int,
    *,
    waiting_url: str,
    why: Callable[[], str],
    requested_by: int | None,
    dedupe_key: str,
) -> None:
    """Each partner once, however many leads it got (``got``: partner id -> leads); the routers once
    about ``waiting``."""
    url = reverse("portal:lead_list")
    for partner_id, n in sorted(got.items()):
        notify(
            partner_recipients(partner_id=partner_id, roles=("partner_admin", "partner_sales")),
            verb="lead.offered",
            partner_id=partner_id,
            url=url,
            dedupe_key=dedupe_key,
            render=functools.partial(_new_leads, n),
        )

    def still_waiting() -> tuple[str, str]:
        return (
            ngettext(
                "%(n)s lead still needs a decision", "%(n)s leads still need a decision", waiting
            )
            % {"n": waiting},
            why(),
        )

    if waiting:
        notify(
            staff_recipients(user_ids=[requested_by], roles=("channel_manager", "partner_ops")),
            verb="lead.needs_decision",
            partner_id=None,
            url=waiting_url,
            dedupe_key=dedupe_key,
            render=still_waiting,
        )


def route_leads(*, lead_ids: list[int], requested_by: int | None = None) -> None:
    """Route leads just taken in together (a CSV import): the decisions one by one would make,
    written a chunk
    at a time like a run's, and each partner told once however many it got.

    Leads someone moved meanwhile are left as they are.
    """
    actor = SYSTEM  # as when a lead is routed on intake
    got: dict[int, int] = {}
    waiting = 0
    programs: dict[int, list[int]] = {}
    for program_id, lead_id in Lead.objects.filter(
        pk__in=lead_ids, status__in=ROUTABLE
    ).values_list("program_id", "pk"):
        programs.setdefault(program_id, []).append(lead_id)
    expertise = specializations_by_family()
    with collector_paused():
        for program_id, ids in sorted(programs.items()):
            rules, pool = routing_rules(program_id), routing_pool(program_id)
            ids.sort()
            for start in range(0, len(ids), CHUNK):
                rows = (
                    Lead.objects.filter(pk__in=ids[start : start + CHUNK])
                    .order_by("pk")
                    .values_list(*RoutedLead._fields)
                )
                leads = [RoutedLead(*row) for row in rows]
                chunk = _decide(None, rules, pool, leads, expertise)
                written = chunk_writes.write_chunk(None, actor, chunk)
                for lead_id, partner_id, *_rest in chunk.offers:
                    if lead_id in written:
                        got[partner_id] = got.get(partner_id, 0) + 1
                waiting += sum(
                    1
                    for lead_id, kind in chunk.outcome.items()
                    if lead_id in written and kind in ("for_review", "unroutable")
                )
    _tell_partners(
        got,
        waiting,
        waiting_url=reverse("console:lead_queue"),
        requested_by=requested_by,
        dedupe_key="",
        why=lambda: _("The import left them for a person: unroutable, or waiting to be picked."),
    )
