"""Form plumbing shared by every app's forms."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.http import HttpRequest


def set_choices(field: forms.Field, options: Any) -> None:
    """Give a choice field its options at run time (they come from the database or the language)."""
    cast(forms.ChoiceField, field).choices = options


def refuse_form(request: HttpRequest, form: forms.Form) -> None:
    """Tell the person why a form posted from another page did not validate (nothing changes)."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))
