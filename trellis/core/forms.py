"""Form plumbing shared by every app's forms."""

from __future__ import annotations

from typing import Any, cast

from django import forms


def set_choices(field: forms.Field, options: Any) -> None:
    """Give a choice field its options at run time (they come from the database or the language)."""
    cast(forms.ChoiceField, field).choices = options
