"""Seeding benchmark: time `trellis seed` for the issue's scale on a fresh SQLite file.

    uv run python -m bench.seed [--partners 10000] [--users-per-partner 5] [--customers 200000]

Baseline in the same run: the naive way (one ORM save() per customer
account) for a 5,000-row sample, extrapolated to the same row count.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--partners", type=int, default=10_000)
    parser.add_argument("--users-per-partner", type=float, default=5.0)
    parser.add_argument("--customers", type=int, default=200_000)
    args = parser.parse_args()

    db = Path(tempfile.mkdtemp(prefix="trellis-bench-")) / "bench.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from trellis.accounts.models import User
    from trellis.customers.engine.names import normalize_company_name
    from trellis.customers.models import CustomerAccount
    from trellis.demo.generator import EcosystemGenerator
    from trellis.partners.models import Partner

    started = time.perf_counter()
    report = EcosystemGenerator(
        partners=args.partners,
        seed=7,
        users_per_partner=args.users_per_partner,
        customers=args.customers,
        leads=0,  # leads are seeded and measured by bench/lead_routing.py
    ).run()
    took = time.perf_counter() - started
    print(
        f"bulk seed: {report.partners} partners, {report.users} users, {report.customers} "
        f"customers in {took:.1f} s"
    )
    assert (
        Partner.objects.count() == report.partners
        and User.objects.filter(partner__isnull=False).count() == report.users
    )

    sample = 5_000
    started = time.perf_counter()
    for i in range(sample):
        name = f"Naive Customer {i} GmbH"
        CustomerAccount(
            name=name, name_normalized=normalize_company_name(name), country="DE"
        ).save()
    naive = time.perf_counter() - started
    per_row = naive / sample
    print(
        f"baseline (one save() per row, autocommit): {per_row * 1e3:.2f} ms/row -> "
        f"{per_row * args.customers:.0f} s for {args.customers} customer accounts alone"
    )
    print(f"database: {db} ({db.stat().st_size / 1e6:.0f} MB)")


if __name__ == "__main__":
    main()
