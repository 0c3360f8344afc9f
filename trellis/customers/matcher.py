"""The process-wide company index over customer accounts, kept fresh incrementally.

Each web or worker process holds one index. Before every lookup it reads the
accounts created since its last look (a primary-key range scan, usually
empty), so an account created by any process is matchable on the next request
without a rebuild. Accounts are created under the resolution lock, which hands
out ids in commit order, so a refresh made while holding that lock misses
none. Changed accounts (and ids committed out of order by writers outside the
lock) are caught by a sweep over recently updated rows, at most once a second.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from typing import Any

from .engine.matching import CompanyIndex, CompanyRecord, Match
from .models import CustomerAccount

# Transactions commit after they stamp updated_at; the sweep re-reads this much
# of the past to catch a row that committed late. Rows already indexed are skipped.
_OVERLAP = dt.timedelta(seconds=2)
_SWEEP_EVERY = 1.0  # seconds between sweeps for changed accounts
_FIELDS = ("pk", "name", "domain", "country", "city", "updated_at")
_lock = threading.Lock()
_state: dict[str, Any] = {}


def _clear() -> None:
    # version counts every account added or changed: a caller compares it to know
    # whether the index moved since its own lookup (other threads share the index).
    _state.update(
        index=None, max_pk=0, seen_until=None, swept_at=0.0, refreshed_at=0.0, recent={}, version=0
    )


_clear()


def _take(rows: Any) -> int:
    """Add rows not yet indexed in this version; the number added."""
    index: CompanyIndex = _state["index"]
    recent: dict[int, dt.datetime] = _state["recent"]
    added = 0
    for pk, name, domain, country, city, updated_at in rows:
        if recent.get(pk) == updated_at:
            continue
        index.add(CompanyRecord(str(pk), name, domain, country, city))
        recent[pk] = updated_at
        added += 1
        _state["version"] += 1
        _state["max_pk"] = max(_state["max_pk"], pk)
        if _state["seen_until"] is None or updated_at > _state["seen_until"]:
            _state["seen_until"] = updated_at
    return added


def _refresh() -> int:
    _state["refreshed_at"] = time.monotonic()
    if _state["index"] is None:
        _state["index"] = CompanyIndex()
        _state["swept_at"] = time.monotonic()
        _take(CustomerAccount.objects.values_list(*_FIELDS).iterator(chunk_size=5000))
        return int(_state["version"])
    _take(CustomerAccount.objects.filter(pk__gt=_state["max_pk"]).values_list(*_FIELDS))
    now = time.monotonic()
    if now - _state["swept_at"] >= _SWEEP_EVERY and _state["seen_until"] is not None:
        since = _state["seen_until"] - _OVERLAP
        _state["swept_at"] = now
        _take(CustomerAccount.objects.filter(updated_at__gte=since).values_list(*_FIELDS))
        cutoff = _state["seen_until"] - _OVERLAP
        _state["recent"] = {pk: at for pk, at in _state["recent"].items() if at >= cutoff}
    return int(_state["version"])


def refresh() -> int:
    """Bring the index up to date; its version (grows whenever an account is added or changed)."""
    with _lock:
        return _refresh()


def search(
    *,
    name: str,
    domain: str,
    country: str,
    city: str,
    limit: int = 5,
    min_score: float = 0.5,
    fresh_within: float = 0.0,
) -> tuple[list[Match], int]:
    """Matches, and the index version they were found at.

    The index is refreshed first unless it was refreshed less than
    ``fresh_within`` seconds ago: a caller that re-checks under the resolution
    lock before creating an account can accept a slightly older view.
    Matching holds the process lock too, so another thread's refresh never
    changes the index under a lookup.
    """
    with _lock:
        if _state["index"] is None or time.monotonic() - _state["refreshed_at"] >= fresh_within:
            _refresh()
        version = int(_state["version"])
        index: CompanyIndex = _state["index"]
        found = index.match(
            CompanyRecord("", name, domain, country, city), limit=limit, min_score=min_score
        )
        return found, version


def find_companies(
    *, name: str, domain: str, country: str, city: str, limit: int = 5, min_score: float = 0.5
) -> list[Match]:
    found, _version = search(
        name=name, domain=domain, country=country, city=city, limit=limit, min_score=min_score
    )
    return found


def reset() -> None:
    """Forget the index (tests, and after bulk imports that rewrite many accounts)."""
    with _lock:
        _clear()
