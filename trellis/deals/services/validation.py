"""A registration's fields, checked before anything is written."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

from trellis.catalog.selectors import products_by_sku
from trellis.core.exceptions import InvalidInput
from trellis.core.money import CURRENCIES
from trellis.customers.services import CustomerInput

from ..choices import DealType

MAX_AMOUNT = Decimal("999999999999.99")


@dataclass(frozen=True)
class DealInput:
    customer: CustomerInput
    products: list[str]
    amount: Any
    currency: str
    expected_close: Any
    deal_type: str = DealType.NEW
    sourced: bool = True
    contact_name: str = ""
    contact_email: str = ""
    description: str = ""
    co_seller_ids: list[int] = field(default_factory=list)
    campaign_code: str = ""


CAMPAIGN_CODE = re.compile(r"[A-Z0-9][A-Z0-9-]{0,19}")


def campaign_code_of(value: str, field: str = "campaign_code") -> str:
    """A campaign code as printed on the activity's links and forms: letters, digits and
    dashes, upper case; empty when none."""
    code = value.strip().upper()
    if code and not CAMPAIGN_CODE.fullmatch(code):
        raise InvalidInput(
            _("A campaign code has letters, digits and dashes, such as MDF-3FA2C901."),
            field=field,
        )
    return code


@dataclass(frozen=True)
class CleanInput:
    data: DealInput
    amount: Decimal
    expected_close: dt.date
    products: list[Any]


def clean_input(data: DealInput) -> CleanInput:
    """Every field checked before anything is written; the first problem is reported with its
    field."""
    try:
        amount = Decimal(str(data.amount).strip())
    except (InvalidOperation, ValueError):
        raise InvalidInput(
            _("Enter the amount as a number, such as 25000.00."), field="amount"
        ) from None
    if not amount.is_finite() or amount <= 0:
        raise InvalidInput(_("The amount must be more than zero."), field="amount")
    if amount > MAX_AMOUNT or amount.as_tuple().exponent < -2:  # type: ignore[operator]
        raise InvalidInput(
            _("Use at most two decimal places and a realistic amount."), field="amount"
        )
    if data.currency not in CURRENCIES:
        raise InvalidInput(
            _("Unknown currency %(c)s; use an ISO 4217 code such as EUR.") % {"c": data.currency},
            field="currency",
        )
    close = data.expected_close
    if isinstance(close, str):
        try:
            close = dt.date.fromisoformat(close)
        except ValueError:
            raise InvalidInput(
                _("Enter the expected close date as YYYY-MM-DD."), field="expected_close"
            ) from None
    if not isinstance(close, dt.date):
        raise InvalidInput(
            _("Enter the expected close date as YYYY-MM-DD."), field="expected_close"
        )
    if close < timezone.localdate():
        raise InvalidInput(_("The expected close date is in the past."), field="expected_close")
    if close > timezone.localdate() + dt.timedelta(days=3 * 365):
        raise InvalidInput(
            _("The expected close date is more than three years away."), field="expected_close"
        )
    if data.deal_type not in DealType.values:
        raise InvalidInput(_("Choose new, upsell or renewal."), field="deal_type")
    skus = list(dict.fromkeys(s.strip() for s in data.products if s and s.strip()))
    if not skus:
        raise InvalidInput(_("Choose at least one product."), field="products")
    found = products_by_sku(skus)
    unknown = [s for s in skus if s not in found]
    if unknown:
        raise InvalidInput(
            _("Not in the catalogue: %(skus)s.") % {"skus": ", ".join(unknown)}, field="products"
        )
    if data.contact_email:
        try:
            validate_email(data.contact_email.strip())
        except ValidationError:
            raise InvalidInput(_("Enter a valid e-mail address."), field="contact.email") from None
    campaign_code_of(data.campaign_code)
    return CleanInput(data, amount, close, [found[s] for s in skus])


def validate_input(data: DealInput) -> None:
    """Check a registration's fields without writing anything (bulk preview)."""
    clean_input(data)
