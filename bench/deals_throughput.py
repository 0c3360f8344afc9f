"""Registration throughput: POST /api/v1/deals against the production server setup.

    uv run python scripts/throwaway_postgres.py -- uv run python -m bench.deals_throughput
    uv run python scripts/throwaway_postgres.py --unix-socket -- uv run python -m
    bench.deals_throughput
    uv run python -m bench.deals_throughput            # SQLite file, for comparison

Seeds a small ecosystem (unless the database has partners), starts gunicorn
with the production settings, and drives it with wrk (Debian package `wrk`,
a C load generator that leaves the cores to the server): every request
registers a new customer, and every tenth one repeats a customer the same
connection registered just before, which must answer 409. Reports
registrations per second, latency percentiles, any response that is neither
201 nor 409, and the CPU time each part of the machine spent per request
(gunicorn, PostgreSQL, the load generator), read from /proc during the run.
Baseline in the same run and the same way: GET /api/v1/me, the cheapest
authenticated call (token, roles and one read).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.server import gunicorn, production_env

_LUA = r"""
local threads, counter = {}, 0
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end
function init(args)
  tokens = {}
  for line in io.lines(args[1]) do table.insert(tokens, line) end
  sku, close, run = args[2], args[3], args[4]
  n, created, refused, unexpected = 0, 0, 0, 0
