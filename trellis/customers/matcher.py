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
import itertools
import threading
import time
from typing import Any, NamedTuple

from .engine.matching import CompanyIndex, CompanyRecord, Match
from .models import CustomerAccount

# Transactions commit after they stamp updated_at; the sweep re-reads this much
# of the past to catch a row that committed late. Rows already indexed are skipped.
_OVERLAP = dt.timedelta(seconds=2)
_SWEEP_EVERY = 1.0  # seconds between sweeps for changed accounts
_FIELDS = ("pk", "name", "domain", "country", "city", "updated_at")
_lock = threading.Lock()
_state: dict[str, Any] = {}


class IndexVersion(NamedTuple):
    """Which index, and how many records it had taken: a caller compares versions to
    know whether accounts were added or changed since its own lookup (threads share the index)."""

    generation: int
    size: int


_generations = itertools.count(1)


def _clear() -> None:
    _state.update(
        index=None,
        max_pk=0,
        seen_until=None,
        swept_at=0.0,
        refreshed_at=0.0,
        recent={},
        generation=next(_generations),
    )


def _version() -> IndexVersion:
    index = _state["index"]
    return IndexVersion(_state["generation"], len(index) if index is not None else 0)


_clear()


def _take(rows: Any) -> int:
    """Add rows not yet indexed in this version; the number added."""
    index: CompanyIndex = _state["index"]
    recent: dict[int, dt.datetime] = _state["recent"]
    added = 0
    for row in rows:
        if recent.get(row.pk) == row.updated_at:
            continue
        index.add(CompanyRecord(str(row.pk), row.name, row.domain, row.country, row.city))
        recent[row.pk] = row.updated_at
        added += 1
        _state["max_pk"] = max(_state["max_pk"], row.pk)
        if _state["seen_until"] is None or row.updated_at > _state["seen_until"]:
            _state["seen_until"] = row.updated_at
    return added


def _refresh() -> IndexVersion:
    _state["refreshed_at"] = time.monotonic()
    if _state["index"] is None:
        _state["index"] = CompanyIndex()
        _state["swept_at"] = time.monotonic()
        _take(CustomerAccount.objects.values_list(*_FIELDS, named=True).iterator(chunk_size=5000))
        return _version()
    _take(
        CustomerAccount.objects.filter(pk__gt=_state["max_pk"])
        .order_by()
        .values_list(*_FIELDS, named=True)
    )
    now = time.monotonic()
    if now - _state["swept_at"] >= _SWEEP_EVERY and _state["seen_until"] is not None:
        since = _state["seen_until"] - _OVERLAP
        _state["swept_at"] = now
        _take(
            CustomerAccount.objects.filter(updated_at__gte=since).values_list(*_FIELDS, named=True)
        )
        cutoff = _state["seen_until"] - _OVERLAP
        _state["recent"] = {pk: at for pk, at in _state["recent"].items() if at >= cutoff}
    return _version()


def refresh() -> IndexVersion:
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
) -> tuple[list[Match], IndexVersion]:
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
        index: CompanyIndex = _state["index"]
        found = index.match(
            CompanyRecord("", name, domain, country, city), limit=limit, min_score=min_score
        )
        return found, _version()


def search_again(
    *,
    previous: list[Match],
    since: IndexVersion,
    name: str,
    domain: str,
    country: str,
    city: str,
    limit: int = 5,
    min_score: float = 0.5,
) -> list[Match]:
    """The same search as one that found ``previous`` at ``since``, brought up to date.

    Only records added or changed since then are matched, and merged with
    ``previous`` (less those that changed): the look under the resolution lock
    costs almost nothing when few accounts arrived in between. A record that
    was just below ``previous``'s cut may be missing from the tail of the
    list, never from its head.
    """
    with _lock:
        _refresh()
        version = _version()
        if version == since:
            return previous
        index: CompanyIndex = _state["index"]
        query = CompanyRecord("", name, domain, country, city)
        if version.generation != since.generation:  # the index was rebuilt meanwhile
            return index.match(query, limit=limit, min_score=min_score)
        newer = index.match(query, limit=limit, min_score=min_score, since=since.size)
        changed = index.ids_since(since.size)
        kept = [m for m in previous if m.id not in changed]
        return sorted(kept + newer, key=lambda m: (-m.score, m.id))[:limit]


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
