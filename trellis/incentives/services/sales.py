"""Usage and marketplace sales reported to the vendor from outside its deal desk (a billing
export, a cloud marketplace's disbursement report), imported for a month: each row checked,
the whole import refused when any row is wrong, so a file is fixed and sent again as one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from trellis.core import events
from trellis.core.actor import Actor
from trellis.core.amounts import LARGEST
from trellis.core.exceptions import InvalidInput, InvalidRows
from trellis.core.money import CURRENCIES, minor_units
from trellis.core.policies import require
from trellis.partners.selectors import program_enrollments

from .. import policies  # noqa: F401  (registers the rules)
from ..choices import SaleKind
from ..models import IncentivePlan, ReportedSale
from ..month import PARTNER_STATUSES, month_of

MAX_ROWS = 50_000
PROBLEMS_SHOWN = 20


@dataclass(frozen=True)
class SaleRow:
    partner: int
    kind: str
    sold_on: str  # ISO date, inside the month imported
    reference: str
    customer: str
    amount: str
    currency: str
    line: int = 0  # the file's line (0: not from a file)


def _problem(row: SaleRow, month: tuple[dt.date, dt.date], enrolled: set[int]) -> str:
    """What is wrong with ``row`` in words ("" when nothing is)."""
    if row.partner not in enrolled:
        return _("no partner %(id)s in this program") % {"id": row.partner}
    if row.kind not in SaleKind.values:
        return _("kind must be usage or marketplace")
    try:
        day = dt.date.fromisoformat(row.sold_on.strip())
    except ValueError:
        return _("date is not YYYY-MM-DD")
    if not month[0] <= day <= month[1]:
        return _("date outside the month imported")
    if not row.reference.strip() or not row.customer.strip():
        return _("reference and customer are required")
    currency = row.currency.strip().upper()
    if currency not in CURRENCIES:
        return _("unknown currency")
    try:
        amount = Decimal(row.amount.strip())
    except (InvalidOperation, ValueError):
        return _("amount is not a number")
    places = minor_units(currency)
    if not amount.is_finite() or amount < 0 or amount >= LARGEST:
        return _("amount must be zero or more")
    if amount != amount.quantize(Decimal(1).scaleb(-places)):
        return _("too many decimals for %(currency)s") % {"currency": currency}
    return ""


def reported_sales_import(
    *, actor: Actor, plan: IncentivePlan, period: str, rows: list[SaleRow]
) -> int:
    """Store ``rows`` as the month's usage and marketplace sales; a reference already imported
    for the partner (or twice in the list) is refused. Returns how many were stored."""
    require(actor, "incentives.import", plan)
    try:
        month = month_of(period)
    except ValueError:
        raise InvalidInput(_("Give the month as YYYY-MM."), field="period") from None
    if not rows:
        raise InvalidInput(_("The list is empty."), field="rows")
    if len(rows) > MAX_ROWS:
        raise InvalidInput(_("At most %(n)s rows per import.") % {"n": MAX_ROWS}, field="rows")
    enrolled = {
        p for p, _t in program_enrollments(program_id=plan.program_id, statuses=PARTNER_STATUSES)
    }
    known = set(
        ReportedSale.objects.filter(
            plan=plan, partner_id__in={r.partner for r in rows}
        ).values_list("partner_id", "kind", "reference")
    )
    problems: list[str] = []
    for at, row in enumerate(rows, start=1):
        problem = _problem(row, month, enrolled)
        key = (row.partner, row.kind, row.reference.strip())
        if not problem and key in known:
            problem = _("reference %(ref)s already imported") % {"ref": row.reference.strip()}
        known.add(key)
        if problem:
            problems.append(
                _("Row %(n)s: %(problem)s.") % {"n": row.line or at, "problem": problem}
            )
    if problems:
        shown = problems[:PROBLEMS_SHOWN]
        if len(problems) > PROBLEMS_SHOWN:
            shown.append(
                _("And more rows like these: %(n)s.") % {"n": len(problems) - PROBLEMS_SHOWN}
            )
        raise InvalidRows(
            _("Rows that cannot be read: %(n)s. Nothing was stored; correct them and send again.")
            % {"n": len(problems)},
            rows=shown,
            field="rows",
        )
    with transaction.atomic():
        ReportedSale.objects.bulk_create(
            [
                ReportedSale(
                    plan=plan,
                    partner_id=r.partner,
                    kind=r.kind,
                    period=period,
                    sold_on=dt.date.fromisoformat(r.sold_on.strip()),
                    reference=r.reference.strip()[:120],
                    customer_name=r.customer.strip()[:250],
                    amount=Decimal(r.amount.strip()),
                    currency=r.currency.strip().upper(),
                    imported_by_id=actor.user_id,
                )
                for r in rows
            ],
            batch_size=2000,
        )
        events.record(
            actor, "reported_sales.imported", plan, after={"period": period, "rows": len(rows)}
        )
    return len(rows)