end
function request()
  n = n + 1
  -- every tenth request repeats a customer this thread registered five requests ago: a 409
  local again = (n % 10 == 0)
  local k = again and (n - 5) or n
  local body = string.format('{"customer": {"name": "Loadtest %s-%d-%d Industries", '
    .. '"country": "DE", "city": "Berlin"}, "products": ["%s"], "amount": "250000.00", '
    .. '"currency": "EUR", "expected_close": "%s", "deal_type": "new", "sourced": true}',
    run, id, k, sku, close)
  local token = tokens[(n % #tokens) + 1]
  return wrk.format("POST", "/api/v1/deals", {["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json", ["X-Forwarded-Proto"] = "https"}, body)
end
function response(status, headers, body)
  if status == 201 then created = created + 1
  elseif status == 409 then refused = refused + 1
  else unexpected = unexpected + 1 end
end
function done(summary, latency, requests)
  local c, r, u = 0, 0, 0
  for _, t in ipairs(threads) do
    c = c + t:get("created"); r = r + t:get("refused"); u = u + t:get("unexpected")
  end
  io.write(string.format("RESULT %d %d %d %.3f %.1f %.1f %.1f\n", c, r, u, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
"""


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
        EcosystemGenerator(
            partners=partners, seed=11, customers=partners * 20, deals=0, leads=0
        ).run()
    from django.db import connection

    with connection.cursor() as cursor:
        # A database in service has statistics (autovacuum keeps them); a freshly loaded one
        # would plan by guesses, e.g. scan all accounts where the primary key index serves.
        cursor.execute("ANALYZE")
    grants = RoleGrant.objects.filter(
        role="partner_admin", partner__status="active", partner__enrollments__isnull=False
    )
    emails = list(grants.values_list("user__email", flat=True).distinct()[:64])
    tokens = [token_create_for_email(email=e, name="throughput").raw for e in emails]
    sku = Product.objects.filter(is_active=True).values_list("sku", flat=True).first()
    return tokens, str(sku)


def _group(cmdline: str) -> str | None:
    if "postgres" in cmdline:
        return "postgres"
    if "gunicorn" in cmdline:
        return "gunicorn"
    if cmdline.startswith("wrk"):
        return "wrk"
    return None


def _cpu_by_group() -> dict[int, tuple[str, int]]:
    """Clock ticks of CPU each process of interest has used so far."""
    found: dict[int, tuple[str, int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        group = _group(cmdline)
        if group:
            found[int(entry.name)] = (group, int(fields[11]) + int(fields[12]))
    return found


class CpuSampler:
    """CPU seconds spent by gunicorn, PostgreSQL and wrk between start() and stop()."""

    def start(self) -> None:
        self.before = _cpu_by_group()

    def stop(self) -> dict[str, float]:
        after = _cpu_by_group()
        ticks: dict[str, int] = {}
        for pid, (group, used) in after.items():
            ticks[group] = ticks.get(group, 0) + used - self.before.get(pid, (group, 0))[1]
        hz = os.sysconf("SC_CLK_TCK")
        return {group: used / hz for group, used in ticks.items()}


def _wrk(args: list[str], seconds: float, sampler: CpuSampler) -> tuple[str, dict[str, float]]:
    """Run wrk; sample CPU over the middle of the run, while every process is alive."""
    process = subprocess.Popen(args, stdout=subprocess.PIPE, text=True)
    cpu: dict[str, float] = {}

    def sample() -> None:
        time.sleep(1.0)
        sampler.start()
        time.sleep(seconds - 2.0)
        cpu.update(sampler.stop())

    sampling = threading.Thread(target=sample)
    sampling.start()
    out, _ = process.communicate()
    sampling.join()
    return out, {k: v / (seconds - 2.0) for k, v in cpu.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--partners", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--connections", type=int, default=4, help="wrk keep-alive connections")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install -y wrk")

    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(tempfile.mkdtemp()) / 'throughput.sqlite3'}"
        print("database file:", os.environ["DATABASE_URL"])
    # the baseline sends one token as fast as it can: counted, never refused
    production_env(TRELLIS_RATE_API_TOKEN="1000000000/m")
    tokens, sku = _prepare(args.partners)
    work = Path(tempfile.mkdtemp())
    (work / "tokens").write_text("\n".join(tokens) + "\n")
    (work / "register.lua").write_text(_LUA)
    engine = os.environ["DATABASE_URL"].split(":", 1)[0]
    if engine.startswith("postgres"):
        engine += " over a Unix socket" if "@%2F" in os.environ["DATABASE_URL"] else " over TCP"
    wrk = ["wrk", "-t2", f"-c{args.connections}", f"-d{int(args.seconds)}s", "--latency"]
    sampler = CpuSampler()
    with gunicorn(workers=args.workers, extra=("--keep-alive", "30")) as port:
        url = f"http://127.0.0.1:{port}"
        me_out, me_cpu = _wrk(
            [
                *wrk,
                "-H",
                f"Authorization: Bearer {tokens[0]}",
                "-H",
                "X-Forwarded-Proto: https",
                f"{url}/api/v1/me",
            ],
            args.seconds,
            sampler,
        )
        close = (dt.date.today() + dt.timedelta(days=60)).isoformat()
        run = str(secrets.randbelow(10**6))
        out, cpu = _wrk(
            [
                *wrk,
                "-s",
                str(work / "register.lua"),
                url,
                "--",
                str(work / "tokens"),
                sku,
                close,
                run,
            ],
            args.seconds,
            sampler,
        )

    result = re.search(r"RESULT (\d+) (\d+) (\d+) ([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+)", out)
    if result is None:
        sys.exit(f"wrk gave no result:\n{out}")
    created, refused, unexpected = (int(result.group(i)) for i in (1, 2, 3))
    seconds, p50, p95, p99 = (float(result.group(i)) for i in (4, 5, 6, 7))
    total = created + refused + unexpected
    me_rate = float(re.search(r"Requests/sec:\s+([\d.]+)", me_out).group(1))  # type: ignore[union-attr]
    print(
        f"database: {engine}; gunicorn {args.workers} workers; wrk {args.connections} "
        f"connections; {seconds:.1f} s"
    )
    print(
        f"requests: {total} ({total / seconds:.0f}/s): {created} registered (201), "
        f"{refused} refused as "
        f"conflicts (409), other statuses: {unexpected}"
    )
    print(f"registrations accepted: {created / seconds:.0f}/s")
    print(f"latency: p50 {p50:.1f} ms, p95 {p95:.1f} ms, p99 {p99:.1f} ms")
    per_request = {k: v * 1000 / (total / seconds) for k, v in cpu.items()}
    print(
        "CPU per request: "
        + ", ".join(f"{k} {v:.1f} ms" for k, v in sorted(per_request.items()))
        + f" (machine busy {sum(cpu.values()) / (os.cpu_count() or 1):.0%})"
    )
    me_per_request = {k: v * 1000 / me_rate for k, v in me_cpu.items()}
    print(
        f"baseline GET /api/v1/me: {me_rate:.0f}/s; CPU per request: "
        + ", ".join(f"{k} {v:.1f} ms" for k, v in sorted(me_per_request.items()))
    )
    ratio = total / seconds / me_rate
    met = ratio >= 0.2 and p99 < 100 and unexpected == 0
    print(
        f"registrations per GET /api/v1/me: {ratio:.2f} (target: at least 0.20, p99 under 100 ms, "
        f"no other status): {'met' if met else 'NOT met'}"
    )
    from bench.machine import pace_line

    print(pace_line())


if __name__ == "__main__":
    main()
