"""The text rule is exactly Unicode's control characters, NUL and lone surrogates."""

from __future__ import annotations

import sys
import unicodedata

from trellis.core.text import CONTROL, LINE_CONTROL, NUL, SURROGATE, text_problem


def _expected(ch: str, *, single_line: bool) -> str:
    if ch == "\x00":
        return NUL
    if "\ud800" <= ch <= "\udfff":
        return SURROGATE
    if unicodedata.category(ch) == "Cc":
        if single_line:
            return LINE_CONTROL
        return "" if ch in "\n\r\t" else CONTROL
    return ""


def test_every_code_point_is_judged_as_its_unicode_category_says() -> None:
    for cp in range(sys.maxunicode + 1):
        ch = chr(cp)
        for single_line in (True, False):
            assert text_problem(f"ab{ch}c", single_line=single_line) == _expected(
                ch, single_line=single_line
            ), (hex(cp), single_line)


def test_the_first_wrong_character_names_the_problem() -> None:
    assert text_problem("a\x07b\x00", single_line=False) == CONTROL
    assert text_problem("a\nb", single_line=False) == ""
    assert text_problem("a\nb", single_line=True) == LINE_CONTROL
