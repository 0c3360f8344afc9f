"""Version stamps and the per-process caches they guard, for reference data that rarely changes.

The catalogue, the programs' terms and rules, and who an API token acts as are
read on every registration but change a few times a day. Each kind has a stamp
row; a service that changes the data bumps the stamp in its own transaction.
A reader reads all stamps first (one statement per request, however many caches
it consults) and keeps what it built under the versions it saw. Reading the
stamp before the data means a cached value is never older than its stamp, so
every process sees a change on its next request.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Hashable
from contextvars import ContextVar
from typing import Any, Generic, TypeVar

from django.db import IntegrityError, transaction

from .models import ReferenceStamp
from .request_context import current_request_id

CATALOGUE = "catalogue"  # products, families, prices
PROGRAMS = "programs"  # programs, tiers, enrollments, partner regions, rules of engagement
ACCESS = "access"  # API tokens, users' roles and activity, partner status
RATES = "rates"  # exchange rates

T = TypeVar("T")

# Within one request the stamps are read once (keyed by the request's id).
_read: ContextVar[tuple[str, dict[str, str]] | None] = ContextVar("trellis_stamps", default=None)


def current() -> dict[str, str]:
    """Every stamp's version, read once per request (and on each call outside one)."""
    request_id = current_request_id()
    seen = _read.get()
    if request_id and seen is not None and seen[0] == request_id:
        return seen[1]
    versions = dict(ReferenceStamp.objects.values_list("name", "version"))
    if request_id:
        _read.set((request_id, versions))
    return versions


def bump(*names: str) -> None:
    """Mark ``names`` changed, in the caller's transaction: every cache of them is rebuilt."""
    for name in names:
        version = uuid.uuid4().hex
        if not ReferenceStamp.objects.filter(name=name).update(version=version):
            try:
                with transaction.atomic():
                    ReferenceStamp.objects.create(name=name, version=version)
            except IntegrityError:  # created by a simultaneous writer: take ours over it
                ReferenceStamp.objects.filter(name=name).update(version=version)
    _read.set(None)  # this request reads the new versions from now on


class StampedCache(Generic[T]):
    """Values built from the data behind ``names``, kept while their stamps stay the same.

    ``get(key, build)`` returns the kept value or calls ``build()``. Values are
    shared by the process's threads: treat them as read-only. The cache holds
    at most ``size`` keys and starts over past that.
    """

    def __init__(self, *names: str, size: int = 10_000) -> None:
        self.names = names
        self.size = size
        self._entries: dict[Hashable, tuple[tuple[str, ...], T]] = {}
        _caches.append(self)

    def get(self, key: Hashable, build: Callable[[], T]) -> T:
        versions = current()
        stamp = tuple(versions.get(name, "") for name in self.names)
        kept = self._entries.get(key)
        if kept is not None and kept[0] == stamp:
            return kept[1]
        value = build()
        with _lock:
            if len(self._entries) >= self.size:
                self._entries.clear()
            self._entries[key] = (stamp, value)
        return value

    def clear(self) -> None:
        self._entries.clear()


_caches: list[StampedCache[Any]] = []
_lock = threading.Lock()


def forget_all() -> None:
    """Drop every cached value in this process (tests, and after a database is replaced)."""
    for cache in _caches:
        cache.clear()
    _read.set(None)
