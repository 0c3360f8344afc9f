"""Reads of the audit trail."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Model, QuerySet

from .actor import Actor
from .models import DomainEvent, Notification


@dataclass(frozen=True)
class AuditFilters:
    partner_id: int | None = None
    actor: str = ""
    verb: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def audit_events(*, actor: Actor, filters: AuditFilters) -> QuerySet[DomainEvent]:
    qs = DomainEvent.objects.visible_to(actor).select_related("partner")
    if filters.partner_id:
        qs = qs.filter(partner_id=filters.partner_id)
    if filters.actor:
        qs = qs.filter(actor_label__icontains=filters.actor.strip().lower())
    if filters.verb:
        qs = qs.filter(verb__startswith=filters.verb.strip())
    if filters.date_from:
        qs = qs.filter(occurred_at__date__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(occurred_at__date__lte=filters.date_to)
    return qs


def partner_timeline(*, actor: Actor, partner_id: int, limit: int = 20) -> list[DomainEvent]:
    return list(DomainEvent.objects.visible_to(actor).filter(partner_id=partner_id)[:limit])


def known_verbs() -> list[str]:
    return sorted(DomainEvent.objects.values_list("verb", flat=True).distinct())


def object_history(*, actor: Actor, obj: Model) -> list[DomainEvent]:
    """Every recorded change of one object, newest first."""
    events = DomainEvent.objects.visible_to(actor)
    return list(events.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))[:50])


def notifications_for(*, actor: Actor, limit: int = 100) -> list[Notification]:
    """The signed-in person's own notifications, newest first."""
    return list(Notification.objects.filter(user_id=actor.user_id or 0)[:limit])


def unread_notifications(*, actor: Actor) -> int:
    if actor.user_id is None:
        return 0
    return Notification.objects.filter(user_id=actor.user_id, read_at__isnull=True).count()
