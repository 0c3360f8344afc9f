"""An audited change in words: field names as the model calls them in the reader's language,
values as the reader's locale writes them (moments with their time zone, choices by label,
yes and no instead of true and false)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import DomainEvent
from .roles import ROLE_LABELS

# Keys that are not a field of the event's object (or name a relation by its id).
EXTRA_LABELS: dict[str, Any] = {
    "roles": gettext_lazy("roles"),
    "program": gettext_lazy("program"),
    "tier": gettext_lazy("tier"),
    "specializations": gettext_lazy("specializations"),
    "email": gettext_lazy("e-mail"),
    "is_active": gettext_lazy("active"),
}


# How apps' stored values read (codes with figures), by the key they are stored under.
_VALUE_READERS: dict[str, Callable[[Any], str]] = {}


def read_values(key: str, reader: Callable[[Any], str]) -> None:
    """Register how values stored under ``key`` in events read (called in ``AppConfig.ready``)."""
    _VALUE_READERS[key] = reader


def moment(value: dt.datetime) -> str:
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{date_format(local, 'SHORT_DATETIME_FORMAT')} {local.tzname() or ''}".strip()


def _field(model: type[models.Model] | None, key: str) -> models.Field[Any, Any] | None:
    if model is None:
        return None
    try:
        field = model._meta.get_field(key)
    except FieldDoesNotExist:  # a key that names no field (a check's outcome, a list of roles)
        return None
    return field if isinstance(field, models.Field) else None


def _label(field: models.Field[Any, Any] | None, key: str) -> str:
    if key in EXTRA_LABELS:
        return capfirst(str(EXTRA_LABELS[key]))
    if field is not None and field.verbose_name:
        return capfirst(str(field.verbose_name))
    return capfirst(key.replace("_", " "))


def _value(field: models.Field[Any, Any] | None, key: str, value: Any) -> str | None:
    if value is None or value == "":
        return None
    if key in _VALUE_READERS:
        return _VALUE_READERS[key](value)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        if key == "roles":
            return ", ".join(str(ROLE_LABELS.get(v, v)) for v in value) or None
        return ", ".join(str(v) for v in value) or None
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, str):
        if isinstance(field, models.DateTimeField) or "T" in value:
            try:
                moment_value = parse_datetime(value) if len(value) >= 16 else None
            except ValueError:
                moment_value = None
            if moment_value is not None:
                return moment(moment_value)
        if isinstance(field, models.DateField):
            try:
                day = parse_date(value)
            except ValueError:
                day = None
            if day is not None:
                return date_format(day, "SHORT_DATE_FORMAT")
    return str(value)


def readable_changes(event: DomainEvent) -> list[tuple[str, str | None, str | None]]:
    """(what, before, after) for every field the event changed, in words."""
    try:
        model: type[models.Model] | None = apps.get_model(event.object_type)
    except (LookupError, ValueError):
        model = None
    out = []
    for key, old, new in event.changed_fields:
        field = _field(model, key)
        out.append((_label(field, key), _value(field, key, old), _value(field, key, new)))
    return out
