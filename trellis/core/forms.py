"""Form plumbing shared by every app's forms."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _

from .calendars import time_zone_choices
from .ids import MAX_ID
from .text import text_problem, text_problem_message


def _text_validator(*, single_line: bool) -> Any:
    def validate(value: Any) -> None:
        if isinstance(value, str) and (code := text_problem(value, single_line=single_line)):
            raise ValidationError(text_problem_message(code), code=code)

    return validate


single_line_text = _text_validator(single_line=True)
multi_line_text = _text_validator(single_line=False)


class TextRules:
    """The API's rules for text, on a form: every text field refuses NUL and control
    characters, and one whose widget is a single-line input refuses line breaks too (a browser
    cannot type one there; a hand-made POST can)."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                multi = isinstance(field.widget, forms.Textarea)
                field.validators.append(multi_line_text if multi else single_line_text)


class IdField(forms.IntegerField):
    """An object's id, as a filter or a choice: a whole number from 1 to the largest id."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(min_value=1, max_value=MAX_ID, **kwargs)


class Form(TextRules, forms.Form):
    """Every Trellis form: Django's, with the text rules."""


class ModelForm(TextRules, forms.ModelForm):
    """Every Trellis model form: Django's, with the text rules."""


def set_choices(field: forms.Field, options: Any) -> None:
    """Give a choice field its options at run time (they come from the database or the language)."""
    cast(forms.ChoiceField, field).choices = options


def refuse_form(request: HttpRequest, form: forms.Form) -> None:
    """Tell the person why a form posted from another page did not validate (nothing changes)."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))


class CalendarForm(Form):
    """A region's working hours: time zone, opening and closing time, working days."""

    time_zone = forms.ChoiceField(label=_("Time zone"))
    opens_at = forms.TimeField(
        label=_("Opens at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    closes_at = forms.TimeField(
        label=_("Closes at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    workdays = forms.TypedMultipleChoiceField(
        label=_("Working days"),
        coerce=int,
        choices=sorted(WEEKDAYS.items()),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self.fields["time_zone"], [(z, z) for z in time_zone_choices()])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("Closing time must be after opening time."))
        return data


class SearchableSelectMultiple(forms.SelectMultiple):
    """A long multiple choice (countries) that the page's script turns into a filterable list
    of checkboxes with the choices shown as chips; a plain multiple select without script."""

    def __init__(self, attrs: dict[str, Any] | None = None, **kwargs: Any) -> None:
        words = {
            "data-searchable": "",
            "data-search-placeholder": _("Type to filter"),
            "data-remove-label": _("Remove"),
        }
        super().__init__(attrs={**words, **(attrs or {})}, **kwargs)
