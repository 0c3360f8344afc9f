"""Writing a routing run's decisions: each chunk of leads in one transaction, a few statements
per table (``core.bulk``), on PostgreSQL by other connections while the next chunk is decided."""

from __future__ import annotations

import queue
import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from trellis.core import bulk, events
from trellis.core.actor import Actor
from trellis.core.events import EventRow

from ..choices import LeadStatus
from ..models import Lead, LeadOffer, RoutingDecision, RoutingRun

Row = TypeVar("Row", bound=tuple[Any, ...])  # a chunk's rows of one table, id first

WRITERS = 2  # connections writing chunks on PostgreSQL
ROUTABLE = (LeadStatus.NEW, LeadStatus.UNROUTABLE)  # nobody holds these: a run may move them

LEAD_FIELDS = (
    "status",
    "partner",
    "assigned_at",
    "followup_due_at",
    "reminded_at",
    "unroutable_reason",
    "updated_at",
)
OFFER_FIELDS = (
    "lead",
    "partner",
    "rank",
    "status",
    "offered_at",
    "expires_at",
    "answered_at",
    "decline_reason",
    "decline_note",
)
DECISION_FIELDS = (
    "lead",
    "run",
    "made_at",
    "mode",
    "automatic",
    "chosen",
    "explanation",
    "summary",
    "override_reason",
)


@dataclass
class Chunk:
    """One chunk's writes, every row led by its lead's id (so rows of leads moved meanwhile can be
    dropped)."""

    lead_ids: list[int]
    leads: list[tuple[Any, ...]] = field(default_factory=list)
    offers: list[tuple[Any, ...]] = field(default_factory=list)
    decisions: list[tuple[Any, ...]] = field(default_factory=list)
    events: list[EventRow] = field(default_factory=list)
    # lead id -> assigned / offered / for_review / unroutable
    outcome: dict[int, str] = field(default_factory=dict)


def write_chunk(run_id: int | None, actor: Actor, chunk: Chunk) -> set[int]:
    """One chunk in one transaction, for the leads still routable and not yet decided by this run.

    Without a run (leads just taken in, ``route_leads``) there is nothing to count or resume.
    Gives the leads written.
    """
    first, last = chunk.lead_ids[0], chunk.lead_ids[-1]
    with transaction.atomic():
        locked = set(
            Lead.objects.select_for_update()
            .filter(pk__gte=first, pk__lte=last, status__in=ROUTABLE)
            .values_list("pk", flat=True)
        ).intersection(chunk.lead_ids)
        if run_id is not None:
            locked -= set(
                RoutingDecision.objects.filter(
                    run_id=run_id, lead_id__gte=first, lead_id__lte=last
                ).values_list("lead_id", flat=True)
            )

        def kept(rows: list[Row]) -> list[Row]:
            return (
                rows if len(locked) == len(chunk.lead_ids) else [r for r in rows if r[0] in locked]
            )

        bulk.update_rows(Lead, LEAD_FIELDS, kept(chunk.leads))
        bulk.insert_rows(LeadOffer, OFFER_FIELDS, kept(chunk.offers))
        bulk.insert_rows(RoutingDecision, DECISION_FIELDS, kept(chunk.decisions))
        events.record_rows(actor, "lead.routed", Lead, kept(chunk.events), at=timezone.now())
        if run_id is None:
            return locked
        counts = Counter(outcome for lead_id, outcome in chunk.outcome.items() if lead_id in locked)
        RoutingRun.objects.filter(pk=run_id).update(
            routed=F("routed") + len(locked),
            assigned=F("assigned") + counts["assigned"],
            offered=F("offered") + counts["offered"],
            for_review=F("for_review") + counts["for_review"],
            unroutable=F("unroutable") + counts["unroutable"],
            skipped=F("skipped") + len(chunk.lead_ids) - len(locked),
        )
    return locked


class ChunkWriter:
    """Writes chunks on other connections while the next chunks are decided, or here and now.

    Other connections are used on PostgreSQL outside a transaction, so the
    database works on one core while Python routes on the other; inside one (a
    caller's, or a test's) their rows would not be visible to another connection.
    Chunks hold different leads, so two writers may commit them in either order
    (the run's counts add up either way, and a redelivered run finds its
    decisions whichever chunks committed). On SQLite the library's work mostly
    holds Python's lock: a writer thread measured no faster there.
    """

    def __init__(self, run_id: int, actor: Actor) -> None:
        self.run_id, self.actor = run_id, actor
        self.error: Exception | None = None
        self.overlap = connection.vendor == "postgresql" and not connection.in_atomic_block
        self.queue: queue.Queue[Chunk | None] = queue.Queue(maxsize=2)
        self.threads: list[threading.Thread] = []
        if self.overlap:
            for n in range(WRITERS):
                thread = threading.Thread(
                    target=self._drain, name=f"routing-run-{run_id}-{n}", daemon=True
                )
                thread.start()
                self.threads.append(thread)

    def put(self, chunk: Chunk) -> None:
        if self.error is not None:
            raise self.error
        if not self.threads:
            write_chunk(self.run_id, self.actor, chunk)
        else:
            self.queue.put(chunk)

    def close(self) -> None:
        for _thread in self.threads:
            self.queue.put(None)
        for thread in self.threads:
            thread.join()
        if self.error is not None:
            raise self.error

    def _drain(self) -> None:
        from django.db import connection as own  # this thread's connection

        try:
            while (chunk := self.queue.get()) is not None:
                if (
                    self.error is None
                ):  # after a failure, keep taking chunks so the router is never blocked
                    try:
                        write_chunk(self.run_id, self.actor, chunk)
                    except Exception as exc:  # noqa: BLE001  (handed to the routing thread, which raises it)
                        self.error = exc
        finally:
            own.close()
