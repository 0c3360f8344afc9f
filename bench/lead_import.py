"""A CSV lead import of 500 rows (the most a file may hold), as the console's import runs it.

    uv run python -m bench.lead_import
    uv run python scripts/throwaway_postgres.py -- uv run python -m bench.lead_import

Seeds the demo ecosystem (300 partners), then imports 500 rows of leads in
the partners' countries and cities: every row validated and taken in on its
own, then all routed together (``leads.services.imports.lead_import``). Baseline in the
same process: the same rows taken in and routed one at a time, as intake
through the API or the console does (``services.lead_receive``).
"""

from __future__ import annotations

import os
import random
import tempfile
import time
from pathlib import Path

ROWS = 500


def _csv(seed: int, tag: str) -> bytes:
    from trellis.catalog.models import Product
    from trellis.partners.models import Partner

    rng = random.Random(seed)
    places = list(Partner.objects.exclude(latitude=None).values_list("country", "city"))
    skus = list(Product.objects.filter(is_active=True).values_list("sku", flat=True))
    lines = ["customer_name,country,city,contact_name,contact_email,products"]
    for i in range(ROWS):
        country, city = rng.choice(places)
        lines.append(
            f"{tag} {i} GmbH,{country},{city},Pat "
            f"Buyer,pat{i}@{tag.lower()}{i}.example,{rng.choice(skus)}"
        )
    return ("\n".join(lines) + "\n").encode()


def main() -> None:
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(tempfile.mkdtemp()) / 'import.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from bench.machine import pace_line
    from trellis.accounts.actors import actor_for_user
    from trellis.accounts.models import User
    from trellis.core import uploads
    from trellis.demo.generator import EcosystemGenerator
    from trellis.leads import services
    from trellis.leads.services import imports

    EcosystemGenerator(partners=300, seed=7, customers=3000, deals=0, leads=0).run()
    user = User.objects.filter(role_grants__role="channel_manager", partner__isnull=True).first()
    assert user is not None
    actor = actor_for_user(user)

    baseline_rows = _csv(1, "Baseline")
    started = time.perf_counter()
    for _line, row in uploads.parse_csv(
        baseline_rows, columns=imports.COLUMNS, required=imports.REQUIRED
    ):
        services.lead_receive(actor=actor, data=imports._input(row))
    one_by_one = time.perf_counter() - started

    rows = _csv(2, "Import")
    started = time.perf_counter()
    report = imports.lead_import(actor=actor, raw=rows, dry_run=True)
    preview = time.perf_counter() - started
    started = time.perf_counter()
    report = imports.lead_import(actor=actor, raw=rows, dry_run=False)
    whole = time.perf_counter() - started
    vendor = os.environ["DATABASE_URL"].split(":")[0]
    print(
        f"\nCSV import of {ROWS} leads ({vendor}, demo ecosystem of 300 partners; "
        f"{report.taken} rows taken):"
    )
    print(f"  preview (validated, where each would go): {preview:.2f} s")
    print(
        f"  import (taken in row by row, routed together, partners told once each): {whole:.2f} s"
    )
    print(
        f"  baseline, each row taken in and routed on its own (services.lead_receive): "
        f"{one_by_one:.2f} s"
    )
    print(f"  {pace_line()}")


if __name__ == "__main__":
    main()
