"""Amounts in API bodies: decimals written as strings, checked by the services."""

from __future__ import annotations

from decimal import Decimal

AMOUNT = 'Decimal as a string, e.g. "25000.00"'


def decimal_of(value: str) -> Decimal:
    """A decimal as sent; anything else becomes NaN, which the services refuse by field."""
    try:
        return Decimal(value.strip())
    except ArithmeticError:
        return Decimal("NaN")
