"""A hundred approvals at once against one fund: none over-commits it, and how many go
through per second.

    uv run python scripts/throwaway_postgres.py -- uv run python -m bench.mdf_approvals
    uv run python -m bench.mdf_approvals            (SQLite: one writer at a time)

Measured: ``funds.services.request_approve`` (lock the request, lock the fund, append the
commitment to the ledger with the balances after it, audit, tell the partner) for 100
requests of 150.00 against a fund holding 100 × 150.00 × 2/3: 66 must be approved and 34
refused with a 409, in any order, however many approvers run at once. Then the ledger is
read back: one unbroken chain of entries, committed equal to what was approved, nothing
overdrawn.
Baseline in the same process: the same 100 approvals one after another on one connection.
"""

from __future__ import annotations

import datetime as dt
import sys
import threading
import time
from decimal import Decimal
from typing import Any

from bench.database import migrated_database

REQUESTS, AMOUNT = 100, Decimal("150.00")
ROOM = AMOUNT * (REQUESTS * 2 // 3)


def _world(tag: str) -> tuple[Any, list[Any], list[Any]]:
    """A program, a partner at an MDF tier, a fund with room for two thirds of the requests,
    and the requests; returns (fund, approvers, requests)."""
    from django.utils import timezone

    from trellis.accounts.actors import actor_for_user
    from trellis.accounts.models import RoleGrant, User
    from trellis.funds.services import (
        FundInput,
        RequestInput,
        fund_allocate,
        fund_create,
        request_submit,
    )
    from trellis.partners.models import Partner, Program, ProgramEnrollment, Tier

    program = Program.objects.create(slug=f"bench-{tag}", name=f"Bench {tag}")
    tier = Tier.objects.create(program=program, name="Gold", rank=1, mdf_eligible=True)
    partner = Partner.objects.create(name=f"Bench partner {tag}", country="DE", status="active")
    ProgramEnrollment.objects.create(partner=partner, program=program, tier=tier)
    people = []
    for i, role in enumerate(("admin", "marketing", "partner_admin")):
        user = User.objects.create_user(
            f"{role}-{tag}-{i}@bench.example",
            "x",
            partner=partner if role == "partner_admin" else None,
        )
        RoleGrant.objects.create(
            user=user, role=role, partner=partner if role == "partner_admin" else None
        )
        people.append(actor_for_user(user))
    admin, marketing, asker = people
    starts = timezone.localdate() + dt.timedelta(days=30)
    budget = fund_create(
        actor=admin,
        data=FundInput(
            name=f"Budget {tag}",
            currency="EUR",
            amount=ROOM * 2,
            period=f"FY{starts.year}",
            program_id=program.pk,
        ),
    )
    fund = fund_allocate(actor=admin, fund=budget, amount=ROOM, partner_id=partner.pk)
    requests = [
        request_submit(
            actor=asker,
            partner=partner,
            data=RequestInput(
                activity_type="webinar",
                title=f"Webinar {i}",
                starts=starts,
                ends=starts,
                cost=AMOUNT * 2,
                requested_amount=AMOUNT,
                currency="EUR",
            ),
        )
        for i in range(REQUESTS)
    ]
    return fund, [admin, marketing], requests


def _check(fund: object, outcomes: list[str]) -> str:
    from trellis.core.actor import SYSTEM
    from trellis.funds.models import LedgerEntry
    from trellis.funds.selectors import fund_row

    approved = outcomes.count("approved")
    refused = outcomes.count("refused")
    balances = fund_row(actor=SYSTEM, fund_id=fund.pk).balances  # type: ignore[attr-defined]
    seqs = list(
        LedgerEntry.objects.filter(fund_id=fund.pk).order_by("seq").values_list("seq", flat=True)  # type: ignore[attr-defined]
    )
    ok = (
        approved == REQUESTS * 2 // 3
        and refused == REQUESTS - approved
        and balances.committed == AMOUNT * approved
        and balances.available == 0
        and seqs == list(range(1, len(seqs) + 1))
    )
    chain = "whole" if ok else "BROKEN"
    return f"{approved} approved, {refused} refused, committed {balances.committed}, chain {chain}"


def _approve(approver: object, request: object) -> str:
    from trellis.core.exceptions import Conflict
    from trellis.funds.services import request_approve

    try:
        request_approve(actor=approver, request=request)  # type: ignore[arg-type]
    except Conflict:
        return "refused"
    return "approved"


def sequential(tag: str) -> tuple[float, str]:
    fund, approvers, requests = _world(tag)
    started = time.perf_counter()
    outcomes = [_approve(approvers[i % 2], r) for i, r in enumerate(requests)]
    return time.perf_counter() - started, _check(fund, outcomes)


def parallel(tag: str, workers: int) -> tuple[float, str]:
    from django.db import connection

    fund, approvers, requests = _world(tag)
    outcomes: list[str] = [""] * len(requests)
    queue = list(enumerate(requests))
    lock = threading.Lock()
    barrier = threading.Barrier(workers)

    def work() -> None:
        barrier.wait()
        try:
            while True:
                with lock:
                    if not queue:
                        return
                    i, request = queue.pop()
                outcomes[i] = _approve(approvers[i % 2], request)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(workers)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - started, _check(fund, outcomes)


def main() -> None:
    vendor = migrated_database("mdf_approvals")
    print(f"database: {vendor}; {REQUESTS} requests of {AMOUNT} EUR, room for {ROOM} EUR")
    took, result = sequential("seq")
    print(f"baseline, one after another: {took:.2f} s ({REQUESTS / took:.0f}/s) — {result}")
    widths = (8, 100) if vendor.startswith("postgres") else (4,)
    for workers in widths:
        took, result = parallel(f"par{workers}", workers)
        print(f"{workers} approvers at once: {took:.2f} s ({REQUESTS / took:.0f}/s) — {result}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
