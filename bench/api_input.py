"""What the API's input rules cost on its largest body: 200,000 accounts for PUT /account-list.

    uv run python -m bench.api_input [--accounts 200000]

The body is JSON as an integration sends it (about 23 MB for 200,000 accounts of typical
length, under the operation's 64 MiB limit). Timed in the same process:
  - the product: ``json.loads`` and ``AccountListIn`` (every string checked for NUL, lone
    surrogates and control characters, one line where a field is a name, lengths, the
    object-only rule);
  - the baseline: the same fields as a plain pydantic model with the same lengths and
    enums, and none of the text rules.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from typing import Literal

import django
from pydantic import BaseModel, Field

from bench.machine import pace_line


class PlainAccount(BaseModel):
    name: str = Field(min_length=1, max_length=250)
    domain: str = Field(default="", max_length=253)
    country: str = Field(min_length=2, max_length=2)
    status: Literal["customer", "prospect", "opportunity"]


class PlainList(BaseModel):
    accounts: list[PlainAccount] = Field(max_length=200_000)


def _body(n: int) -> bytes:
    statuses = ("customer", "prospect", "opportunity")
    accounts = [
        {
            "name": f"Acme Industrial Holdings {i}",
            "domain": f"acme{i}.example",
            "country": ("DE", "FR", "US", "JP")[i % 4],
            "status": statuses[i % 3],
        }
        for i in range(n)
    ]
    return json.dumps({"accounts": accounts}).encode()


def _best(fn: object, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--accounts", type=int, default=200_000)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    django.setup()
    from trellis.cosell.api.mapping import AccountListIn

    raw = _body(args.accounts)
    print(pace_line())
    print(f"body: {args.accounts:,} accounts, {len(raw) / 1e6:.1f} MB of JSON")
    parse = _best(lambda: json.loads(raw))
    product = _best(lambda: AccountListIn.model_validate(json.loads(raw)))
    baseline = _best(lambda: PlainList.model_validate(json.loads(raw)))
    print(f"json.loads alone:                         {parse:.2f} s")
    print(f"product (AccountListIn, text rules):      {product:.2f} s")
    print(f"baseline (plain pydantic, same fields):   {baseline:.2f} s")
    print(f"the text rules cost {product - baseline:.2f} s ({product / baseline:.1f}x)")


if __name__ == "__main__":
    main()
