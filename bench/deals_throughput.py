"""Registration throughput: POST /api/v1/deals against the production server setup.

    uv run python scripts/throwaway_postgres.py -- uv run python -m bench.deals_throughput
    uv run python -m bench.deals_throughput            # SQLite file, for comparison

Seeds a small ecosystem (unless the database has partners), starts gunicorn
with the production settings, and runs a load generator: several client
processes, each with keep-alive connections, posting registrations of new
customers (and every tenth one a customer someone already holds, which must
answer 409) for --seconds. Reports registrations per second, latency
percentiles, and any response that is neither 201 nor the expected 409.
Baseline in the same run: GET /api/v1/me, the cheapest authenticated call.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import multiprocessing as mp
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _prepare(partners: int) -> tuple[list[str], str]:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    from trellis.accounts.models import RoleGrant
    from trellis.accounts.services import token_create_for_email
    from trellis.catalog.models import Product
    from trellis.demo.generator import EcosystemGenerator
    from trellis.partners.models import Partner

    if not Partner.objects.exists():
        EcosystemGenerator(partners=partners, seed=11, customers=partners * 20, deals=0).run()
    grants = RoleGrant.objects.filter(
        role="partner_admin", partner__status="active", partner__enrollments__isnull=False
    )
    emails = list(grants.values_list("user__email", flat=True).distinct()[:64])
    tokens = [token_create_for_email(email=e, name="throughput").raw for e in emails]
    sku = Product.objects.filter(is_active=True).values_list("sku", flat=True).first()
    return tokens, str(sku)


def _client(
    port: int, tokens: list[str], sku: str, seconds: float, worker: int, out: mp.Queue
) -> None:  # type: ignore[type-arg]
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    close = (dt.date.today() + dt.timedelta(days=60)).isoformat()
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    n = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        n += 1
        repeat = n % 10 == 0  # every tenth: a customer this worker registered just before -> 409
        customer = f"Loadtest {worker}-{n - 5 if repeat else n} Industries"
        body = json.dumps({
            "customer": {"name": customer, "country": "DE", "city": "Berlin"},
            "products": [sku], "amount": "250000.00", "currency": "EUR", "expected_close": close,
            "deal_type": "new", "sourced": True,
        })  # fmt: skip
        token = tokens[(worker * 7 + n) % len(tokens)]
        started = time.perf_counter()
        conn.request("POST", "/api/v1/deals", body=body, headers={
            "Authorization": f"Bearer {token}", "Content-Type": "application/json", "X-Forwarded-Proto": "https"})  # fmt: skip
        response = conn.getresponse()
        response.read()
        latencies.append((time.perf_counter() - started) * 1000)
        expected = 409 if repeat else 201
        statuses[response.status] = statuses.get(response.status, 0) + 1
        if response.status != expected:
            statuses[-1] = statuses.get(-1, 0) + 1  # unexpected outcome
    out.put((latencies, statuses))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--partners", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--clients", type=int, default=6, help="load-generator client processes")
    args = parser.parse_args()

    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(tempfile.mkdtemp()) / 'throughput.sqlite3'}"
        print("database file:", os.environ["DATABASE_URL"])
    os.environ.update(DJANGO_SETTINGS_MODULE="config.settings.prod", SECRET_KEY=secrets.token_urlsafe(50),
                      ALLOWED_HOSTS="127.0.0.1", SECURE_SSL_REDIRECT="0", SECURE_HSTS_SECONDS="0",
                      TRELLIS_TASKS_SYNC="0")  # fmt: skip
    tokens, sku = _prepare(args.partners)
    engine = os.environ["DATABASE_URL"].split(":", 1)[0]
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--workers", str(args.workers), "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning", "--keep-alive", "30"],
        env=os.environ.copy(),
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.2)
        warm = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        me = []
        for i in range(200):
            t = time.perf_counter()
            warm.request(
                "GET",
                "/api/v1/me",
                headers={
                    "Authorization": f"Bearer {tokens[i % len(tokens)]}",
                    "X-Forwarded-Proto": "https",
                },
            )
            warm.getresponse().read()
            me.append((time.perf_counter() - t) * 1000)
        queue: mp.Queue = mp.Queue()  # type: ignore[type-arg]
        clients = [
            mp.Process(target=_client, args=(port, tokens, sku, args.seconds, w, queue))
            for w in range(args.clients)
        ]
        started = time.perf_counter()
        for c in clients:
            c.start()
        results = [queue.get() for _ in clients]
        elapsed = time.perf_counter() - started
        for c in clients:
            c.join()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    latencies = sorted(x for lat, _ in results for x in lat)
    statuses: dict[int, int] = {}
    for _, st in results:
        for k, v in st.items():
            statuses[k] = statuses.get(k, 0) + v
    created, refused, unexpected = statuses.get(201, 0), statuses.get(409, 0), statuses.get(-1, 0)
    total = sum(v for k, v in statuses.items() if k >= 0)
    print(
        f"database: {engine}; gunicorn {args.workers} workers; {args.clients} client processes; {elapsed:.1f} s"
    )
    print(f"requests: {total} ({total / elapsed:.0f}/s): {created} registered (201), {refused} conflicts (409), "
          f"unexpected outcomes: {unexpected}, other statuses: { {k: v for k, v in statuses.items() if k not in (201, 409, -1)} }")  # fmt: skip
    print(f"registrations accepted: {created / elapsed:.0f}/s")
    print(f"latency: p50 {statistics.median(latencies):.1f} ms, p95 {latencies[int(0.95 * (len(latencies) - 1))]:.1f} ms, "
          f"p99 {latencies[int(0.99 * (len(latencies) - 1))]:.1f} ms")  # fmt: skip
    print(f"baseline GET /api/v1/me: p50 {statistics.median(me):.1f} ms")


if __name__ == "__main__":
    main()
