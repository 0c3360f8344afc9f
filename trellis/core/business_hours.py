"""SLA clocks that honour business hours: a 24-hour SLA submitted on Friday evening is due
mid-week.

Each region's calendar (time zone, opening and closing time, working days) is
set on the console's business-hours screen; a region without one uses the
``default`` calendar, and without that the settings' TRELLIS_BUSINESS_HOURS.
Calendars are kept per process under the programs' stamp.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings

from . import stamps
from .models import BusinessCalendar

DEFAULT_HOURS = ("UTC", 9, 17)
MONDAY_TO_FRIDAY = frozenset(range(5))


@dataclass(frozen=True)
class Calendar:
    zone: str
    opens: dt.time
    closes: dt.time
    workdays: frozenset[int] = MONDAY_TO_FRIDAY


def _from_settings(region: str) -> Calendar | None:
    table: dict[str, tuple[str, int, int]] = getattr(settings, "TRELLIS_BUSINESS_HOURS", {})
    if region not in table:
        return None
    zone, opens, closes = table[region]
    return Calendar(zone, dt.time(opens), dt.time(closes))


def configured_calendars() -> dict[str, Calendar]:
    """The calendars set in the console, by region."""
    return {
        c.region: Calendar(c.time_zone, c.opens_at, c.closes_at, frozenset(c.workdays))
        for c in BusinessCalendar.objects.all()
    }


_CALENDARS: stamps.StampedCache[dict[str, Calendar]] = stamps.StampedCache(stamps.PROGRAMS)


def calendar_for(region: str | None) -> Calendar:
    """The calendar of ``region``: its own, else the default one, else UTC 9:00 to 17:00."""
    stored = _CALENDARS.get("all", configured_calendars)
    key = region or ""
    return (
        stored.get(key)
        or _from_settings(key)
        or stored.get("default")
        or _from_settings("default")
        or Calendar(DEFAULT_HOURS[0], dt.time(DEFAULT_HOURS[1]), dt.time(DEFAULT_HOURS[2]))
    )


def _day_bounds(cursor: dt.datetime, cal: Calendar) -> tuple[dt.datetime, dt.datetime]:
    opens = cursor.replace(hour=cal.opens.hour, minute=cal.opens.minute, second=0, microsecond=0)
    closes = cursor.replace(hour=cal.closes.hour, minute=cal.closes.minute, second=0, microsecond=0)
    return opens, closes


def add_business_hours(start: dt.datetime, hours: float, region: str | None = None) -> dt.datetime:
    """The moment ``hours`` working hours after ``start`` (working days, opening to closing)."""
    cal = calendar_for(region)
    if not cal.workdays:
        cal = Calendar(cal.zone, cal.opens, cal.closes)  # a calendar without days: Mon to Fri
    tz = ZoneInfo(cal.zone)
    cursor = start.astimezone(tz)
    remaining = dt.timedelta(hours=hours)
    while remaining > dt.timedelta(0):
        day_open, day_close = _day_bounds(cursor, cal)
        if cursor.weekday() not in cal.workdays or cursor >= day_close:
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
    cal = calendar_for(region)
    workdays = cal.workdays or MONDAY_TO_FRIDAY
    tz = ZoneInfo(cal.zone)
    cursor, end = start.astimezone(tz), end.astimezone(tz)
    total = dt.timedelta(0)
    while cursor < end:
        day_open, day_close = _day_bounds(cursor, cal)
        if cursor.weekday() in workdays:
            lo, hi = max(cursor, day_open), min(end, day_close)
            if hi > lo:
                total += hi - lo
        cursor = day_open + dt.timedelta(days=1)
    return total.total_seconds() / 3600
