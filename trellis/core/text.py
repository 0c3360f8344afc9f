"""What text Trellis takes, through the API and through forms alike.

No NUL characters (PostgreSQL refuses them, SQLite would store them), no lone UTF-16
surrogates (not text at all), no control characters, and no line breaks in a field that holds
one line (a name, a city, an e-mail address): a line break in a customer's name once reached an
e-mail header and the notification was lost.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

NUL, SURROGATE = "text_nul", "text_surrogate"
CONTROL, LINE_CONTROL = "text_control", "text_line_control"
CODES = (NUL, SURROGATE, CONTROL, LINE_CONTROL)


# Control characters are Unicode's category Cc: U+0000-U+001F and U+007F-U+009F. One search in
# C finds the first character that is wrong (a Python loop over every character took 4x the
# time of the rest of validating a 200,000-account list).
_WRONG_IN_LINE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_WRONG_IN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def text_problem(text: str, *, single_line: bool) -> str:
    """The first thing wrong with ``text`` as a code ("" when nothing is)."""
    found = (_WRONG_IN_LINE if single_line else _WRONG_IN_TEXT).search(text)
    if found is None:
        return ""
    ch = found.group()
    if ch == "\x00":
        return NUL
    if "\ud800" <= ch <= "\udfff":
        return SURROGATE
    return LINE_CONTROL if single_line else CONTROL


def text_problem_message(code: str) -> str:
    """The problem in the reader's language."""
    return {
        NUL: _("Remove the NUL character from the text."),
        SURROGATE: _("The text is not valid Unicode."),
        CONTROL: _("Remove the control characters from the text."),
        LINE_CONTROL: _("Remove line breaks and control characters: this field holds one line."),
    }[code]
