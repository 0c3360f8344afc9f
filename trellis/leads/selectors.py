"""Reads about leads: lists for each surface, one lead, and the facts routing decides on."""

from __future__ import annotations

import datetime as dt
import threading
import time
from dataclasses import dataclass
from typing import Any

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from trellis.catalog.selectors import family_specializations
from trellis.core import places
from trellis.core.actor import Actor
from trellis.core.exceptions import Conflict, NotFound
from trellis.partners.selectors import partner_names, routing_profiles, routing_profiles_stamp

from .choices import WORKING, LeadStatus, OfferStatus
from .engine.routing import LeadFacts, PartnerFacts, PartnerPool
from .models import Lead, LeadOffer, RoutingDecision, RoutingRun

RECENT = dt.timedelta(days=30)  # the window fairness looks back over


def _with_relations(qs: QuerySet[Lead]) -> QuerySet[Lead]:
    return qs.select_related("partner", "program").prefetch_related(
        "lines__product",
        "lines__family",
        Prefetch("offers", queryset=LeadOffer.objects.select_related("partner").order_by("rank")),
    )


@dataclass(frozen=True)
class LeadFilters:
    statuses: tuple[str, ...] = ()
    partner_id: int | None = None
    q: str = ""


def lead_list(*, actor: Actor, filters: LeadFilters | None = None) -> QuerySet[Lead]:
    filters = filters or LeadFilters()
    qs = Lead.objects.visible_to(actor)
    if filters.statuses:
        qs = qs.filter(status__in=filters.statuses)
    if filters.partner_id is not None:
        qs = qs.filter(partner_id=filters.partner_id)
    if filters.q:
        qs = qs.filter(Q(customer_name__icontains=filters.q) | Q(city__icontains=filters.q))
    return _with_relations(qs)


def lead_get(*, actor: Actor, lead_id: int) -> Lead:
    lead = _with_relations(Lead.objects.visible_to(actor)).filter(pk=lead_id).first()
    if lead is None:
        raise NotFound()
    return lead


def offered_lead(*, actor: Actor, lead_id: int) -> Lead:
    """The lead the actor's partner was offered, to answer that offer.

    When another partner accepted it first, the lead is no longer the actor's to
    see, yet the actor knew of it: say it was taken (409) rather than unknown (404).
    Anyone who was never offered it gets 404.
    """
    try:
        return lead_get(actor=actor, lead_id=lead_id)
    except NotFound:
        taken = LeadOffer.objects.filter(
            lead_id=lead_id, partner_id=actor.partner_id or 0, status=OfferStatus.WITHDRAWN
        ).exists()
        if taken:
            raise Conflict(_("Another partner accepted this lead a moment earlier.")) from None
        raise


def open_offer(*, actor: Actor, lead: Lead) -> LeadOffer | None:
    """The offer of ``lead`` waiting for the actor's partner, if any."""
    if actor.partner_id is None:
        return None
    return LeadOffer.objects.filter(
        lead=lead, partner_id=actor.partner_id, status=OfferStatus.OPEN
    ).first()


def routing_history(*, actor: Actor, lead: Lead) -> QuerySet[RoutingDecision]:
    """Every routing decision for a lead, newest first: vendor staff only (empty for partners)."""
    return RoutingDecision.objects.visible_to(actor).filter(lead=lead).select_related("made_by")


def routing_runs(*, actor: Actor) -> QuerySet[RoutingRun]:
    """Batch routing runs, newest first: vendor staff only (empty for partners)."""
    return RoutingRun.objects.visible_to(actor).select_related("program", "requested_by")


def routing_run_get(*, actor: Actor, run_id: int) -> RoutingRun:
    run = routing_runs(actor=actor).filter(pk=run_id).first()
    if run is None:
        raise NotFound()
    return run


def routable_counts(*, actor: Actor) -> dict[str, int]:
    """Leads a routing run would take: new and unroutable, by status (vendor staff only)."""
    if not actor.is_staff:
        return {}
    rows = Lead.objects.filter(status__in=[LeadStatus.NEW, LeadStatus.UNROUTABLE]).values("status")
    return {row["status"]: row["n"] for row in rows.annotate(n=Count("id"))}


