"""Routing outcomes stored as a code with its figures, and read in each reader's language.

A routing decision's summary and an unroutable lead's reason are written once
(often by a batch, in no one's language) and read by channel managers in
English, German, French, Spanish or Japanese. So they are stored as
``code|{"figure": value}`` and put into words when shown. Text stored before
codes existed, or typed by a person, is shown as it is.
"""

from __future__ import annotations

import json
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .choices import EXCLUSION_LABELS
from .engine.facts import EXCLUSIONS

SEP = "|"

TEXTS: dict[str, str] = {
    "for_review": gettext_noop(
        "Waiting for the channel manager to pick from %(n)s ranked partners."
    ),
    "assigned": gettext_noop("Assigned to the best-ranked partner (score %(s)s)."),
    "offered_one": gettext_noop("Offered to one partner for %(h)s hours."),
    "offered_many": gettext_noop("Offered to %(n)s partners at once for %(h)s hours."),
    "offered_by": gettext_noop("Offered by %(who)s."),
    "no_partner": gettext_noop("No partner is enrolled in the program."),
    "held": gettext_noop("Held for the channel manager (%(who)s) after its partner left."),
}
UNROUTABLE = "unroutable"


def encode(code: str, **figures: Any) -> str:
    """What is stored for an outcome: its code and its figures."""
    return f"{code}{SEP}{json.dumps(figures, separators=(',', ':'), sort_keys=True)}"


def unroutable(excluded: dict[str, Any]) -> str:
    """Why no partner qualified, stored as how many partners each hard rule left out."""
    counts = {r: int(excluded[r][0]) for r in EXCLUSIONS if r in excluded}
    return encode(UNROUTABLE, **counts) if counts else encode("no_partner")


def words(stored: str) -> str:
    """A stored outcome in the active language."""
    code, sep, raw = (stored or "").partition(SEP)
    if not sep or (code not in TEXTS and code != UNROUTABLE):
        return stored
    try:
        figures = json.loads(raw)
    except ValueError:
        return stored
    if code == UNROUTABLE:
        parts = [
            _("%(n)s %(why)s") % {"n": figures[r], "why": EXCLUSION_LABELS[r]}
            for r in EXCLUSIONS
            if r in figures
        ]
        return _("No partner qualifies: %(parts)s.") % {"parts": "; ".join(parts)}
    return _(TEXTS[code]) % figures
