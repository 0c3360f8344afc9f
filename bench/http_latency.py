"""Directory and API latency over HTTP against the production server setup (gunicorn).

    uv run python -m bench.http_latency                      # SQLite file
    uv run python scripts/throwaway_postgres.py -- uv run python -m bench.http_latency   #
    PostgreSQL

Seeds the issue's scale (10,000 partners, 50,000 users, 200,000 customer
accounts) unless the database already has partners, starts gunicorn with the
production settings, and times sequential requests (keep-alive) for the
console partner directory with search and filters and for GET
/api/v1/partners with filters. Baseline in the same run: the sign-in page,
which touches no partner data (the framework and server floor).
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import secrets
import statistics
import tempfile
import time
import urllib.parse
from pathlib import Path

from bench.server import gunicorn


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def _prepare(partners: int) -> tuple[str, str, list[str], list[str]]:
    """Seed if needed; return (session cookie, API token, search terms, country codes)."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    from trellis.accounts.models import User
    from trellis.accounts.services import token_create_for_email
    from trellis.demo.generator import ADMIN_EMAIL, EcosystemGenerator
    from trellis.partners.models import Partner

    if not Partner.objects.exists():
        started = time.perf_counter()
        EcosystemGenerator(partners=partners, seed=7, customers=partners * 20, leads=0).run()
        print(f"seeded {partners} partners in {time.perf_counter() - started:.1f} s")
    admin = User.objects.get(email=ADMIN_EMAIL)
    session = SessionStore()
    session[SESSION_KEY] = str(admin.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = admin.get_session_auth_hash()
    session.create()
    token = token_create_for_email(email=ADMIN_EMAIL, name="benchmark").raw
    rng = random.Random(3)
    names = list(Partner.objects.values_list("name", flat=True)[:2000])
    terms = [rng.choice(names).split()[0][:6].lower() for _ in range(50)]
    countries = sorted(set(Partner.objects.values_list("country", flat=True)))
    return session.session_key or "", token, terms, countries


def _time(conn: http.client.HTTPConnection, path: str, headers: dict[str, str]) -> float:
    started = time.perf_counter()
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    body = response.read()
    took = time.perf_counter() - started
    if response.status != 200:
        raise SystemExit(f"{path} answered {response.status}: {body[:300]!r}")
    return took * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--partners", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    if not os.environ.get("DATABASE_URL"):
        db = Path(tempfile.gettempdir()) / f"trellis-bench-http-{args.partners}.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings.prod",
        SECRET_KEY=os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
    )
    session_key, token, terms, countries = _prepare(args.partners)
    engine = os.environ["DATABASE_URL"].split(":", 1)[0]

    with gunicorn(workers=args.workers) as port:
        # The session cookie is Secure in production; a plain-HTTP client sends it anyway.
        browser = {"Cookie": f"sessionid={session_key}", "X-Forwarded-Proto": "https"}
        api = {"Authorization": f"Bearer {token}", "X-Forwarded-Proto": "https"}
        rng = random.Random(11)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for _ in range(20):  # warm up both workers
            _time(conn, "/console/partners/", browser)
            _time(conn, "/api/v1/partners", api)

        def directory_path() -> str:
            q = urllib.parse.quote(rng.choice(terms))
            extra = rng.choice(
                [
                    "",
                    "&status=active",
                    f"&country={rng.choice(countries)}",
                    "&type=msp&sort=-created",
                ]
            )
            return f"/console/partners/?q={q}{extra}"

        def api_path() -> str:
            extra = rng.choice(
                ["", "&status=active", f"&country={rng.choice(countries)}", "&type=reseller"]
            )
            return f"/api/v1/partners?limit=50&q={urllib.parse.quote(rng.choice(terms))}{extra}"

        results = {
            "console directory (search + filter)": [
                _time(conn, directory_path(), browser) for _ in range(args.requests)
            ],
            "GET /api/v1/partners (search + filter)": [
                _time(conn, api_path(), api) for _ in range(args.requests)
            ],
            "baseline: sign-in page (no partner data)": [
                _time(conn, "/accounts/login/", {"X-Forwarded-Proto": "https"})
                for _ in range(args.requests)
            ],
        }

    print(
        f"database: {engine}, {args.partners} partners, gunicorn {args.workers} workers, "
        f"{args.requests} requests each"
    )
    for name, values in results.items():
        print(
            f"{name:<44} p50 {statistics.median(values):6.1f} ms   p95 "
            f"{_percentile(values, 95):6.1f} ms"
            f"   max {max(values):6.1f} ms"
        )


if __name__ == "__main__":
    main()