def _history(program_id: int) -> dict[int, dict[str, float]]:
    """Each partner's lead record: offers answered, won and lost, load and recent assignments."""
    since = timezone.now() - RECENT
    stats: dict[int, dict[str, float]] = {}
    answered = ExpressionWrapper(F("answered_at") - F("offered_at"), output_field=DurationField())
    for row in (
        LeadOffer.objects.filter(lead__program_id=program_id)
        .values("partner_id")
        .annotate(
            offered=Count("id", filter=~Q(status__in=[OfferStatus.OPEN, OfferStatus.WITHDRAWN])),
            accepted=Count(
                "id", filter=Q(status__in=[OfferStatus.ACCEPTED, OfferStatus.PULLED_BACK])
            ),
            open=Count("id", filter=Q(status=OfferStatus.OPEN)),
            response=Avg(answered, filter=Q(answered_at__isnull=False)),
        )
    ):
        response = row["response"]
        stats[row["partner_id"]] = {
            "offered": row["offered"],
            "accepted": row["accepted"],
            "open_offers": row["open"],
            "response_hours": response.total_seconds() / 3600 if response is not None else -1.0,
        }
    for outcome in (
        Lead.objects.filter(program_id=program_id, partner__isnull=False)
        .values("partner_id")
        .annotate(
            won=Count("id", filter=Q(status=LeadStatus.WON)),
            closed=Count("id", filter=Q(status__in=[LeadStatus.WON, LeadStatus.LOST])),
            working=Count("id", filter=Q(status__in=WORKING)),
            recent=Count("id", filter=Q(assigned_at__gte=since)),
        )
    ):
        stats.setdefault(outcome["partner_id"], {}).update(
            won=outcome["won"],
            closed=outcome["closed"],
            working=outcome["working"],
            recent=outcome["recent"],
        )
    return stats


# Building the pool reads every enrolled partner and the whole lead history: at 10,000
# partners that is over a second. Each process keeps one per program and rebuilds it when
# a partner's profile or tier changes, or once a minute for the history; capacity is
# read fresh for every decision.
HISTORY_TTL = 60.0
_pools: dict[int, tuple[tuple[object, ...], float, PartnerPool]] = {}
_pools_lock = threading.Lock()


def routing_pool(program_id: int) -> PartnerPool:
    """The program's partners as the routing engine sees them, with their lead history and current
    load."""
    stamp = routing_profiles_stamp(program_id)
    now = time.monotonic()
    with _pools_lock:
        cached = _pools.get(program_id)
    if cached is not None and cached[0] == stamp and now - cached[1] < HISTORY_TTL:
        return cached[2].copy().with_load(_open_load(program_id))
    pool = _build_pool(program_id)
    with _pools_lock:
        _pools[program_id] = (stamp, now, pool)
    return pool.copy()


def forget_pools() -> None:
    """Drop the cached pools (tests, and after bulk changes made outside the services)."""
    with _pools_lock:
        _pools.clear()


def _open_load(program_id: int) -> dict[int, int]:
    """Leads each partner works or holds an open offer for, right now."""
    load: dict[int, int] = {}
    working = Lead.objects.filter(program_id=program_id, status__in=WORKING).values_list(
        "partner_id"
    )
    offered = LeadOffer.objects.filter(
        lead__program_id=program_id, status=OfferStatus.OPEN
    ).values_list("partner_id")
    for rows in (working.annotate(n=Count("id")), offered.annotate(n=Count("id"))):
        for partner_id, n in rows:
            load[partner_id] = load.get(partner_id, 0) + n
    return load


def _build_pool(program_id: int) -> PartnerPool:
    history = _history(program_id)
    facts = []
    for p in routing_profiles(program_id):
        h = history.get(p.id, {})
        response = h.get("response_hours", -1.0)
        facts.append(
            PartnerFacts(
                id=p.id,
                active=p.status == "active",
                country=p.country,
                city=p.city,
                region=p.region,
                countries_served=p.countries,
                postal_areas=p.postal_areas,
                specializations=p.specializations,
                types=p.types,
                tier_priority=p.tier_priority,
                latitude=p.latitude,
                longitude=p.longitude,
                offered=int(h.get("offered", 0)),
                accepted=int(h.get("accepted", 0)),
                closed=int(h.get("closed", 0)),
                won=int(h.get("won", 0)),
                response_hours=None if response < 0 else response,
                open_leads=int(h.get("working", 0) + h.get("open_offers", 0)),
                capacity=p.capacity,
                recent_assignments=int(h.get("recent", 0)),
            )
        )
    return PartnerPool.build(facts)


