"""SLA clocks that honour business hours: a 24-hour SLA submitted on Friday evening is due
mid-week."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings

DEFAULT_HOURS = ("UTC", 9, 17)


def calendar_for(region: str | None) -> tuple[str, int, int]:
    """(time zone, opening hour, closing hour) of a region, from TRELLIS_BUSINESS_HOURS."""
    table: dict[str, tuple[str, int, int]] = getattr(settings, "TRELLIS_BUSINESS_HOURS", {})
    return table.get(region or "", table.get("default", DEFAULT_HOURS))


def add_business_hours(start: dt.datetime, hours: float, region: str | None = None) -> dt.datetime:
    """The moment ``hours`` working hours after ``start`` (Monday to Friday, opening to closing)."""
    zone, opens, closes = calendar_for(region)
    tz = ZoneInfo(zone)
    cursor = start.astimezone(tz)
    remaining = dt.timedelta(hours=hours)
    while remaining > dt.timedelta(0):
        day_open = cursor.replace(hour=opens, minute=0, second=0, microsecond=0)
        day_close = cursor.replace(hour=closes, minute=0, second=0, microsecond=0)
        if cursor.weekday() >= 5 or cursor >= day_close:
            cursor = (day_open + dt.timedelta(days=1)) if cursor >= day_open else day_open
            continue
        cursor = max(cursor, day_open)
        available = day_close - cursor
        if remaining <= available:
            return (cursor + remaining).astimezone(dt.UTC)
        remaining -= available
        cursor = day_open + dt.timedelta(days=1)
    return cursor.astimezone(dt.UTC)


def business_hours_between(
    start: dt.datetime, end: dt.datetime, region: str | None = None
) -> float:
    """Working hours from ``start`` to ``end`` (negative when ``end`` is earlier)."""
    if end < start:
        return -business_hours_between(end, start, region)
    zone, opens, closes = calendar_for(region)
    tz = ZoneInfo(zone)
    cursor, end = start.astimezone(tz), end.astimezone(tz)
    total = dt.timedelta(0)
    while cursor < end:
        day_open = cursor.replace(hour=opens, minute=0, second=0, microsecond=0)
        day_close = cursor.replace(hour=closes, minute=0, second=0, microsecond=0)
        if cursor.weekday() < 5:
            lo, hi = max(cursor, day_open), min(end, day_close)
            if hi > lo:
                total += hi - lo
        cursor = day_open + dt.timedelta(days=1)
    return total.total_seconds() / 3600
