"""Record domain events: the audit trail and the source of follow-up work."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, NamedTuple

from django.db import models, transaction

from .actor import Actor
from .models import DomainEvent
from .request_context import current_request_id


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        items = [_jsonable(v) for v in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return value


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    """The audit-relevant state of ``obj``: plain JSON values keyed by field name."""
    out: dict[str, Any] = {}
    for name in fields:
        field = obj._meta.get_field(name)
        attname = getattr(field, "attname", name)
        out[name] = _jsonable(getattr(obj, attname))
    return out


def build(
    actor: Actor,
    verb: str,
    obj: models.Model,
    *,
    partner_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str = "",
) -> DomainEvent:
    """One event, not yet written: for services that write several in one statement."""
    if partner_id is None:
        partner_id = getattr(obj, "audit_partner_id", None)
    return DomainEvent(
        actor_kind=actor.kind.value,
        actor_user_id=actor.user_id,
        actor_label=actor.label[:254],
        verb=verb,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        partner_id=partner_id,
        before=_jsonable(before or {}),
        after=_jsonable(after or {}),
        note=note,
        request_id=current_request_id(),
    )


def _require_transaction(verb: str) -> None:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(f"events for {verb!r} must be written inside the service's transaction")


def record(
    actor: Actor,
    verb: str,
    obj: models.Model,
    *,
    partner_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str = "",
) -> DomainEvent:
    """Write one event in the caller's transaction (a service always has one open)."""
    _require_transaction(verb)
    event = build(actor, verb, obj, partner_id=partner_id, before=before, after=after, note=note)
    event.save(force_insert=True)
    return event


def record_all(events: list[DomainEvent]) -> list[DomainEvent]:
    """Write events made by ``build`` in one statement, in the caller's transaction."""
    if events:
        _require_transaction(events[0].verb)
        DomainEvent.objects.bulk_create(events)
    return events


EVENT_COLUMNS = (
    "occurred_at",
    "actor_kind",
    "actor_user",
    "actor_label",
    "verb",
    "object_type",
    "object_id",
    "object_repr",
    "partner",
    "before",
    "after",
    "note",
    "request_id",
)


class EventRow(NamedTuple):
    """One event of a batch job, without a model instance: ``before``/``after`` are plain JSON."""

    object_id: Any
    object_repr: str
    partner_id: int | None
    before: dict[str, Any]
    after: dict[str, Any]
    note: str


def record_rows(
    actor: Actor,
    verb: str,
    model: type[models.Model],
    items: list[EventRow],
    at: dt.datetime,
) -> int:
    """Write one event per row for batch jobs.

    The same events ``record`` writes, without a model instance per event:
    batch routing writes thousands a second. ``before`` and ``after`` hold
    plain JSON values already.
    """
    _require_transaction(verb)
    from . import bulk

    who = (actor.kind.value, actor.user_id, actor.label[:254])
    kind, request = model._meta.label_lower, current_request_id()
    rows = [
        (
            at,
            *who,
            verb,
            kind,
            str(e.object_id),
            e.object_repr[:200],
            e.partner_id,
            e.before,
            e.after,
            e.note,
            request,
        )
        for e in items
    ]
    return bulk.insert_rows(DomainEvent, EVENT_COLUMNS, rows)


# What each event is called on screen. Apps describe their own verbs when they start
# (``describe`` in ``AppConfig.ready``); the audit log and every history show these words.
_LABELS: dict[str, Any] = {}


def describe(labels: dict[str, Any]) -> None:
    """Register the words (lazy translations) for some event verbs."""
    _LABELS.update(labels)


def event_label(verb: str) -> str:
    """``verb`` in the reader's language; an undescribed verb reads as its words."""
    label = _LABELS.get(verb)
    if label is not None:
        return str(label)
    return verb.replace("_", " ").replace(".", ": ", 1).capitalize()


def described_verbs() -> frozenset[str]:
    return frozenset(_LABELS)


# Notes some services store as codes with figures (routing outcomes), put into words when shown.
_NOTE_READERS: dict[str, Any] = {}


def read_notes(verbs: list[str], reader: Any) -> None:
    """Register how the notes of ``verbs`` read (a function from stored note to words)."""
    for verb in verbs:
        _NOTE_READERS[verb] = reader


def note_words(verb: str, note: str) -> str:
    reader = _NOTE_READERS.get(verb)
    return str(reader(note)) if reader and note else note
