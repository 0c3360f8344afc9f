"""The conflict check's reasons, stored as a code with its figures and read in each reader's
language.

A partner registers in Japanese; the channel manager decides in German. The
reasons are stored on the registration as ``{"code": ..., figures}`` and put
into words whenever they are shown. Reasons stored as text before codes
existed are shown as they are.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.utils.dateparse import parse_date
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from trellis.core.money import Money

TEXTS: dict[str, str] = {
    "held": gettext_noop(
        "%(customer)s already has an active registration for %(families)s since %(date)s."
    ),
    "direct_opportunity": gettext_noop(
        "The vendor's own sales team has an open opportunity for %(families)s at %(customer)s."
    ),
    "direct_account": gettext_noop("%(customer)s is a vendor direct account."),
    "low_confidence": gettext_noop(
        "Matched to the known account %(account)s with %(score)s%% confidence (%(why)s)."
    ),
    "near_match": gettext_noop(
        "Possibly the same company as %(other)s (%(score)s%% match: %(why)s), which has an "
        "active registration."
    ),
    "near_family": gettext_noop(
        "Possibly of the same corporate family as %(other)s (%(why)s), which has an active "
        "registration: a person decides whether the family shares its protection."
    ),
    "clear": gettext_noop("No other active registration, direct account or similar company found."),
}
# Said after a direct-account reason when the program sends such registrations to review.
TO_REVIEW = gettext_noop("The program routes these to the channel manager.")


def reason(code: str, **figures: Any) -> dict[str, Any]:
    """One reason as stored: its code and its figures (plain JSON values)."""
    return {"code": code, **figures}


def words(item: Any) -> str:
    """One stored reason in the active language."""
    if not isinstance(item, dict) or item.get("code") not in TEXTS:
        return str(item)
    figures = {k: v for k, v in item.items() if k not in ("code", "review")}
    if isinstance(figures.get("date"), str) and (day := parse_date(figures["date"])):
        figures["date"] = date_format(day, "SHORT_DATE_FORMAT")
    text = _(TEXTS[item["code"]]) % figures
    return f"{text} {_(TO_REVIEW)}" if item.get("review") else text


def all_words(items: list[Any] | None) -> list[str]:
    return [words(i) for i in items or []]


# The note an automatic approval stores (in deal.decision_note and its event), as code and
# figures: amounts are written the way each reader's locale writes money.
AUTO_APPROVED = "auto_approved|"
AUTO_TEXT = gettext_noop(
    "Approved automatically: no conflicting registration or direct account, the partner is in "
    "good standing, and %(amount)s is within the %(limit)s limit (exchange rates of %(rates)s)."
)


def auto_approved(
    *, amount: Any, currency: str, limit: Any, limit_currency: str, rates_of: Any
) -> str:
    figures = {
        "amount": str(amount),
        "currency": currency,
        "limit": str(limit),
        "limit_currency": limit_currency,
        "rates": rates_of.isoformat(),
    }
    return AUTO_APPROVED + json.dumps(figures, separators=(",", ":"), sort_keys=True)


def note_words(stored: str) -> str:
    """A decision note in the active language: an automatic approval's in words, a person's as
    they wrote it."""
    if not stored.startswith(AUTO_APPROVED):
        return stored
    try:
        f = json.loads(stored[len(AUTO_APPROVED) :])
        day = parse_date(f["rates"])
        if day is None:
            raise ValueError(f["rates"])
        values = {
            "amount": Money(Decimal(f["amount"]), f["currency"]).format(),
            "limit": Money(Decimal(f["limit"]), f["limit_currency"]).format(),
            "rates": date_format(day, "SHORT_DATE_FORMAT"),
        }
    except (ValueError, KeyError, TypeError, ArithmeticError):
        return stored
    return _(AUTO_TEXT) % values