def lead_facts(lead: Lead, *, allowed_types: list[str]) -> LeadFacts:
    """The lead as routing sees it; partners who already had their chance are left out."""
    families = list({line.family_id for line in lead.lines.all()})
    tried = frozenset(
        LeadOffer.objects.filter(lead=lead)
        .exclude(status=OfferStatus.OPEN)
        .values_list("partner_id", flat=True)
    )
    return LeadFacts(
        country=lead.country,
        city=lead.city,
        postal_code=lead.postal_code,
        region=places.region_of(lead.country),
        latitude=lead.latitude,
        longitude=lead.longitude,
        wanted_specializations=family_specializations(families),
        allowed_types=frozenset(allowed_types),
        exclude=tried,
    )


@dataclass(frozen=True)
class FunnelRow:
    """How far one partner's leads got: offered, accepted, contacted, converted, won."""

    partner_id: int
    partner_name: str
    received: int
    accepted: int
    contacted: int
    converted: int
    won: int

    def rate(self, part: int, whole: int) -> float | None:
        return part / whole if whole else None

    @property
    def acceptance(self) -> float | None:
        return self.rate(self.accepted, self.received)

    @property
    def conversion(self) -> float | None:
        return self.rate(self.converted, self.accepted)

    @property
    def win_rate(self) -> float | None:
        return self.rate(self.won, self.accepted)


def lead_funnel(*, actor: Actor, since: dt.datetime | None = None) -> list[FunnelRow]:
    """Every partner that was offered leads, with how far they got (vendor staff only; busiest
    first)."""
    if not actor.is_staff:
        return []
    offers = LeadOffer.objects.all()
    leads = Lead.objects.filter(partner__isnull=False)
    if since is not None:
        offers = offers.filter(lead__received_at__gte=since)
        leads = leads.filter(received_at__gte=since)
    counts: dict[int, dict[str, int]] = {}
    for row in offers.values("partner_id").annotate(
        received=Count("id"),
        accepted=Count("id", filter=Q(status__in=[OfferStatus.ACCEPTED, OfferStatus.PULLED_BACK])),
    ):
        counts[row["partner_id"]] = {"received": row["received"], "accepted": row["accepted"]}
    reached = Q(status__in=[LeadStatus.CONTACTED, LeadStatus.CONVERTED, LeadStatus.WON]) | Q(
        activities__status=LeadStatus.CONTACTED
    )
    for outcome in leads.values("partner_id").annotate(
        contacted=Count("id", filter=reached, distinct=True),
        converted=Count("id", filter=Q(deal__isnull=False), distinct=True),
        won=Count("id", filter=Q(status=LeadStatus.WON) | Q(deal__status="won"), distinct=True),
    ):
        counts.setdefault(outcome["partner_id"], {"received": 0, "accepted": 0}).update(
            contacted=outcome["contacted"], converted=outcome["converted"], won=outcome["won"]
        )
    names = partner_names(actor=actor, ids=list(counts))
    rows = [
        FunnelRow(
            pid,
            names.get(pid, str(pid)),
            c["received"],
            c["accepted"],
            c.get("contacted", 0),
            c.get("converted", 0),
            c.get("won", 0),
        )
        for pid, c in counts.items()
    ]
    return sorted(rows, key=lambda r: (-r.received, r.partner_name))


def open_lead_families(*, actor: Actor, partner_id: int) -> dict[int, int]:
    """Product family id -> the partner's leads being worked with products of that family."""
    rows = (
        Lead.objects.visible_to(actor)
        .filter(partner_id=partner_id, status__in=WORKING)
        .values("lines__family_id")
        .annotate(n=Count("pk", distinct=True))
    )
    return {r["lines__family_id"]: r["n"] for r in rows if r["lines__family_id"] is not None}


def open_leads_of(*, partner_id: int) -> list[dict[str, Any]]:
    """Leads the partner works or was offered and has not answered, oldest first: what the
    vendor hands over when the partner leaves. ``offered`` marks a lead only offered to it."""
    offered = set(
        LeadOffer.objects.filter(partner_id=partner_id, status=OfferStatus.OPEN).values_list(
            "lead_id", flat=True
        )
    )
    rows = (
        Lead.objects.filter(Q(partner_id=partner_id, status__in=WORKING) | Q(pk__in=offered))
        .order_by("pk")
        .values("pk", "customer_name", "country", "status", "estimated_amount", "currency")
    )
    return [{**row, "offered": row["pk"] in offered} for row in rows]


def campaign_lead_counts(*, codes: list[str]) -> dict[str, int]:
    """How many leads each campaign code brought (whatever became of them)."""
    return dict(
        Lead.objects.filter(campaign_code__in=codes)
        .values_list("campaign_code")
        .annotate(n=Count("pk"))
        .values_list("campaign_code", "n")
    )
