"""Certification density and expiry evaluation at the design size: 10,000 partners and 100,000
partner people holding 150,000 certifications (a fifth expired, some expiring soon).

    uv run python -m bench.learning_coverage
    uv run python scripts/throwaway_postgres.py -- uv run python -m bench.learning_coverage

Measured: ``learning.selectors.certification_density`` end to end (the database reads, then
one numpy pass deciding for every award whether it is valid, expiring or expired, and counting
certified people per partner, specialization, tier and region). Baseline in the same process:
the naive way, one query per partner for its certified and expiring people.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import tempfile
import time
from pathlib import Path

PARTNERS, PEOPLE, AWARDS = 10_000, 100_000, 150_000


def _seed(rng: random.Random) -> None:
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from trellis.accounts.models import User
    from trellis.core.actor import SYSTEM
    from trellis.learning.models import Certification, CertificationAward
    from trellis.learning.services.authoring import course_create
    from trellis.partners.models import (
        Partner,
        PartnerRegion,
        Program,
        ProgramEnrollment,
        Specialization,
        Tier,
    )

    program = Program.objects.create(slug="reseller", name="Reseller")
    tiers = [
        Tier.objects.create(program=program, name=n, rank=r)
        for r, n in enumerate(("Registered", "Silver", "Gold", "Platinum"), 1)
    ]
    specs = [
        Specialization.objects.create(slug=s, name=s.title())
        for s in ("security", "cloud", "data", "network")
    ]
    Partner.objects.bulk_create(
        (Partner(name=f"Partner {i:05d}", country="DE", status="active") for i in range(PARTNERS)),
        batch_size=5000,
    )
    ids = list(Partner.objects.values_list("pk", flat=True))
    ProgramEnrollment.objects.bulk_create(
        (ProgramEnrollment(partner_id=p, program=program, tier=rng.choice(tiers)) for p in ids),
        batch_size=5000,
    )
    PartnerRegion.objects.bulk_create(
        (
            PartnerRegion(partner_id=p, region=rng.choice(("na", "emea", "apac", "latam")))
            for p in ids
        ),
        batch_size=5000,
    )
    password = make_password("bench")
    User.objects.bulk_create(
        (
            User(
                email=f"p{i}@bench.example",
                full_name=f"Person {i}",
                partner_id=ids[i % PARTNERS],
                password=password,
            )
            for i in range(PEOPLE)
        ),
        batch_size=5000,
    )
    people = list(User.objects.filter(partner__isnull=False).values_list("pk", "partner_id"))
    certs = []
    for i, spec in enumerate(specs):
        exam = course_create(actor=SYSTEM, code=f"exam-{i}", title=f"Exam {i}")
        certs.append(
            Certification.objects.create(
                code=f"cert-{i}", name=f"Cert {i}", exam=exam, specialization=spec
            )
        )
    now = timezone.now()
    rows = []
    for n in range(AWARDS):
        user_id, partner_id = rng.choice(people)
        earned = now - dt.timedelta(days=rng.randint(0, 900))
        rows.append(
            CertificationAward(
                partner_id=partner_id,
                user_id=user_id,
                certification=rng.choice(certs),
                holder_name="x",
                code=f"B{n:011d}",
                earned_at=earned,
                expires_at=earned + dt.timedelta(days=730),
            )
        )
    CertificationAward.objects.bulk_create(rows, batch_size=5000)


def _naive(now: dt.datetime) -> dict[int, tuple[int, int]]:
    """One query per partner: its certified people and those whose certification expires soon."""
    from django.db.models import Count, Q

    from trellis.learning.models import CertificationAward
    from trellis.partners.models import Partner

    out = {}
    soon = now + dt.timedelta(days=60)
    for pk in Partner.objects.values_list("pk", flat=True):
        counts = CertificationAward.objects.filter(
            partner_id=pk, revoked_at__isnull=True, expires_at__gt=now
        ).aggregate(
            certified=Count("user_id", distinct=True),
            expiring=Count("user_id", distinct=True, filter=Q(expires_at__lte=soon)),
        )
        out[pk] = (counts["certified"], counts["expiring"])
    return out


def main() -> None:
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(tempfile.mkdtemp()) / 'learning.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from bench.machine import pace_line
    from trellis.core.actor import SYSTEM
    from trellis.learning.selectors import certification_density

    started = time.perf_counter()
    _seed(random.Random(7))
    took = time.perf_counter() - started
    print(f"seeded {PARTNERS:,} partners, {PEOPLE:,} people, {AWARDS:,} awards in {took:.1f} s")
    now = timezone.now()
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        density = certification_density(actor=SYSTEM, now=now)
        timings.append(time.perf_counter() - started)
    started = time.perf_counter()
    naive = _naive(now)
    baseline = time.perf_counter() - started
    ours = {c.partner_id: (c.certified, c.expiring) for c in density.partners}
    agree = all(ours.get(pk, (0, 0)) == counts for pk, counts in naive.items())
    vendor = os.environ["DATABASE_URL"].split(":")[0]
    print(
        f"{vendor}: certification density for {len(density.partners):,} partners "
        f"({density.certified:,} certified people, {density.expiring:,} expiring within 60 days): "
        f"best {min(timings):.2f} s, worst {max(timings):.2f} s of 3; "
        f"naive per-partner queries {baseline:.2f} s ({baseline / min(timings):.1f}x slower); "
        f"same counts: {agree}"
    )
    print(pace_line())


if __name__ == "__main__":
    main()
