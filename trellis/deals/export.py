"""CSV export of registrations, for the portal (a partner's own) and the console (all)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.http import StreamingHttpResponse

from trellis.core.exports import csv_download

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
) -> StreamingHttpResponse:
    """CSV of ``deals`` (already scoped by the caller), streamed in chunks; the vendor's also names
    the partner."""

    def rows() -> Iterator[list[Any]]:
        for d in deals.iterator(chunk_size=2000):
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
            yield ([d.partner.name] if vendor else []) + row

    return csv_download((["partner"] if vendor else []) + HEADER, rows(), filename)
