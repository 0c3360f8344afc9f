"""Display helpers for templates: country names, status badges, money."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from babel.numbers import format_percent
from django import template
from django.utils.translation import get_language, to_locale

from trellis.core import events
from trellis.core.countries import country_name as _country_name
from trellis.core.event_changes import moment, readable_changes
from trellis.core.money import Money

register = template.Library()


@register.filter
def country_name(code: str) -> str:
    return _country_name(code) if code else ""


@register.filter
def money(amount: Decimal | None, currency: str) -> str:
    if amount is None:
        return ""
    return Money(Decimal(amount), currency).format()


@register.filter
def percent(value: float | None) -> str:
    """A ratio as the reader's locale writes a percentage (1.5 is "150%")."""
    if value is None:
        return ""
    return format_percent(value, locale=to_locale(get_language() or "en"))


@register.filter
def when(value: dt.datetime | None) -> str:
    """A moment as the reader's locale writes it, with the time zone named: one format
    everywhere."""
    return moment(value) if value else ""


@register.filter
def changes(event: Any) -> list[tuple[str, str | None, str | None]]:
    """What an audited event changed, in the reader's words and formats."""
    return readable_changes(event)


@register.filter
def note(event: Any) -> str:
    """An audited event's note, in the reader's words."""
    return events.note_words(event.verb, event.note)


@register.filter
def families(lines: Any) -> list[str]:
    """The product families of a registration's or lead's lines, each once, in line order (two
    products of one family name it once)."""
    seen: dict[str, None] = {}
    for line in lines:
        seen.setdefault(line.family.name, None)
    return list(seen)


@register.filter
def get_item(mapping: dict, key: str) -> object:
    return mapping.get(key) if mapping else None


@register.filter
def event_label(verb: str) -> str:
    """An audited event's verb in words, in the reader's language."""
    return events.event_label(verb)
