"""A lead's fields, checked before anything is written."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from trellis.catalog.selectors import products_by_sku
from trellis.core.countries import is_country
from trellis.core.exceptions import InvalidInput
from trellis.core.money import CURRENCIES
from trellis.partners.selectors import default_program_id, program_choices

from .choices import LeadSource

MAX_AMOUNT = Decimal("999999999999.99")


@dataclass(frozen=True)
class LeadInput:
    customer_name: str
    country: str
    contact_name: str
    contact_email: str = ""
    contact_phone: str = ""
    customer_domain: str = ""
    city: str = ""
    postal_code: str = ""
    products: list[str] = field(default_factory=list)
    estimated_amount: Any = None
    currency: str = "USD"
    source: str = LeadSource.CONSOLE
    notes: str = ""
    campaign_code: str = ""
    program_id: int | None = None
    latitude: float | None = None
    longitude: float | None = None


def clean_lead(data: LeadInput) -> tuple[Decimal | None, list[Any]]:
    """Every field checked before anything is written; the first problem is reported with its
    field."""
    if not data.customer_name.strip():
        raise InvalidInput(_("Enter the company's name."), field="customer.name")
    if not is_country(data.country.strip().upper()):
        raise InvalidInput(
            _("Choose the company's country (two-letter ISO code): routing needs a location."),
            field="customer.country",
        )
    if not data.contact_name.strip():
        raise InvalidInput(_("Name the person to contact."), field="contact.name")
    if not data.contact_email.strip() and not data.contact_phone.strip():
        raise InvalidInput(
            _("Give an e-mail address or a phone number for the contact."), field="contact.email"
        )
    if data.contact_email.strip():
        try:
            validate_email(data.contact_email.strip())
        except ValidationError:
            raise InvalidInput(_("Enter a valid e-mail address."), field="contact.email") from None
    amount = None
    if data.estimated_amount not in (None, ""):
        try:
            amount = Decimal(str(data.estimated_amount).strip())
        except (InvalidOperation, ValueError):
            raise InvalidInput(
                _("Enter the amount as a number, such as 25000.00."), field="estimated_amount"
            ) from None
        if not amount.is_finite() or amount < 0 or amount > MAX_AMOUNT:
            raise InvalidInput(_("The amount must be zero or more."), field="estimated_amount")
    if data.currency not in CURRENCIES:
        raise InvalidInput(
            _("Unknown currency %(c)s; use an ISO 4217 code such as EUR.") % {"c": data.currency},
            field="currency",
        )
    if (data.latitude is None) != (data.longitude is None) or (
        data.latitude is not None
        and not (-90 <= data.latitude <= 90 and -180 <= data.longitude <= 180)  # type: ignore[operator]
    ):
        raise InvalidInput(
            _("Give both latitude and longitude, in degrees."), field="customer.latitude"
        )
    if data.source not in LeadSource.values:
        raise InvalidInput(_("Unknown lead source."), field="source")
    skus = list(dict.fromkeys(s.strip() for s in data.products if s and s.strip()))
    found = products_by_sku(skus) if skus else {}
    unknown = [s for s in skus if s not in found]
    if unknown:
        raise InvalidInput(
            _("Not in the catalogue: %(skus)s.") % {"skus": ", ".join(unknown)}, field="products"
        )
    return amount, [found[s] for s in skus]


def program_for(data: LeadInput) -> int:
    """The program whose rules route the lead: the one named (it must be active) or the oldest."""
    if data.program_id is not None:
        if data.program_id not in dict(program_choices()):
            raise InvalidInput(_("No active program has this id."), field="program")
        return data.program_id
    program_id = default_program_id()
    if program_id is None:
        raise InvalidInput(_("No active partner program can take leads yet."), field="program")
    return program_id
