"""Cursor (keyset) pagination for the API: stable under inserts, O(page) at any depth."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from .exceptions import InvalidInput

M = TypeVar("M", bound=Model)
MAX_LIMIT = 200


@dataclass(frozen=True)
class Page(Generic[M]):
    items: list[M]
    next_cursor: str | None


def _encode(pk: int) -> str:
    return base64.urlsafe_b64encode(f"id:{pk}".encode()).decode().rstrip("=")


def _decode(cursor: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        kind, _sep, value = raw.partition(":")
        if kind != "id":
            raise ValueError
        return int(value)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise InvalidInput(
            _("The cursor is not valid; start again without it."), field="cursor"
        ) from None


def paginate_by_id(qs: QuerySet[M], *, cursor: str | None, limit: int) -> Page[M]:
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(
            _("limit must be between 1 and %(max)s.") % {"max": MAX_LIMIT}, field="limit"
        )
    qs = qs.order_by("pk")
    if cursor:
        qs = qs.filter(pk__gt=_decode(cursor))
    rows = list(qs[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return Page(items=rows, next_cursor=_encode(rows[-1].pk) if more and rows else None)


def page_of(
    qs: QuerySet[M], *, cursor: str | None, limit: int, render: Callable[[M], Any]
) -> dict[str, Any]:
    """One page of ``qs`` as a list endpoint answers it: the items rendered, and the cursor of
    the next page (None on the last)."""
    page = paginate_by_id(qs, cursor=cursor, limit=limit)
    return {"items": [render(x) for x in page.items], "next_cursor": page.next_cursor}


def page_number(raw: str | None) -> int:
    """A page number from a query string: a whole number from 1 up; anything else is page 1."""
    if raw is None or not raw.isdigit() or len(raw) > 6:
        return 1
    return max(1, int(raw))
