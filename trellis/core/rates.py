"""Exchange rates: a dated table finance imports (CSV or API), and conversions at a day's rates.

Each row says what one unit of a currency was worth in US dollars from a date on. A
conversion uses, for each of its two currencies, the latest rate effective on its day and
names the date of the rates it used (the later of the two), so a decision that compared an
amount across currencies can always say which rates it used.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import events, stamps, uploads
from .actor import Actor
from .exceptions import InvalidInput
from .models import ExchangeRate
from .money import CURRENCIES
from .policies import require, rule
from .roles import StaffRole

MAX_ROWS = 5000  # one file or request: years of daily rates for every currency


@rule("core.manage_rates")
def _manage_rates(actor: Actor, _obj: object) -> bool:
    return actor.is_staff and actor.has_role(StaffRole.ADMIN, StaffRole.FINANCE)


@dataclass(frozen=True)
class RateRow:
    currency: str
    usd_per_unit: Decimal
    effective_on: dt.date


@dataclass(frozen=True)
class Converted:
    amount: Decimal
    rates_of: dt.date  # the effective date of the newer of the two rates used


class NoRate(InvalidInput):
    """No rate for a currency on or before the day asked."""

    code = "no-exchange-rate"


_TABLE: stamps.StampedCache[dict[str, tuple[list[dt.date], list[Decimal]]]] = stamps.StampedCache(
    stamps.RATES, size=1
)


def _table() -> dict[str, tuple[list[dt.date], list[Decimal]]]:
    def read() -> dict[str, tuple[list[dt.date], list[Decimal]]]:
        table: dict[str, tuple[list[dt.date], list[Decimal]]] = {}
        for currency, day, rate in ExchangeRate.objects.order_by(
            "currency", "effective_on"
        ).values_list("currency", "effective_on", "usd_per_unit"):
            days, values = table.setdefault(currency, ([], []))
            days.append(day)
            values.append(rate)
        return table

    return _TABLE.get("all", read)


def rate_on(currency: str, day: dt.date) -> tuple[Decimal, dt.date]:
    """US dollars per unit of ``currency`` on ``day``, and the date that rate took effect."""
    if currency == "USD":  # the unit everything is quoted in, always 1, whatever the table holds
        return Decimal(1), dt.date.min
    table = _table()
    days, values = table.get(currency, ([], []))
    i = bisect_right(days, day)
    if i == 0:
        raise NoRate(
            _("No exchange rate for %(currency)s on %(day)s.")
            % {"currency": currency, "day": day.isoformat()},
            field="currency",
        )
    return values[i - 1], days[i - 1]


def convert(
    amount: Decimal, from_currency: str, to_currency: str, *, on: dt.date | None = None
) -> Converted:
    """``amount`` in ``to_currency`` at the rates effective on ``on`` (today by default)."""
    day = on or timezone.localdate()
    if from_currency == to_currency:
        return Converted(amount, day)
    source, source_day = rate_on(from_currency, day)
    target, target_day = rate_on(to_currency, day)
    return Converted(amount * source / target, max(source_day, target_day))


def current_rates(*, on: dt.date | None = None) -> list[tuple[str, Decimal, dt.date]]:
    """Every currency's rate effective on ``on`` (today by default): (currency, rate, since)."""
    day = on or timezone.localdate()
    out = []
    for currency in sorted(_table()):
        try:
            rate, since = rate_on(currency, day)
        except NoRate:
            continue
        out.append((currency, rate, since))
    return out


def _row(number: int, currency: str, value: str, day: str) -> tuple[RateRow | None, str]:
    currency = currency.strip().upper()
    if currency not in CURRENCIES or currency == "USD":
        return None, _("Row %(n)s: %(currency)s is not a currency Trellis prices in.") % {
            "n": number,
            "currency": currency[:8] or "—",
        }
    try:
        rate = Decimal(value.strip())
    except InvalidOperation:
        rate = Decimal(0)
    if not rate.is_finite() or rate <= 0 or rate >= Decimal("1e10"):
        return None, _("Row %(n)s: the rate must be a positive number of US dollars.") % {
            "n": number
        }
    try:
        effective = dt.date.fromisoformat(day.strip())
    except ValueError:
        return None, _("Row %(n)s: the date must read YYYY-MM-DD.") % {"n": number}
    return RateRow(currency, rate.quantize(Decimal("1e-10")), effective), ""


