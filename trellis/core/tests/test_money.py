"""Money rounds to each currency's minor units as CLDR states them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from trellis.core.money import CURRENCIES, Money, minor_units


@pytest.mark.parametrize(
    ("currency", "places"), [("USD", 2), ("EUR", 2), ("JPY", 0), ("KRW", 0), ("CLP", 0)]
)
def test_minor_units_come_from_cldr(currency: str, places: int) -> None:
    assert minor_units(currency) == places


def test_every_currency_we_price_in_has_cldr_minor_units() -> None:
    assert all(0 <= minor_units(c) <= 3 for c in CURRENCIES)


def test_amounts_round_half_even_to_the_currencys_places() -> None:
    assert Money(Decimal("1234.5"), "JPY").quantized().amount == Decimal("1234")
    assert Money(Decimal("1235.5"), "JPY").quantized().amount == Decimal("1236")
    assert Money(Decimal("10.005"), "EUR").quantized().amount == Decimal("10.00")
    assert str(Money(Decimal("7"), "USD").quantized().amount) == "7.00"
