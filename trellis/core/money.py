"""Money: a Decimal amount with an ISO 4217 currency; never a float."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal

from babel.numbers import format_currency
from django.utils.translation import get_language, to_locale

# Currencies the vendor prices and pays in; extend when a program needs one.
CURRENCIES: tuple[str, ...] = (
    "USD", "EUR", "GBP", "JPY", "CHF", "CAD", "AUD", "NZD", "SEK", "NOK", "DKK", "PLN", "CZK",
    "HUF", "BRL", "MXN", "ARS", "CLP", "COP", "INR", "SGD", "HKD", "CNY", "KRW", "TWD", "THB",
    "MYR", "IDR", "PHP", "VND", "ZAR", "AED", "SAR", "ILS", "TRY",
)  # fmt: skip
# Minor units where not 2 (ISO 4217).
_MINOR_UNITS = {"JPY": 0, "KRW": 0, "CLP": 0, "VND": 0, "HUF": 2, "IDR": 2}


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
        places = _MINOR_UNITS.get(self.currency, 2)
        exp = Decimal(1).scaleb(-places)
        return Money(self.amount.quantize(exp, rounding=ROUND_HALF_EVEN), self.currency)

    def format(self, language: str | None = None) -> str:
        locale = to_locale(language or get_language() or "en")
        return format_currency(self.amount, self.currency, locale=locale)
