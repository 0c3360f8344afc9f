"""ISO 3166-1 alpha-2 countries with names in the reader's language (from CLDR via Babel)."""

from __future__ import annotations

from functools import cache

from babel import Locale
from django.utils.translation import get_language

# CLDR lists groupings and placeholders beside real countries; leave them out.
_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"})


@cache
def _territories(language: str) -> dict[str, str]:
    try:
        locale = Locale.parse(language.replace("-", "_"))
    except (ValueError, TypeError):
        locale = Locale("en")
    return {
        code: name
        for code, name in locale.territories.items()
        if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
    }


COUNTRY_CODES: frozenset[str] = frozenset(_territories("en"))


def is_country(code: str) -> bool:
    return code in COUNTRY_CODES


def country_name(code: str, language: str | None = None) -> str:
    return _territories(language or get_language() or "en").get(code, code)


def country_choices(language: str | None = None) -> list[tuple[str, str]]:
    names = _territories(language or get_language() or "en")
    return sorted(((c, names.get(c, c)) for c in COUNTRY_CODES), key=lambda item: item[1])
