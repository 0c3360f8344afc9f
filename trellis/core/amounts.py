"""Amounts as people type them (and as API bodies send them, as strings), checked against
the currency they are in."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from trellis.core.exceptions import InvalidInput
from trellis.core.money import minor_units

LARGEST = Decimal("1e12")


def money_amount(value: Any, currency: str, *, field: str, allow_zero: bool = False) -> Decimal:
    """``value`` as a Decimal in ``currency``: positive (or zero when allowed), below a
    trillion, with no more decimals than the currency has (JPY none, EUR two)."""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise InvalidInput(_("Enter an amount."), field=field) from None
    if not amount.is_finite():
        raise InvalidInput(_("Enter an amount."), field=field)
    if amount < 0 or (amount == 0 and not allow_zero):
        raise InvalidInput(_("Enter an amount above zero."), field=field)
    if amount >= LARGEST:
        raise InvalidInput(_("Enter an amount below a trillion."), field=field)
    places = minor_units(currency) if currency else 2
    if amount != amount.quantize(Decimal(1).scaleb(-places)):
        raise InvalidInput(
            _("%(currency)s amounts have at most %(n)s decimals.")
            % {"currency": currency, "n": places},
            field=field,
        )
    return amount.quantize(Decimal(1).scaleb(-places))


AMOUNT = 'Decimal as a string, e.g. "25000.00"'


def decimal_of(value: str) -> Decimal:
    """A decimal as sent; anything else becomes NaN, which ``money_amount`` refuses by field."""
    try:
        return Decimal(value.strip())
    except ArithmeticError:
        return Decimal("NaN")
