"""Keep a demo database current: one seeded days ago is moved forward to today when the demo
starts, so SLA clocks, protection periods, offers and activity read as they did at seeding
(a queue due tomorrow is still due tomorrow, not breached for a week)."""

from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.db import models, transaction
from django.db.models import F, Max
from django.utils import timezone

from trellis.core.models import DomainEvent

# Reference data dated by what it is, not by when the demo was seeded.
FIXED = {"core.ExchangeRate", "core.ReferenceStamp", "core.IdempotencyRecord"}


def bring_to_today(*, now: dt.datetime | None = None) -> dt.timedelta:
    """Move every date and time of the demo's data forward by the time since its last
    activity; how far it moved (nothing when that was within the hour)."""
    latest = DomainEvent.objects.aggregate(latest=Max("occurred_at"))["latest"]
    now = now or timezone.now()
    if latest is None or now - latest < dt.timedelta(hours=1):
        return dt.timedelta(0)
    delta = now - latest
    with transaction.atomic():
        for model in apps.get_models():
            if not model.__module__.startswith("trellis.") or model._meta.label in FIXED:
                continue
            changes: dict[str, F] = {}
            for field in model._meta.concrete_fields:
                if isinstance(field, models.DateTimeField):
                    changes[field.name] = F(field.name) + delta  # type: ignore[assignment]
                elif isinstance(field, models.DateField):
                    changes[field.name] = F(field.name) + dt.timedelta(days=delta.days)  # type: ignore[assignment]
            if changes:
                model._default_manager.update(**changes)
    return delta
