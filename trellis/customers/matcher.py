"""The process-wide company index over customer accounts, kept fresh incrementally.

Each web or worker process holds one index. Before every lookup it reads the
accounts changed since its last look (an indexed range scan), so an account
created by any process is matchable on the next request without a rebuild.
"""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

from .engine.matching import CompanyIndex, CompanyRecord, Match
from .models import CustomerAccount

# Transactions commit after they stamp updated_at; re-reading this much of the
# past catches a row that committed late. Rows already indexed are skipped.
_OVERLAP = dt.timedelta(seconds=2)
_lock = threading.Lock()
_state: dict[str, Any] = {"index": None, "seen_until": None, "recent": {}}
_FIELDS = ("pk", "name", "domain", "country", "city", "updated_at")


def company_index() -> CompanyIndex:
    """The index, built on first use and brought up to date on every call."""
    with _lock:
        index: CompanyIndex | None = _state["index"]
        seen_until: dt.datetime | None = _state["seen_until"]
        recent: dict[int, dt.datetime] = _state["recent"]
        if index is None:
            index = CompanyIndex()
            rows = CustomerAccount.objects.values_list(*_FIELDS).iterator(chunk_size=5000)
        else:
            since = seen_until - _OVERLAP if seen_until else None
            qs = CustomerAccount.objects.all()
            rows = iter(
                qs.filter(updated_at__gte=since).values_list(*_FIELDS)
                if since
                else qs.values_list(*_FIELDS)
            )
        for pk, name, domain, country, city, updated_at in rows:
            if recent.get(pk) == updated_at:
                continue
            index.add(CompanyRecord(str(pk), name, domain, country, city))
            if seen_until is None or updated_at > seen_until:
                seen_until = updated_at
            recent[pk] = updated_at
        if seen_until is not None:
            cutoff = seen_until - _OVERLAP
            _state["recent"] = {pk: at for pk, at in recent.items() if at >= cutoff}
        _state.update(index=index, seen_until=seen_until)
        return index


def find_companies(
    *, name: str, domain: str, country: str, city: str, limit: int = 5, min_score: float = 0.5
) -> list[Match]:
    return company_index().match(
        CompanyRecord("", name, domain, country, city), limit=limit, min_score=min_score
    )


def reset() -> None:
    """Forget the index (tests, and after bulk imports that rewrite many accounts)."""
    with _lock:
        _state.update(index=None, seen_until=None, recent={})
