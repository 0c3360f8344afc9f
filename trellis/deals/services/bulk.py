"""Bulk registration from a CSV file: a dry-run preview, then an import with a report per row.

Each row is registered on its own (its own transaction, its own conflict
check), so the report always says exactly which rows were taken and why the
others were not; nothing is half-imported silently.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from trellis.core import uploads
from trellis.core.actor import Actor
from trellis.core.exceptions import DomainError
from trellis.core.policies import require
from trellis.core.uploads import RowReport, UploadReport
from trellis.customers.selectors import SAME_COMPANY_SCORE, similar_companies
from trellis.customers.services import CustomerInput, validate_customer

from ..selectors import customer_is_protected
from .registration import RegistrationConflict, deal_register
from .validation import DealInput, validate_input

if TYPE_CHECKING:
    from trellis.partners.models import Partner

COLUMNS = (
    "customer_name",
    "customer_domain",
    "customer_country",
    "customer_city",
    "contact_name",
    "contact_email",
    "products",
    "amount",
    "currency",
    "expected_close",
    "deal_type",
    "sourced",
    "description",
    "campaign_code",
)
REQUIRED = ("customer_name", "customer_country", "products", "amount", "currency", "expected_close")
MAX_BYTES, MAX_ROWS = uploads.MAX_BYTES, uploads.MAX_ROWS


def parse_csv(raw: bytes) -> list[tuple[int, dict[str, str]]]:
    return uploads.parse_csv(raw, columns=COLUMNS, required=REQUIRED)


def _input(row: dict[str, str]) -> DealInput:
    return DealInput(
        customer=CustomerInput(
            row.get("customer_name", ""),
            row.get("customer_domain", ""),
            row.get("customer_country", ""),
            row.get("customer_city", ""),
        ),
        products=[p for p in row.get("products", "").replace(";", " ").split() if p],
        amount=row.get("amount", ""),
        currency=row.get("currency", "").upper(),
        expected_close=row.get("expected_close", ""),
        deal_type=row.get("deal_type") or "new",
        sourced=row.get("sourced", "yes").lower() not in ("no", "false", "0", "influenced"),
        contact_name=row.get("contact_name", ""),
        contact_email=row.get("contact_email", ""),
        description=row.get("description", ""),
        campaign_code=row.get("campaign_code", ""),
    )


def bulk_register(*, actor: Actor, partner: Partner, raw: bytes, dry_run: bool) -> UploadReport:
    require(actor, "deals.register", partner)
    report = UploadReport(dry_run=dry_run)
    for line, row in parse_csv(raw):
        data = _input(row)
        name = data.customer.name
        try:
            if dry_run:
                report.rows.append(_preview(line, data))
            else:
                deal = deal_register(actor=actor, partner=partner, data=data)
                report.rows.append(
                    RowReport(line, name, "done", deal.get_status_display(), deal.pk)
                )
        except RegistrationConflict as exc:
            report.rows.append(RowReport(line, name, "conflict", exc.message))
        except DomainError as exc:
            where = f"{exc.field}: " if exc.field else ""
            report.rows.append(RowReport(line, name, "error", where + exc.message))
    return report


def _preview(line: int, data: DealInput) -> RowReport:
    """Validate a row and say whether it would meet an active registration, writing nothing."""
    validate_input(data)
    customer = validate_customer(data.customer)
    found = similar_companies(
        name=customer.name,
        domain=customer.domain,
        country=customer.country,
        city=customer.city,
        limit=1,
        min_score=SAME_COMPANY_SCORE,
    )
    if found and customer_is_protected(account_id=int(found[0].id), skus=data.products):
        return RowReport(
            line,
            customer.name,
            "conflict",
            _("An active registration already protects this customer for these products."),
        )
    return RowReport(line, customer.name, "ok", _("Ready to register."))
