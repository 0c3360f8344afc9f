"""Work waiting for someone: what each home page lists first.

Every app knows its own waiting work (a lead offer to answer, a registration past its SLA) but
the homes belong to no app, so each app registers a function per surface when it starts
(``AppConfig.ready``), and a home asks them all. Each function returns a few ``Pending`` items
for one person: already scoped to what that person may see and act on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from .actor import Actor


@dataclass(frozen=True)
class Pending:
    """One kind of waiting work: what it is (with how many), what is urgent about it, and the
    page where it is done."""

    title: str
    detail: str
    url: str
    count: int
    due: dt.datetime | None = None  # the earliest deadline among them, if they have one
    overdue: bool = False


Provider = Callable[[Actor], list[Pending]]
_PROVIDERS: dict[str, list[Provider]] = {"portal": [], "console": []}


def waiting_on(surface: str) -> Callable[[Provider], Provider]:
    """Register ``provider`` for the home of ``surface`` ("portal" or "console")."""

    def register(provider: Provider) -> Provider:
        if provider not in _PROVIDERS[surface]:
            _PROVIDERS[surface].append(provider)
        return provider

    return register


def pending_work(actor: Actor, surface: str) -> list[Pending]:
    """Everything waiting for ``actor`` on ``surface``: overdue first, then by deadline."""
    items = [item for provider in _PROVIDERS[surface] for item in provider(actor) if item.count]
    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    return sorted(items, key=lambda i: (not i.overdue, i.due or far, i.title))
