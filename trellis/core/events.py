"""Record domain events: the audit trail and the source of follow-up work."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import models, transaction

from .actor import Actor
from .models import DomainEvent
from .request_context import current_request_id


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
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
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(f"events.record({verb!r}) must run inside the service's transaction")
    if partner_id is None:
        partner_id = getattr(obj, "audit_partner_id", None)
    return DomainEvent.objects.create(
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
