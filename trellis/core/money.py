"""Money: a Decimal amount with an ISO 4217 currency; never a float."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal

from babel.numbers import format_currency, get_currency_name, get_currency_precision
from django.utils.translation import get_language, to_locale

# Currencies the vendor prices and pays in; extend when a program needs one.
CURRENCIES: tuple[str, ...] = (
    "USD",
    "EUR",
    "GBP",
    "JPY",
    "CHF",
    "CAD",
    "AUD",
    "NZD",
    "SEK",
    "NOK",
    "DKK",
    "PLN",
    "CZK",
    "HUF",
    "BRL",
    "MXN",
    "ARS",
    "CLP",
    "COP",
    "INR",
    "SGD",
    "HKD",
    "CNY",
    "KRW",
    "TWD",
    "THB",
    "MYR",
    "IDR",
    "PHP",
    "VND",
    "ZAR",
    "AED",
    "SAR",
    "ILS",
    "TRY",
)


def minor_units(currency: str) -> int:
    """Decimal places of ``currency`` as CLDR (through Babel) states them: JPY 0, EUR 2, BHD 3."""
    return int(get_currency_precision(currency))


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        if not isinstance(self.amount, Decimal):
            raise TypeError("Money amounts are Decimal, never float")
        if self.currency not in CURRENCIES:
            raise ValueError(f"Unknown currency {self.currency!r}")

    def quantized(self) -> Money:
        places = minor_units(self.currency)
        exp = Decimal(1).scaleb(-places)
        return Money(self.amount.quantize(exp, rounding=ROUND_HALF_EVEN), self.currency)

    def format(self, language: str | None = None) -> str:
        locale = to_locale(language or get_language() or "en")
        return format_currency(self.amount, self.currency, locale=locale)


def currency_name(currency: str, language: str | None = None) -> str:
    """The currency's name in the reader's language ("Euro", "ユーロ")."""
    return str(get_currency_name(currency, locale=to_locale(language or get_language() or "en")))
