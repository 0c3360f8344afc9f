"""A database for a benchmark: the one DATABASE_URL names (PostgreSQL through
scripts/throwaway_postgres.py), else a new SQLite file; Django set up and migrated."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def migrated_database(name: str) -> str:
    """Set Django up on the benchmark's database and migrate it; returns the vendor's name."""
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(tempfile.mkdtemp()) / f'{name}.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return os.environ["DATABASE_URL"].split(":")[0]
