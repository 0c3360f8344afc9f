"""Money: a Decimal amount with an ISO 4217 currency; never a float."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal

from babel.numbers import format_currency, get_currency_precision
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


# Reference rates to USD, versioned: a threshold compared across currencies names
# the rates it used. Replace with a rates feed when finance provides one.
RATES_VERSION = "2026-11-01"
USD_PER_UNIT: dict[str, Decimal] = {
    "USD": Decimal("1"),
    "EUR": Decimal("1.08"),
    "GBP": Decimal("1.27"),
    "JPY": Decimal("0.0066"),
    "CHF": Decimal("1.12"),
    "CAD": Decimal("0.73"),
    "AUD": Decimal("0.65"),
    "NZD": Decimal("0.60"),
    "SEK": Decimal("0.094"),
    "NOK": Decimal("0.092"),
    "DKK": Decimal("0.145"),
    "PLN": Decimal("0.25"),
    "CZK": Decimal("0.043"),
    "HUF": Decimal("0.0027"),
    "BRL": Decimal("0.18"),
    "MXN": Decimal("0.055"),
    "ARS": Decimal("0.0011"),
    "CLP": Decimal("0.0011"),
    "COP": Decimal("0.00025"),
    "INR": Decimal("0.012"),
    "SGD": Decimal("0.74"),
    "HKD": Decimal("0.128"),
    "CNY": Decimal("0.14"),
    "KRW": Decimal("0.00073"),
    "TWD": Decimal("0.031"),
    "THB": Decimal("0.028"),
    "MYR": Decimal("0.21"),
    "IDR": Decimal("0.000064"),
    "PHP": Decimal("0.018"),
    "VND": Decimal("0.000040"),
    "ZAR": Decimal("0.055"),
    "AED": Decimal("0.27"),
    "SAR": Decimal("0.27"),
    "ILS": Decimal("0.27"),
    "TRY": Decimal("0.030"),
}


def convert(amount: Decimal, from_currency: str, to_currency: str) -> Decimal:
    """``amount`` in ``to_currency`` at the reference rates of RATES_VERSION."""
    if from_currency == to_currency:
        return amount
    return amount * USD_PER_UNIT[from_currency] / USD_PER_UNIT[to_currency]
