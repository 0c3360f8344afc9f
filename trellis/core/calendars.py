"""Writes of the business calendars that SLA clocks count in, from the console's settings."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import available_timezones

from django.utils.translation import gettext as _

from . import stamps
from .actor import Actor
from .configuration import save_audited
from .exceptions import InvalidInput
from .models import BusinessCalendar
from .policies import require, rule
from .roles import configures_programs

CALENDAR_FIELDS = ("time_zone", "opens_at", "closes_at", "workdays")


@rule("core.configure_calendars")
def _configure(actor: Actor, obj: Any) -> bool:
    return configures_programs(actor)


def time_zone_choices() -> list[str]:
    return sorted(z for z in available_timezones() if "/" in z or z == "UTC")


def calendar_save(
    *, actor: Actor, region: str, regions: frozenset[str], values: dict[str, Any]
) -> BusinessCalendar:
    """Set ``region``'s calendar (``regions``: the codes that may have one, with ``default``).

    Deadlines already set keep their date; the next ones count in the new hours.
    """
    require(actor, "core.configure_calendars")
    if region not in regions:
        raise InvalidInput(_("Unknown region."), field="region")
    values = {k: values[k] for k in CALENDAR_FIELDS if k in values}
    if values.get("time_zone") not in available_timezones():
        raise InvalidInput(_("Choose a time zone from the list."), field="time_zone")
    days = sorted({int(d) for d in values.get("workdays") or []})
    if not days or not set(days) <= set(range(7)):
        raise InvalidInput(_("Choose at least one working day."), field="workdays")
    values["workdays"] = days
    for name in ("opens_at", "closes_at"):
        if not isinstance(values.get(name), dt.time):
            raise InvalidInput(_("Enter a time such as 09:00."), field=name)
    stored = BusinessCalendar.objects.filter(region=region).first()
    saved, _changed = save_audited(
        actor=actor,
        obj=stored or BusinessCalendar(region=region),
        values=values,
        verb="calendar.changed",
        stamp=stamps.PROGRAMS,
    )
    return saved
