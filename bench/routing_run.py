"""Batch routing end to end: a routing run over 10,000 waiting leads and 10,000 partners, as the
product does it.

    uv run python -m bench.routing_run [--partners 10000] [--leads 10000]
    uv run python scripts/throwaway_postgres.py -- uv run python -m bench.routing_run

Seeds the demo ecosystem (every partner enrolled in the reseller program, so
one pool holds them all), adds waiting leads (unroutable, as after a rules
change) with products and places, then performs one routing run
(``leads.services.batch.routing_run_perform``): every lead decided with ``route_batch``,
and its move, offer, decision with the full explanation, and audit event
written to the database. The figure is the run's own clock (deciding and
storing), read back from the run. Baseline, same process: the product's
one-at-a-time path (``services.lead_reroute``) on extra leads.
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from pathlib import Path


def _setup(partners: int, seed: int) -> None:
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(tempfile.mkdtemp()) / 'runs.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from trellis.demo.generator import EcosystemGenerator
    from trellis.partners.models import Partner, Program, ProgramEnrollment

    started = time.perf_counter()
    EcosystemGenerator(
        partners=partners, seed=seed, users_per_partner=1.0, customers=1000, deals=0, leads=0
    ).run()
    program = Program.objects.get(slug="reseller")
    entry = program.tiers.order_by("rank").first()
    enrolled = set(
        ProgramEnrollment.objects.filter(program=program).values_list("partner_id", flat=True)
    )
    ProgramEnrollment.objects.bulk_create(
        [
            ProgramEnrollment(partner_id=pid, program=program, tier=entry)
            for pid in Partner.objects.values_list("pk", flat=True)
            if pid not in enrolled
        ],
        batch_size=2000,
    )
    print(
        f"seeded {partners} partners (all in the reseller program) in "
        f"{time.perf_counter() - started:.0f} s"
    )


def _waiting_leads(n: int, seed: int, tag: str) -> list[int]:
    """``n`` unroutable leads in the partners' countries, near where partners are, each with one or
    two products."""
    from trellis.catalog.models import Product
    from trellis.leads.choices import LeadStatus
    from trellis.leads.models import Lead, LeadProduct
    from trellis.partners.models import Partner, Program

    rng = random.Random(seed)
    program = Program.objects.get(slug="reseller")
    places = list(
        Partner.objects.exclude(latitude=None).values_list(
            "country", "city", "latitude", "longitude"
        )
    )
    products = list(Product.objects.filter(is_active=True).values_list("pk", "family_id"))
    leads = []
    for i in range(n):
        country, city, lat, lon = rng.choice(places)
        assert lat is not None and lon is not None
        leads.append(
            Lead(
                program=program,
                customer_name=f"{tag} customer {i}",
                country=country,
                city=city,
                latitude=lat + rng.uniform(-0.5, 0.5),
                longitude=lon + rng.uniform(-0.5, 0.5),
                contact_name="Pat Buyer",
                status=LeadStatus.UNROUTABLE,
                unroutable_reason="No partner qualified (before the rules changed).",
            )
        )
    made = Lead.objects.bulk_create(leads, batch_size=2000)
    LeadProduct.objects.bulk_create(
        [
            LeadProduct(lead=lead, product_id=pid, family_id=fid)
            for lead in made
            for pid, fid in rng.sample(products, rng.randint(1, 2))
        ],
        batch_size=2000,
    )
    return [lead.pk for lead in made]


def _settle() -> None:
    """Statistics up to date and the new rows vacuumed, as a live database has them (and so no
    autovacuum wakes up in the middle of the measured run)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def _busy_seconds() -> float:
    """CPU time the whole machine spent busy (all cores), from /proc/stat."""
    with open("/proc/stat") as stat:
        ticks = [int(x) for x in stat.readline().split()[1:]]
    return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--partners", type=int, default=10_000)
    parser.add_argument("--leads", type=int, default=10_000)
    parser.add_argument(
        "--baseline", type=int, default=300, help="leads routed one at a time for the baseline"
    )
    args = parser.parse_args()
    _setup(args.partners, seed=11)
    from bench.machine import pace_line
    from trellis.core.actor import SYSTEM
    from trellis.leads import services
    from trellis.leads.models import Lead, RoutingRules, RoutingRun
    from trellis.leads.selectors import routing_pool
    from trellis.leads.services import batch
    from trellis.partners.models import Program

    program = Program.objects.get(slug="reseller")
    rules, _created = RoutingRules.objects.get_or_create(program=program)
    one_by_one = _waiting_leads(args.baseline, seed=3, tag="Baseline")
    started = time.perf_counter()
    routing_pool(program.pk)  # a live system has the pool cached; its build is reported on its own
    pool_seconds = time.perf_counter() - started

    started = time.perf_counter()
    for lead in Lead.objects.filter(pk__in=one_by_one):
        services.lead_reroute(actor=SYSTEM, lead=lead)
    baseline = args.baseline / (time.perf_counter() - started)

    _waiting_leads(args.leads, seed=5, tag="Run")
    _settle()
    run = RoutingRun.objects.create(program=program)
    pace = pace_line()  # just before the run: the VM's speed drifts
    real_tell = batch._tell
    batch._tell = lambda run: 0  # type: ignore[assignment]  # timed on its own below
    busy, python, started = _busy_seconds(), time.process_time(), time.perf_counter()
    batch.routing_run_perform(run_id=run.pk)
    wall = time.perf_counter() - started
    python, busy = time.process_time() - python, _busy_seconds() - busy
    started = time.perf_counter()
    told = real_tell(run)
    telling = time.perf_counter() - started
    batch._tell = real_tell  # type: ignore[assignment]
    run.refresh_from_db()
    vendor = os.environ["DATABASE_URL"].split(":")[0]
    print(
        f"\nrouting run over {args.partners} partners and {run.routed} waiting leads "
        f"({vendor}, mode {rules.mode}; "
        f"pool built in {pool_seconds:.1f} s beforehand, as a live system keeps it):"
    )
    print(
        f"  decided and stored (lead moved, offer, decision with its explanation, audit event): "
        f"{run.routing_seconds:.2f} s = {run.routed / run.routing_seconds:,.0f} decisions/s"
    )
    print(
        f"  outcome: {run.offered} offered, {run.assigned} assigned, {run.for_review} for review, "
        f"{run.unroutable} unroutable, {run.skipped} skipped"
    )
    per_lead = 1e6 / max(run.routed, 1)
    print(
        f"  CPU per lead over the run ({wall:.2f} s): Python (both threads) "
        f"{python * per_lead:.0f} µs, "
        f"the database and the rest of the machine {(busy - python) * per_lead:.0f} µs"
    )
    print(f"  then telling {told} partners (one notice and e-mail each): {telling:.1f} s")
    print(f"  {pace}")
    print(
        f"  baseline, the one-at-a-time path (services.lead_reroute, {args.baseline} "
        f"leads): {baseline:,.0f} decisions/s"
    )


if __name__ == "__main__":
    main()