def rows_from_csv(raw: bytes) -> list[RateRow]:
    """The rows of a CSV with columns ``currency,usd_per_unit,effective_on``, all or nothing.

    Raises InvalidInput naming every bad row by its line in the file.
    """
    columns = ("currency", "usd_per_unit", "effective_on")
    lines = uploads.parse_csv(raw, columns=columns, required=columns, max_rows=MAX_ROWS)
    return _checked([(n, r["currency"], r["usd_per_unit"], r["effective_on"]) for n, r in lines])


def rows_from_values(values: list[tuple[str, str, str]]) -> list[RateRow]:
    """Rows given as (currency, usd_per_unit, effective_on) text (the API's), all or nothing."""
    return _checked([(n, *v) for n, v in enumerate(values, start=1)])


def _checked(values: list[tuple[int, str, str, str]]) -> list[RateRow]:
    if not values:
        raise InvalidInput(_("There are no rates to import."), field="rates")
    if len(values) > MAX_ROWS:
        raise InvalidInput(_("At most %(n)s rates at a time.") % {"n": MAX_ROWS}, field="rates")
    rows: list[RateRow] = []
    errors: list[str] = []
    seen: set[tuple[str, dt.date]] = set()
    for number, currency, value, day in values:
        row, error = _row(number, currency, value, day)
        if row is not None and (row.currency, row.effective_on) in seen:
            error = _("Row %(n)s: %(currency)s for %(day)s is given twice.") % {
                "n": number,
                "currency": row.currency,
                "day": row.effective_on.isoformat(),
            }
            row = None
        if row is None:
            errors.append(error)
        else:
            seen.add((row.currency, row.effective_on))
            rows.append(row)
    if errors:
        shown = errors[:20]
        if len(errors) > 20:
            shown.append(_("…and %(n)s more.") % {"n": len(errors) - 20})
        raise InvalidInput(" ".join(shown), field="rates")
    return rows


def rates_import(*, actor: Actor, rows: list[RateRow]) -> int:
    """Store finance's rates (a rate already set for a currency and day is replaced); audited.

    Returns how many rows were written.
    """
    require(actor, "core.manage_rates")
    with transaction.atomic():
        existing = {
            (r.currency, r.effective_on): r
            for r in ExchangeRate.objects.select_for_update().filter(
                currency__in={row.currency for row in rows},
                effective_on__in={row.effective_on for row in rows},
            )
        }
        new, changed = [], []
        for row in rows:
            old = existing.get((row.currency, row.effective_on))
            if old is None:
                new.append(
                    ExchangeRate(
                        currency=row.currency,
                        usd_per_unit=row.usd_per_unit,
                        effective_on=row.effective_on,
                        imported_by_id=actor.user_id,
                    )
                )
            elif old.usd_per_unit != row.usd_per_unit:
                old.usd_per_unit, old.imported_by_id = row.usd_per_unit, actor.user_id
                changed.append(old)
        ExchangeRate.objects.bulk_create(new)
        ExchangeRate.objects.bulk_update(changed, ["usd_per_unit", "imported_by"])
        if new or changed:
            stamps.bump(stamps.RATES)
            anchor = (new or changed)[0]
            events.record(
                actor,
                "exchange_rates.imported",
                anchor,
                after={
                    "added": len(new),
                    "changed": len(changed),
                    "currencies": sorted({r.currency for r in rows}),
                    "from": min(r.effective_on for r in rows),
                    "to": max(r.effective_on for r in rows),
                },
            )
    return len(new) + len(changed)
