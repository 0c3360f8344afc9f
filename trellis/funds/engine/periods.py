"""Fiscal periods written the way finance writes them: "FY2027", "FY2027-H1", "FY2027-Q3",
"2027-05" (a month), with the fiscal year starting in a month the vendor chooses. "FY2027"
is the fiscal year that ends in calendar 2027 (with a January start, calendar 2027)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_PATTERN = re.compile(
    r"^(?:FY(?P<fy>\d{4})(?:-(?P<part>[HQ])(?P<n>\d))?|(?P<y>\d{4})-(?P<m>\d{2}))$"
)


class BadPeriod(ValueError):
    pass


@dataclass(frozen=True)
class Period:
    label: str
    starts: dt.date
    ends: dt.date  # the last day in the period

    def __contains__(self, day: dt.date) -> bool:
        return self.starts <= day <= self.ends


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def parse(label: str, *, year_starts_in: int = 1) -> Period:
    """The period a label names; ``BadPeriod`` for anything else."""
    text = label.strip().upper()
    found = _PATTERN.match(text)
    if found is None:
        raise BadPeriod(label)
    if found["y"]:
        month = int(found["m"])
        if not 1 <= month <= 12:
            raise BadPeriod(label)
        starts = dt.date(int(found["y"]), month, 1)
        return Period(text, starts, _add_months(starts, 1) - dt.timedelta(days=1))
    year = int(found["fy"])
    # FY2027 ends in calendar 2027: with an April start it runs April 2026 to March 2027.
    first = dt.date(year if year_starts_in == 1 else year - 1, year_starts_in, 1)
    months, offset = 12, 0
    if found["part"] == "H":
        n = int(found["n"])
        if n not in (1, 2):
            raise BadPeriod(label)
        months, offset = 6, 6 * (n - 1)
    elif found["part"] == "Q":
        n = int(found["n"])
        if not 1 <= n <= 4:
            raise BadPeriod(label)
        months, offset = 3, 3 * (n - 1)
    starts = _add_months(first, offset)
    return Period(text, starts, _add_months(starts, months) - dt.timedelta(days=1))
