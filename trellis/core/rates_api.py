"""API: exchange rates (read by anyone signed in; imported by vendor finance and admins)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from . import rates
from .api import Input, Problem, actor_of
from .exceptions import InvalidInput

router = Router(tags=["exchange rates"])


class RateOut(Schema):
    currency: str
    usd_per_unit: str = Field(description="Decimal as a string")
    effective_on: dt.date


class RatesOut(Schema):
    on: dt.date
    rates: list[RateOut]


class RatesQuery(Input):
    on: str | None = Field(
        default=None,
        pattern=r"^\d{4}-\d{2}-\d{2}$",
        max_length=10,
        description="The day, YYYY-MM-DD (default: today)",
    )


@router.get(
    "/exchange-rates",
    response={200: RatesOut, 422: Problem},
    summary="The rates in force on a day, one per currency",
)
def list_rates(request: HttpRequest, query: Query[RatesQuery]) -> dict[str, Any]:
    try:
        day = dt.date.fromisoformat(query.on) if query.on else timezone.localdate()
    except ValueError:
        raise InvalidInput(_("Enter a date as YYYY-MM-DD."), field="on") from None
    return {
        "on": day,
        "rates": [
            {"currency": c, "usd_per_unit": str(rate), "effective_on": since}
            for c, rate, since in rates.current_rates(on=day)
        ],
    }


class ExchangeRateIn(Input):
    currency: str = Field(min_length=3, max_length=3, description="ISO 4217")
    usd_per_unit: str = Field(
        min_length=1, max_length=32, description='US dollars per unit, as a string: "1.0842"'
    )
    effective_on: dt.date


class RatesIn(Input):
    rates: list[ExchangeRateIn] = Field(min_length=1, max_length=rates.MAX_ROWS)


class ImportedOut(Schema):
    imported: int = Field(description="Rates added or changed (an identical rate is left alone)")


@router.post(
    "/exchange-rates",
    response={201: ImportedOut, 403: Problem, 422: Problem},
    summary="Import rates (vendor finance or admins); all or nothing",
)
def import_rates(request: HttpRequest, payload: RatesIn) -> Status:
    rows = rates.rows_from_values(
        [(r.currency, r.usd_per_unit, r.effective_on.isoformat()) for r in payload.rates]
    )
    return Status(201, {"imported": rates.rates_import(actor=actor_of(request), rows=rows)})
