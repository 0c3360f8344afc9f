"""Words for the routing engine's factor and exclusion keys."""

from __future__ import annotations

from django import template

from .. import reasons
from ..choices import EXCLUSION_LABELS, FACTOR_LABELS

register = template.Library()


@register.filter
def factor_label(key: str) -> str:
    return str(FACTOR_LABELS.get(key, key))


@register.filter
def exclusion_label(key: str) -> str:
    return str(EXCLUSION_LABELS.get(key, key))


@register.filter
def routing_words(stored: str) -> str:
    """A stored routing outcome (decision summary, unroutable reason) in the reader's language."""
    return reasons.words(stored)
