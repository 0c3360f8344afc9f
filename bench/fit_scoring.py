"""Fit scoring of 10,000 prospects with explanations, as the vendor's upload runs it.

    uv run python -m bench.fit_scoring
    uv run python scripts/throwaway_postgres.py -- uv run python -m bench.fit_scoring

Measured:
- ``lifecycle.services.prospects_upload`` end to end on a 10,000-line CSV: parsing and
  checking every line, the fit score with each factor's points (profile of six factors plus a
  trusted learned model), the quick check against 3,000 existing partners (same domain or
  name) and the bulk insert. Target: under 5 s.
- the background job that then compares every prospect with every partner through the
  account matcher (renames, legal forms, typos), a thousand per job.
- the engine alone (``engine.fit.score_many``) on the same 10,000 candidates.
Baseline in the same process: scoring one company at a time the way a single application is
scored (the profile and the model read for each, one query for a partner with its domain or
name), on 300 prospects and extrapolated to 10,000.
"""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from typing import Any

PROSPECTS, PARTNERS, BASELINE_SAMPLE = 10_000, 3_000, 300
STEMS = (
    "Helix",
    "Nordic",
    "Atlas",
    "Summit",
    "Cobalt",
    "Vertex",
    "Harbor",
    "Pioneer",
    "Quantum",
    "Aurora",
    "Keystone",
    "Granite",
    "Meridian",
    "Beacon",
    "Cascade",
    "Sterling",
)
WORDS = (
    "Systems",
    "Integration",
    "Networks",
    "Cloud",
    "Data",
    "Consulting",
    "IT Services",
    "Technologies",
    "Solutions",
    "Digital",
    "Security",
    "Labs",
)
COUNTRIES = ("DE", "FR", "GB", "US", "CA", "BR", "JP", "AU", "IN", "ES", "IT", "NL", "SE", "PL")
TYPES = ("reseller", "var", "system_integrator", "msp", "isv", "referral")
INDUSTRIES = ("healthcare", "manufacturing", "financial_services", "retail", "education")
SIZES = ("1-9", "10-49", "50-249", "250-999", "1000-4999")
ESG = ("iso_14001", "anti_bribery", "code_of_conduct", "sustainability_report", "b_corp")


def _name(rng: random.Random, n: int) -> str:
    return f"{rng.choice(STEMS)} {rng.choice(WORDS)} {n}"


def _seed(rng: random.Random) -> None:
    from trellis.lifecycle.models import FitModelRun, IdealProfile
    from trellis.partners.models import Partner, Specialization

    for slug in ("security", "cloud", "data", "network"):
        Specialization.objects.create(slug=slug, name=slug.title())
    Partner.objects.bulk_create(
        (
            Partner(
                name=_name(rng, i),
                domain=f"p{i}.example",
                country=rng.choice(COUNTRIES),
                status="active",
            )
            for i in range(PARTNERS)
        ),
        batch_size=2000,
    )
    IdealProfile.objects.create(
        pk=1,
        partner_types=["system_integrator", "msp"],
        regions=["emea", "na"],
        industries=["healthcare", "manufacturing"],
        specializations=["security", "cloud"],
        sizes=["50-249", "250-999"],
        esg_wanted=["iso_14001", "sustainability_report"],
        esg_mandatory=["anti_bribery"],
    )
    FitModelRun.objects.create(
        coefficients={
            "type:system_integrator": 0.9,
            "type:msp": 0.7,
            "region:emea": 0.3,
            "specializations": 1.1,
            "size:50-249": 0.4,
        },
        intercept=-0.8,
        window_days=180,
        trained_on=900,
        tested_on=300,
        base_rate=0.4,
        auc=0.74,
        top_fifth_rate=0.7,
        trusted=True,
        reason="trusted",
    )


