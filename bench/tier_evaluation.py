"""Tier evaluation of 10,000 partners with a year of deals and certifications.

    uv run python -m bench.tier_evaluation
    uv run python scripts/throwaway_postgres.py -- uv run python -m bench.tier_evaluation

Measured: ``lifecycle.services.tier_evaluate`` end to end for one program: the figures of
every partner (won revenue sourced and influenced over twelve months in four currencies
converted to US dollars, won and registered deals, co-selling, certified people,
specializations, satisfaction scores), one numpy pass deciding each partner's tier, and the
writes (tier moves with their audit events, the history, every partner's standing with its
figures). Target: under 10 s. Run twice: the first evaluation moves many partners, the next
one (a quarter later) few.
Baseline in the same process: the naive way, a handful of queries per partner for its figures
(the exchange rates read once), on 300 partners and extrapolated to 10,000.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from decimal import Decimal

PARTNERS, DEALS, AWARDS, PEOPLE, SAMPLE = 10_000, 240_000, 60_000, 40_000, 300
CURRENCIES = ("USD", "EUR", "GBP", "JPY")


def _seed(rng: random.Random) -> int:
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from trellis.accounts.models import User
    from trellis.core.actor import SYSTEM
    from trellis.customers.models import CustomerAccount
    from trellis.deals.models import DealCoSeller, DealRegistration
    from trellis.learning.models import Certification, CertificationAward
    from trellis.learning.services.authoring import course_create
    from trellis.lifecycle.models import PartnerMeasure
    from trellis.partners.models import Partner, Program, ProgramEnrollment, Tier, TierRequirement

    program = Program.objects.create(slug="reseller", name="Reseller")
    ladder: list[tuple[str, dict[str, float]]] = [
        ("Registered", {}),
        ("Silver", {"annual_revenue": 250_000, "certifications": 2}),
        ("Gold", {"annual_revenue": 1_000_000, "certifications": 5, "registered_deals": 12}),
        (
            "Platinum",
            {"annual_revenue": 4_000_000, "certifications": 10, "won_deals": 40, "csat": 4.2},
        ),
    ]
    tiers = []
    for rank, (name, asks) in enumerate(ladder, 1):
        tier = Tier.objects.create(program=program, name=name, rank=rank)
        TierRequirement.objects.bulk_create(
            TierRequirement(tier=tier, metric=m, threshold=Decimal(v)) for m, v in asks.items()
        )
        tiers.append(tier)
    Partner.objects.bulk_create(
        (Partner(name=f"Partner {i:05d}", country="DE", status="active") for i in range(PARTNERS)),
        batch_size=5000,
    )
    ids = list(Partner.objects.values_list("pk", flat=True))
    ProgramEnrollment.objects.bulk_create(
        (ProgramEnrollment(partner_id=p, program=program, tier=rng.choice(tiers)) for p in ids),
        batch_size=5000,
    )
    CustomerAccount.objects.bulk_create(
        (
            CustomerAccount(
                name=f"Customer {p}",
                name_normalized=f"customer {p}",
                country="DE",
                owner_partner_id=p,
            )
            for p in ids
        ),
        batch_size=5000,
    )
    customer_of = dict(CustomerAccount.objects.values_list("owner_partner_id", "pk"))
    now = timezone.now()
    # Partners differ a lot in size: a few sell most (a long tail, as in real channels).
    weights = [rng.paretovariate(1.2) for _ in ids]
    sellers = rng.choices(ids, weights=weights, k=DEALS)
    deals = []
    for n, p in enumerate(sellers):
        closed = now - dt.timedelta(days=rng.uniform(0, 420))
        currency = CURRENCIES[n % 4]
        amount = Decimal(round(rng.lognormvariate(10.3, 0.9) * (150 if currency == "JPY" else 1)))
        deals.append(
            DealRegistration(
                partner_id=p,
                program=program,
                customer_id=customer_of[p],
                customer_name="c",
                customer_country="DE",
                amount=amount,
                currency=currency,
                expected_close=closed.date(),
                deal_type="new",
                sourced=rng.random() < 0.8,
                status="won" if rng.random() < 0.7 else "lost",
                closed_at=closed,
            )
        )
    DealRegistration.objects.bulk_create(deals, batch_size=5000)
    deal_ids = list(DealRegistration.objects.values_list("pk", "partner_id")[: DEALS // 20])
    DealCoSeller.objects.bulk_create(
        (
            DealCoSeller(deal_id=d, partner_id=rng.choice(ids), status="accepted", answered_at=now)
            for d, owner in deal_ids
        ),
        batch_size=5000,
        ignore_conflicts=True,
    )
    password = make_password("bench")
    User.objects.bulk_create(
        (
            User(email=f"p{i}@bench.example", partner_id=ids[i % PARTNERS], password=password)
            for i in range(PEOPLE)
        ),
        batch_size=5000,
    )
    people = list(User.objects.filter(partner__isnull=False).values_list("pk", "partner_id"))
    exam = course_create(actor=SYSTEM, code="exam", title="Exam")
    cert = Certification.objects.create(code="cert", name="Cert", exam=exam)
    awards = []
    for n in range(AWARDS):
        user_id, partner_id = rng.choice(people)
        earned = now - dt.timedelta(days=rng.randint(0, 900))
        awards.append(
            CertificationAward(
                partner_id=partner_id,
                user_id=user_id,
                certification=cert,
                holder_name="x",
                code=f"B{n:011d}",
                earned_at=earned,
                expires_at=earned + dt.timedelta(days=730),
            )
        )
    CertificationAward.objects.bulk_create(awards, batch_size=5000)
    PartnerMeasure.objects.bulk_create(
        (
            PartnerMeasure(
                partner_id=p,
                kind="csat",
                period_end=(now - dt.timedelta(days=30)).date(),
                value=Decimal(str(round(rng.uniform(3, 5), 1))),
            )
            for p in ids
            if rng.random() < 0.3
        ),
        batch_size=5000,
    )
    return program.pk


def _naive(program_id: int, partner_ids: list[int]) -> float:
    """A handful of queries per partner for its figures, then its tier."""
    from django.db.models import Count, Q, Sum
    from django.utils import timezone

    from trellis.core.rates import current_rates
    from trellis.deals.models import DealRegistration
    from trellis.learning.models import CertificationAward
    from trellis.partners.models import Tier

    now = timezone.now()
    since = now - dt.timedelta(days=365)
    tiers = list(Tier.objects.filter(program_id=program_id).prefetch_related("requirements"))
    started = time.perf_counter()
    per_unit = {c: r for c, r, _since in current_rates()} | {"USD": Decimal(1)}
    for p in partner_ids:
        won = DealRegistration.objects.filter(
            partner_id=p, status="won", closed_at__gte=since, closed_at__lt=now
        )
        revenue = 0.0
        for currency, total in (
            won.filter(sourced=True).values_list("currency").annotate(t=Sum("amount"))
        ):
            revenue += float(total * per_unit[currency])
        counts = won.aggregate(n=Count("pk"))
        registered = DealRegistration.objects.filter(partner_id=p, created_at__gte=since).count()
        certified = CertificationAward.objects.filter(
            Q(partner_id=p), revoked_at__isnull=True, expires_at__gt=now
        ).aggregate(n=Count("user_id", distinct=True))
        figures = {
            "annual_revenue": revenue,
            "won_deals": counts["n"],
            "registered_deals": registered,
            "certifications": certified["n"],
        }
        for tier in tiers:
            all(figures.get(r.metric, 0) >= r.threshold for r in tier.requirements.all())
    return time.perf_counter() - started


def main() -> None:
    from bench.database import migrated_database

    vendor = migrated_database("tiers")
    from django.db.models import Count
    from django.utils import timezone

    from bench.machine import pace_line
    from trellis.core.actor import SYSTEM
    from trellis.lifecycle.models import TierChange, TierStanding
    from trellis.lifecycle.services import tier_evaluate
    from trellis.partners.models import Partner

    started = time.perf_counter()
    program_id = _seed(random.Random(5))
    print(
        f"seeded {PARTNERS:,} partners, {DEALS:,} deals, {AWARDS:,} certifications "
        f"in {time.perf_counter() - started:.1f} s"
    )
    now = timezone.now()
    timings, runs = [], []
    for quarter in range(3):
        started = time.perf_counter()
        runs.append(
            tier_evaluate(actor=SYSTEM, program_id=program_id, at=now + dt.timedelta(days=quarter))
        )
        timings.append(time.perf_counter() - started)
    from trellis.lifecycle.selectors import tier_status

    busiest = (
        Partner.objects.annotate(n=Count("deals")).order_by("-n").values_list("pk", flat=True)[0]
    )
    reads = []
    for _ in range(5):
        started = time.perf_counter()
        tier_status(actor=SYSTEM, partner_id=busiest)
        reads.append(time.perf_counter() - started)
    sample = list(Partner.objects.values_list("pk", flat=True)[:SAMPLE])
    naive = _naive(program_id, sample) * PARTNERS / SAMPLE
    first, later = runs[0], runs[-1]
    print(
        f"{vendor}: {first.evaluated:,} partners evaluated: first run {timings[0]:.2f} s "
        f"({first.upgraded:,} up, {first.warned:,} warned), later runs {timings[1]:.2f} s and "
        f"{timings[2]:.2f} s ({later.upgraded} up, {later.warned} warned); "
        f"{TierStanding.objects.count():,} standings, {TierChange.objects.count():,} changes; "
        f"naive per-partner queries (extrapolated from {SAMPLE}) {naive:.1f} s "
        f"({naive / max(timings):.0f}x slower than the slowest run); one partner's tier status "
        f"(the busiest, as the portal reads it) median {sorted(reads)[2] * 1000:.0f} ms"
    )
    print(pace_line())


if __name__ == "__main__":
    main()
