"""CSV export of registrations, for the portal (a partner's own) and the console (all)."""

from __future__ import annotations

import csv

from django.db.models import QuerySet
from django.http import HttpResponse

from .models import DealRegistration

HEADER = [
    "id",
    "status",
    "customer",
    "country",
    "products",
    "amount",
    "currency",
    "expected_close",
    "deal_type",
    "sourced",
    "submitted_at",
    "protected_until",
    "check",
    "uplift_pct",
]


def registrations_csv(
    deals: QuerySet[DealRegistration], filename: str, *, vendor: bool
) -> HttpResponse:
    """Stream-friendly CSV of ``deals`` (already scoped by the caller); the vendor's also names the
    partner."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow((["partner"] if vendor else []) + HEADER)
    for d in deals:
        row = [
            d.pk,
            d.status,
            d.customer_name,
            d.customer_country,
            " ".join(line.product.sku for line in d.lines.all()),
            d.amount,
            d.currency,
            d.expected_close,
            d.deal_type,
            d.sourced,
            d.submitted_at or "",
            d.protected_until or "",
            d.check_outcome,
            d.uplift_pct if d.uplift_pct is not None else "",
        ]
        writer.writerow(([d.partner.name] if vendor else []) + row)
    return response
