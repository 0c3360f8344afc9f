"""A partner's account list from a CSV file (name, domain, country, status)."""

from __future__ import annotations

from trellis.core import uploads

from .services import MAX_ACCOUNTS, AccountRow

COLUMNS = ("name", "domain", "country", "status")
MAX_BYTES = 20_000_000


def rows_from_csv(raw: bytes) -> list[AccountRow]:
    rows = uploads.parse_csv(
        raw,
        columns=COLUMNS,
        required=("name", "country", "status"),
        max_bytes=MAX_BYTES,
        max_rows=MAX_ACCOUNTS,
    )
    return [
        AccountRow(
            r.get("name", ""),
            r.get("country", ""),
            r.get("status", ""),
            r.get("domain", ""),
            line=line,
        )
        for line, r in rows
    ]
