"""The conflict check's reasons, stored as a code with its figures and read in each reader's
language.

A partner registers in Japanese; the channel manager decides in German. The
reasons are stored on the registration as ``{"code": ..., figures}`` and put
into words whenever they are shown. Reasons stored as text before codes
existed are shown as they are.
"""

from __future__ import annotations

from typing import Any

from django.utils.dateparse import parse_date
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

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
