"""What text Trellis takes, through the API and through forms alike.

No NUL characters (PostgreSQL refuses them, SQLite would store them), no lone UTF-16
surrogates (not text at all), no control characters, and no line breaks in a field that holds
one line (a name, a city, an e-mail address): a line break in a customer's name once reached an
e-mail header and the notification was lost.
"""

from __future__ import annotations

import unicodedata

from django.utils.translation import gettext as _

NUL, SURROGATE = "text_nul", "text_surrogate"
CONTROL, LINE_CONTROL = "text_control", "text_line_control"
CODES = (NUL, SURROGATE, CONTROL, LINE_CONTROL)


def text_problem(text: str, *, single_line: bool) -> str:
    """The first thing wrong with ``text`` as a code ("" when nothing is)."""
    for ch in text:
        if ch == "\x00":
            return NUL
        if "\ud800" <= ch <= "\udfff":
            return SURROGATE
        if unicodedata.category(ch) == "Cc":
            if single_line:
                return LINE_CONTROL
            if ch not in "\n\r\t":
                return CONTROL
    return ""


def text_problem_message(code: str) -> str:
    """The problem in the reader's language."""
    return {
        NUL: _("Remove the NUL character from the text."),
        SURROGATE: _("The text is not valid Unicode."),
        CONTROL: _("Remove the control characters from the text."),
        LINE_CONTROL: _("Remove line breaks and control characters: this field holds one line."),
    }[code]
