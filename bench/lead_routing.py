"""Lead routing: does it pick partners who win, and how fast does it decide?

    uv run python -m bench.lead_routing [--partners 1000] [--history 3000] [--leads 4000]
    [--speed-only]

1. Win rate. Seeds the demo ecosystem into a fresh SQLite file with a year of
   lead history (trellis/demo/leads.py: partners have hidden traits; history
   came from handing leads to random partners), builds the routing pool from
   that history exactly as the product does, then routes the same new leads
   three ways, each respecting capacity as leads pile up:
     - Trellis: hard rules + weighted score (the program's default weights);
     - grade and distance (what Odoo's partner assignment does): partners within
       a growing box around the lead (2, 4, 8 degrees, then the country), one
       picked at random weighted by grade (tier priority + 1);
     - random: any partner serving the country (how the history was made).
   Scored against the hidden truth: expected wins per lead (the partner takes
   the lead, then wins it), and win rate among leads taken.
2. Speed. Routes leads in batch over 10,000 synthetic partners, building and
   serialising every explanation, against a plain-Python loop over the same
   rules and score as the baseline; then stores explanations in bulk.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from trellis.leads.engine.routing import LeadFacts, PartnerFacts


def _setup(partners: int, history: int, seed: int) -> None:
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(tempfile.mkdtemp()) / 'routing.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from trellis.demo.generator import EcosystemGenerator
    from trellis.demo.leads import seed_leads
    from trellis.partners.models import Partner

    if not Partner.objects.exists():
        started = time.perf_counter()
        EcosystemGenerator(
            partners=partners, seed=seed, customers=partners * 10, deals=0, leads=0
        ).run()
        made = seed_leads(history=history, live=0, seed=seed)
        print(
            f"seeded {partners} partners and {made.history} leads of history in "
            f"{time.perf_counter() - started:.0f} s"
        )


def win_rate_comparison(n_leads: int, seed: int) -> None:
    from trellis.catalog.models import Product
    from trellis.core import places
    from trellis.customers.models import CustomerAccount
    from trellis.demo.leads import _km, _where, traits_of, win_probability
    from trellis.leads.engine.routing import LeadFacts, PartnerPool, Weights, eligible, route
    from trellis.leads.selectors import routing_pool
    from trellis.partners.models import Program
    from trellis.partners.selectors import routing_profiles

    program = Program.objects.get(slug="reseller")
    profiles = {p.id: p for p in routing_profiles(program.pk)}
    products = list(
        Product.objects.filter(is_active=True).prefetch_related("family__specializations")
    )
    rng = random.Random(seed + 1)
    accounts = list(CustomerAccount.objects.values_list("country", "city"))
    leads = []
    for _ in range(n_leads):
        country, city = rng.choice(accounts)
        city = city or rng.choice(places.cities_in(country) or [""])
        point = places.coordinates(country, city)
        wanted = frozenset(s.slug for s in rng.choice(products).family.specializations.all())
        leads.append(
            LeadFacts(
                country=country,
                city=city,
                region=places.region_of(country),
                wanted_specializations=wanted,
                latitude=point[0] if point else None,
                longitude=point[1] if point else None,
            )
        )

    def truth(partner_id: int, lead: LeadFacts) -> tuple[float, float]:
        traits = traits_of(partner_id, SEED)
        point = (lead.latitude, lead.longitude) if lead.latitude is not None else None
        km = _km(point, _where(profiles[partner_id]))  # type: ignore[arg-type]
        return traits.takes, win_probability(
            traits, profiles[partner_id], lead.wanted_specializations, km
        )

    def ours(pool: PartnerPool, lead: LeadFacts, pick: random.Random) -> int | None:
        best = route(pool, lead, Weights(), limit=1).best
        return best.partner_id if best else None

    def grade_and_distance(pool: PartnerPool, lead: LeadFacts, pick: random.Random) -> int | None:
        idx, _excluded = eligible(pool, lead)
        if not len(idx):
            return None
        if lead.latitude is not None and lead.longitude is not None:
            lat = np.degrees(np.arcsin(np.clip(pool.xyz[idx, 2], -1, 1)))
            lon = np.degrees(np.arctan2(pool.xyz[idx, 1], pool.xyz[idx, 0]))
            for box in (2.0, 4.0, 8.0):
                near = idx[
                    (np.abs(lat - lead.latitude) <= box) & (np.abs(lon - lead.longitude) <= box)
                ]
                if len(near):
                    idx = near
                    break
        weights = (pool.tier[idx] * 3 + 1).tolist()  # grade weight: higher tiers weigh more
        return int(pool.ids[pick.choices(idx.tolist(), weights=weights)[0]])

    def at_random(pool: PartnerPool, lead: LeadFacts, pick: random.Random) -> int | None:
        idx, _excluded = eligible(pool, lead)
        return int(pool.ids[pick.choice(idx.tolist())]) if len(idx) else None

    policies: dict[str, Callable[[PartnerPool, LeadFacts, random.Random], int | None]] = {
        "Trellis routing": ours,
        "grade and distance (Odoo-style)": grade_and_distance,
        "random (the history)": at_random,
    }
    print(
        f"\nwin rate on {n_leads} new leads, {len(profiles)} partners in the program "
        "(expected values from the hidden traits)"
    )
    print(
        f"{'policy':<34} {'routed':>7} {'taken':>7} {'won/lead':>9} "
        f"{'win rate of taken':>18} {'busiest share':>14}"
    )
    for name, policy in policies.items():
        pool = routing_pool(program.pk)  # each policy starts from the same state
        pick = random.Random(seed + 2)
        routed = taken = won = 0.0
        counts: dict[int, int] = {}
        for lead in leads:
            chosen = policy(pool, lead, pick)
            if chosen is None:
                continue
            pool.assigned(chosen)
            counts[chosen] = counts.get(chosen, 0) + 1
            takes, wins = truth(chosen, lead)
            routed += 1
            taken += takes
            won += takes * wins
        busiest = max(counts.values()) / routed if routed else 0.0
        print(
            f"{name:<34} {routed:>7.0f} {taken / n_leads:>7.1%} {won / n_leads:>9.1%} "
            f"{won / taken:>18.1%} "
            f"{busiest:>14.1%}"
        )


def _synthetic(n: int, rng: random.Random) -> list[PartnerFacts]:
    from trellis.demo.locales import LOCALES
    from trellis.leads.engine.routing import PartnerFacts

    countries = [
        c for locale in LOCALES for c, _cities in locale.countries
    ]  # the demo ecosystem's 34
    specs = [
        "security",
        "cloud",
        "data",
        "network",
        "ai",
        "msp",
        "health",
        "gov",
        "fin",
        "mfg",
        "edge",
        "devops",
    ]
    return [
        PartnerFacts(
            id=i + 1,
            active=rng.random() > 0.05,
            country=rng.choice(countries),
            city=f"city{rng.randrange(8)}",
            region="emea",
            countries_served=frozenset(rng.sample(countries, rng.randint(0, 2))),
            postal_areas={},
            specializations=frozenset(rng.sample(specs, rng.randint(0, 3))),
            types=frozenset({"reseller"}),
            tier_priority=rng.randint(0, 3),
            latitude=rng.uniform(-40, 60),
            longitude=rng.uniform(-120, 140),
            offered=(o := rng.randint(0, 40)),
            accepted=rng.randint(0, o),
            closed=(cl := rng.randint(0, 20)),
            won=rng.randint(0, cl),
            response_hours=rng.uniform(1, 72),
            open_leads=rng.randint(0, 8),
            capacity=rng.choice([5, 10, 20, 1000]),
        )
        for i in range(n)
    ]


def _plain_python_route(partners: list[PartnerFacts], lead: LeadFacts) -> int | None:
    """The baseline: the same rules and score, one partner at a time."""
    assert lead.latitude is not None and lead.longitude is not None
    lat, lon = math.radians(lead.latitude), math.radians(lead.longitude)
    best, best_score = None, -1.0
    for p in partners:
        if not p.active or (lead.country != p.country and lead.country not in p.countries_served):
            continue
        if p.open_leads >= p.capacity or p.latitude is None or p.longitude is None:
            continue
        wanted = lead.wanted_specializations
        expertise = len(wanted & p.specializations) / len(wanted) if wanted else 0.0
        plat, plon = math.radians(p.latitude), math.radians(p.longitude)
        cosine = math.sin(plat) * math.sin(lat) + math.cos(plat) * math.cos(lat) * math.cos(
            plon - lon
        )
        km = 6371 * math.acos(max(-1.0, min(1.0, cosine)))
        score = (
            3 * expertise
            + 2 * math.exp(-km / 400)
            + 1.5 * p.tier_priority / 3
            + (p.accepted + 3.5) / (p.offered + 5)
            + 2 * (p.won + 1.5) / (p.closed + 5)
            + 24 / (24 + (p.response_hours or 24))
            + (1 - p.open_leads / max(p.capacity, 1))
            + 1
        ) / 12.5
        if score > best_score:
            best, best_score = p.id, score
    return best


def speed(n_partners: int, n_leads: int, seed: int) -> None:
    from bench.machine import pace_line
    from trellis.leads.engine.batch import route_batch
    from trellis.leads.engine.routing import (
        LeadFacts,
        PartnerPool,
        Weights,
        collector_paused,
        route,
    )

    rng = random.Random(seed)
    partners = _synthetic(n_partners, rng)
    countries = sorted({p.country for p in partners})
    specs = ["security", "cloud", "data", "network", "ai", "msp"]
    leads = [
        LeadFacts(
            country=rng.choice(countries),
            latitude=rng.uniform(-40, 60),
            longitude=rng.uniform(-120, 140),
            wanted_specializations=frozenset(rng.sample(specs, 2)),
        )
        for _ in range(n_leads)
    ]
    started = time.perf_counter()
    pool = PartnerPool.build(partners)
    build = time.perf_counter() - started
    weights = Weights()

    from trellis.core.fields import dumps_json

    started = time.perf_counter()
    with collector_paused():  # as a batch job runs it: routing, explanations and encoding in one go
        decisions = route_batch(pool, leads, weights)
        routed = time.perf_counter() - started
        explanations = [d.explanation() for d in decisions]
        stored = [dumps_json(e) for e in explanations]  # what the database is sent (FastJSONField)
    batch = time.perf_counter() - started
    started = time.perf_counter()
    [json.dumps(e) for e in explanations]
    stdlib = time.perf_counter() - started

    pool = PartnerPool.build(partners)
    started = time.perf_counter()
    for lead in leads:
        decision = route(pool, lead, weights)
        if decision.best is not None:
            pool.assigned(decision.best.partner_id)
        json.dumps(decision.explanation())
    single = time.perf_counter() - started

    started = time.perf_counter()
    for lead in leads[
        :500
    ]:  # co-sell recommendations rank 50 and re-rank them (cosell.recommendations)
        ranked = route(pool, lead, weights, limit=50).ranked
        sorted(ranked, key=lambda c: -c.score)[:10]
    recommend = (time.perf_counter() - started) / 500

    sample = leads[:200]
    started = time.perf_counter()
    for lead in sample:
        _plain_python_route(partners, lead)
    plain = (time.perf_counter() - started) / len(sample) * n_leads
    size = sum(map(len, stored)) / len(stored)
    print(
        f"\nspeed over {n_partners} partners, {n_leads} leads: pool built in "
        f"{build * 1000:.0f} ms; "
        f"every decision's explanation (10 ranked with all factors, weights, exclusions) "
        f"serialised, {size:.0f} bytes"
    )
    print(
        f"  Trellis, batch (route_batch), explanations built and encoded: "
        f"{n_leads / batch:,.0f} decisions/s "
        f"({batch / n_leads * 1e6:.0f} µs each: routing {routed / n_leads * 1e6:.0f} µs, "
        f"the rest explanation "
        f"and orjson; the standard json module would add {stdlib / n_leads * 1e6:.0f} µs)"
    )
    print(f"  Trellis, one lead at a time (route): {n_leads / single:,.0f} decisions/s")
    print(
        f"  baseline, plain Python loop, best partner only, no explanation: "
        f"{n_leads / plain:,.0f} decisions/s"
    )
    print(
        f"  co-sell recommendations for one opportunity (top 50 ranked, then re-ranked): "
        f"{recommend * 1000:.2f} ms "
        "(target < 200 ms)"
    )
    print(f"  {pace_line()}")
    _store_speed(explanations)


def _store_speed(explanations: list[dict[str, object]]) -> None:
    """Storing the explanations as a routing run does (``core.bulk``: COPY / executemany), against
    Django's bulk_create.

    The whole job (leads moved, offers, audit events too, on real data) is ``bench.routing_run``.
    """
    from django.db import transaction
    from django.utils import timezone

    from trellis.core import bulk
    from trellis.core.fields import dumps_json
    from trellis.leads.models import Lead, RoutingDecision

    lead = Lead.objects.order_by("id").first()
    if lead is None:
        return
    now = timezone.now()
    started = time.perf_counter()
    with transaction.atomic():
        rows: list[tuple[object, ...]] = [
            (lead.pk, now, "auto", True, [], dumps_json(e), "", "") for e in explanations
        ]
        bulk.insert_rows(
            RoutingDecision,
            (
                "lead",
                "made_at",
                "mode",
                "automatic",
                "chosen",
                "explanation",
                "summary",
                "override_reason",
            ),
            rows,
        )
        transaction.set_rollback(True)  # measured, not kept
    fast = len(explanations) / (time.perf_counter() - started)
    started = time.perf_counter()
    with transaction.atomic():
        RoutingDecision.objects.bulk_create(
            [
                RoutingDecision(lead=lead, mode="auto", chosen=[], explanation=e)
                for e in explanations
            ],
            batch_size=1000,
        )
        transaction.set_rollback(True)
    orm = len(explanations) / (time.perf_counter() - started)
    vendor = os.environ["DATABASE_URL"].split(":")[0]
    print(
        f"  storing them ({vendor}): {fast:,.0f} decisions/s as a routing run writes them "
        f"(core.bulk), "
        f"{orm:,.0f}/s with Django bulk_create; the whole job on real data: python -m "
        f"bench.routing_run"
    )


SEED = 7


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--partners", type=int, default=1000)
    parser.add_argument("--history", type=int, default=3000)
    parser.add_argument("--leads", type=int, default=4000)
    parser.add_argument("--speed-partners", type=int, default=10_000)
    parser.add_argument("--speed-leads", type=int, default=10_000)
    parser.add_argument("--speed-only", action="store_true", help="skip the win-rate simulation")
    args = parser.parse_args()
    _setup(
        args.partners if not args.speed_only else 50,
        args.history if not args.speed_only else 50,
        SEED,
    )
    if not args.speed_only:
        win_rate_comparison(args.leads, SEED)
    speed(args.speed_partners, args.speed_leads, SEED)


if __name__ == "__main__":
    main()
