"""Words for what the conflict check stored."""

from __future__ import annotations

from typing import Any

from django import template

from .. import reasons

register = template.Library()


@register.filter
def reason_words(item: Any) -> str:
    """One stored conflict-check reason in the reader's language."""
    return reasons.words(item)


@register.filter
def decision_note(stored: str) -> str:
    """A registration's decision note in the reader's language (automatic ones are codes)."""
    return reasons.note_words(stored)
