"""Bulk registration from a CSV file: a dry-run preview, then an import with a report per row.

Each row is registered on its own (its own transaction, its own conflict
check), so the report always says exactly which rows were taken and why the
others were not; nothing is half-imported silently.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from trellis.core.actor import Actor
from trellis.core.exceptions import DomainError, InvalidInput
from trellis.core.policies import require
from trellis.customers.selectors import similar_companies
from trellis.customers.services import CustomerInput, validate_customer

from . import services
from .selectors import customer_is_protected

MAX_BYTES = 1_000_000
MAX_ROWS = 500
COLUMNS = ("customer_name", "customer_domain", "customer_country", "customer_city", "contact_name", "contact_email",
           "products", "amount", "currency", "expected_close", "deal_type", "sourced", "description")  # fmt: skip
REQUIRED = ("customer_name", "customer_country", "products", "amount", "currency", "expected_close")


@dataclass
class RowReport:
    line: int
    customer: str
    outcome: str  # "ok" | "conflict" | "error" | "registered"
    message: str = ""
    deal_id: int | None = None


@dataclass
class BulkReport:
    rows: list[RowReport] = field(default_factory=list)
    dry_run: bool = True

    @property
    def taken(self) -> int:
        return sum(r.outcome in ("ok", "registered") for r in self.rows)


def parse_csv(raw: bytes) -> list[tuple[int, dict[str, str]]]:
    """Rows of a registration CSV, or a clear error about the whole file."""
    if len(raw) > MAX_BYTES:
        raise InvalidInput(
            _("The file is larger than 1 MB; split it into smaller files."), field="file"
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(
            _("The file is not UTF-8 text. Save it as 'CSV UTF-8' and upload again."), field="file"
        ) from None
    try:
        reader = csv.DictReader(io.StringIO(text))
        header = [h.strip().lower() for h in reader.fieldnames or []]
        missing = [c for c in REQUIRED if c not in header]
        if missing:
            raise InvalidInput(
                _("Missing column(s): %(cols)s. The first line must name the columns: %(all)s.")
                % {"cols": ", ".join(missing), "all": ",".join(COLUMNS)},
                field="file",
            )
        reader.fieldnames = header
        rows = [
            (i, {k: (v or "").strip() for k, v in row.items() if k})
            for i, row in enumerate(reader, start=2)
        ]
    except csv.Error as exc:
        raise InvalidInput(
            _("The file is not valid CSV: %(e)s.") % {"e": exc}, field="file"
        ) from None
    if not rows:
        raise InvalidInput(_("The file has no rows under its header."), field="file")
    if len(rows) > MAX_ROWS:
        raise InvalidInput(_("At most %(n)s rows per file.") % {"n": MAX_ROWS}, field="file")
    return rows


def _input(row: dict[str, str]) -> services.DealInput:
    return services.DealInput(
        customer=CustomerInput(row.get("customer_name", ""), row.get("customer_domain", ""),
                               row.get("customer_country", ""), row.get("customer_city", "")),
        products=[p for p in row.get("products", "").replace(";", " ").split() if p],
        amount=row.get("amount", ""), currency=row.get("currency", "").upper(),
        expected_close=row.get("expected_close", ""), deal_type=row.get("deal_type") or "new",
        sourced=row.get("sourced", "yes").lower() not in ("no", "false", "0", "influenced"),
        contact_name=row.get("contact_name", ""), contact_email=row.get("contact_email", ""),
        description=row.get("description", ""),
    )  # fmt: skip


def bulk_register(*, actor: Actor, partner: Any, raw: bytes, dry_run: bool) -> BulkReport:
    require(actor, "deals.register", partner)
    report = BulkReport(dry_run=dry_run)
    for line, row in parse_csv(raw):
        data = _input(row)
        name = data.customer.name
        try:
            if dry_run:
                report.rows.append(_preview(line, data))
            else:
                deal = services.deal_register(actor=actor, partner=partner, data=data)
                report.rows.append(
                    RowReport(line, name, "registered", deal.get_status_display(), deal.pk)
                )
        except services.RegistrationConflict as exc:
            report.rows.append(RowReport(line, name, "conflict", exc.message))
        except DomainError as exc:
            where = f"{exc.field}: " if exc.field else ""
            report.rows.append(RowReport(line, name, "error", where + exc.message))
    return report


def _preview(line: int, data: services.DealInput) -> RowReport:
    """Validate a row and say whether it would meet an active registration, writing nothing."""
    services.validate_input(data)
    customer = validate_customer(data.customer)
    found = similar_companies(name=customer.name, domain=customer.domain, country=customer.country,
                              city=customer.city, limit=1, min_score=0.8)  # fmt: skip
    if found and customer_is_protected(account_id=int(found[0].id), skus=data.products):
        return RowReport(line, customer.name, "conflict",
                         _("An active registration already protects this customer for these products."))  # fmt: skip
    return RowReport(line, customer.name, "ok", _("Ready to register."))