def _csv(rng: random.Random) -> bytes:
    lines = ["company,website,country,partner_types,industries,specializations,size,esg"]
    for i in range(PROSPECTS):
        known = i % 50 == 0  # now and then a company that already is a partner
        site = f"p{rng.randrange(PARTNERS)}.example" if known else f"prospect{i}.example"
        lines.append(
            ",".join(
                [
                    _name(rng, i),
                    site,
                    rng.choice(COUNTRIES),
                    ";".join(rng.sample(TYPES, rng.choice((1, 2)))),
                    ";".join(rng.sample(INDUSTRIES, rng.choice((0, 1, 2)))),
                    ";".join(rng.sample(("security", "cloud", "data"), rng.choice((0, 1, 2)))),
                    rng.choice(SIZES),
                    ";".join(e for e in ESG if rng.random() < 0.4),
                ]
            )
        )
    return ("\n".join(lines) + "\n").encode()


def _naive(prospects: Sequence[Any]) -> float:
    """One company at a time, as one application is scored: the profile and the model read for
    each, and one query for a partner with its domain or name."""
    from django.db.models import Q

    from trellis.lifecycle.services.applying import ApplicationInput, fit_for
    from trellis.partners.models import Partner

    started = time.perf_counter()
    for p in prospects:
        data = ApplicationInput(
            company_name=p.company_name,
            website=p.website,
            country=p.country,
            contact_name="x",
            contact_email="x@example.com",
            partner_types=p.partner_types,
            industries=p.industries,
            specializations=p.specializations,
            size=p.size,
            esg=p.esg,
        )
        fit_for(data)
        Partner.objects.filter(Q(domain=p.domain) | Q(name__iexact=data.company_name)).first()
    return time.perf_counter() - started


def main() -> None:
    from bench.database import migrated_database

    vendor = migrated_database("fit")
    from bench.machine import pace_line
    from trellis.core.actor import SYSTEM
    from trellis.lifecycle.engine.fit import score_many
    from trellis.lifecycle.models import Prospect, ProspectList
    from trellis.lifecycle.selectors import fit as fit_reads
    from trellis.lifecycle.services import prospects_upload

    rng = random.Random(11)
    _seed(rng)
    raw = _csv(rng)
    timings = []
    for n in range(3):
        started = time.perf_counter()
        kept = prospects_upload(actor=SYSTEM, name=f"bench {n}", raw=raw)
        timings.append(time.perf_counter() - started)
    from trellis.lifecycle.services.prospects import prospects_check

    started = time.perf_counter()
    while prospects_check(list_id=kept.pk):
        pass
    checking = time.perf_counter() - started
    rows = list(Prospect.objects.filter(prospect_list=kept))
    known = sum(p.partner_id_known is not None for p in rows)
    explained = sum(bool(p.fit_factors) for p in rows)
    model, _run = fit_reads.trusted_model()
    profile = fit_reads.profile_of(fit_reads.ideal_profile())
    candidates = [
        fit_reads.candidate(
            country=p.country,
            partner_types=p.partner_types,
            industries=p.industries,
            specializations=p.specializations,
            size=p.size,
            esg=p.esg,
        )
        for p in rows
    ]
    started = time.perf_counter()
    fits = score_many(candidates, profile, model)
    engine = time.perf_counter() - started
    naive = _naive(rows[:BASELINE_SAMPLE]) * PROSPECTS / BASELINE_SAMPLE
    print(
        f"{vendor}: {PROSPECTS:,} prospects uploaded, scored with reasons and checked against "
        f"{PARTNERS:,} partners: best {min(timings):.2f} s, worst {max(timings):.2f} s of 3 "
        f"({ProspectList.objects.count()} lists); {explained:,} explained, {known:,} already "
        f"partners; background comparison with every partner {checking:.1f} s; "
        f"engine alone {engine:.3f} s for {len(fits):,}; one at a time (extrapolated "
        f"from {BASELINE_SAMPLE}) {naive:.1f} s ({naive / min(timings):.0f}x slower)"
    )
    print(pace_line())


if __name__ == "__main__":
    main()
