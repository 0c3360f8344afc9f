"""Earnings in words: a rule version's terms, why a line earned what it did, and a nudge, in
the reader's language with amounts and percentages as its locale writes them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from babel.numbers import format_decimal
from django import template
from django.utils.formats import date_format
from django.utils.translation import get_language, ngettext, to_locale
from django.utils.translation import gettext as _

from trellis.core.money import Money

register = template.Library()


def _number(value: Any) -> str:
    """A figure as the locale writes it ("1.5" is "1,5" in German)."""
    return str(format_decimal(Decimal(str(value)), locale=to_locale(get_language() or "en")))


def _pct(value: Any) -> str:
    return f"{_number(value)} %"


def _money(value: Any, currency: str) -> str:
    return Money(Decimal(str(value)), currency).format()


@register.filter
def rule_terms(version: Any, currency: str) -> str:
    """A rule version's terms as the partner reads them."""
    kind, p = version.rule.kind, version.params
    if kind == "uplift":
        return _(
            "The margin uplift your tier had when the registration was approved, paid on every "
            "registered deal you win."
        )
    if kind == "referral":
        return _(
            "%(pct)s of the first-year revenue of every customer you refer: the referral "
            "itself, and what we sell that customer within a year of it."
        ) % {"pct": _pct(p["pct"])}
    if kind == "consumption":
        return _("%(pct)s of your customers' usage billed each month.") % {"pct": _pct(p["pct"])}
    if kind == "marketplace":
        return _("%(pct)s of the marketplace sales credited to you.") % {"pct": _pct(p["pct"])}
    if kind == "spiff":
        text = _("%(amount)s for every deal won with %(sku)s.") % {
            "amount": _money(p["amount"], currency),
            "sku": p["sku"],
        }
        if version.ends:
            text += " " + _("Until %(day)s.") % {"day": date_format(version.ends)}
        return text
    bands = "; ".join(
        _("%(pct)s from %(revenue)s") % {"pct": _pct(pct), "revenue": _money(start, currency)}
        for start, pct in p["bands"]
    )
    text = _("On the month's resold revenue: %(bands)s.") % {"bands": bands}
    acc = p.get("accelerator")
    if acc:
        text += " " + _(
            "Times %(multiplier)s in a month with %(n)s or more deals in %(family)s."
        ) % {
            "multiplier": _number(acc["multiplier"]),
            "n": acc["min_deals"],
            "family": acc["family"],
        }
    return text


@register.filter
def line_why(line: Any) -> str:
    """Why a line earned its amount, with its figures."""
    currency, figures = line.statement.currency, line.figures or {}
    why = line.why
    if why == "clawback":
        return _("The deal was reversed: what it earned under this rule comes back.")
    if why == "adjustment":
        return _("Correction agreed in dispute %(id)s.") % {"id": line.source_id}
    if why == "spiff":
        return _("Bonus for %(sku)s.") % {"sku": figures.get("sku", "")}
    if why == "rebate":
        return _(
            "%(pct)s of the deal: the month's resold revenue of %(revenue)s reached that band."
        ) % {
            "pct": _pct(line.rate),
            "revenue": _money(figures.get("revenue", "0"), currency),
        }
    return _("%(pct)s of %(base)s.") % {"pct": _pct(line.rate), "base": _money(line.base, currency)}


@register.filter
def nudge_words(nudge: Any, currency: str) -> str:
    """What would raise this month's earnings, said plainly."""
    f = nudge.figures
    if nudge.code == "rebate_band":
        return _("Sell %(short)s more this month to reach the %(pct)s rebate band.") % {
            "short": _money(f["short"], currency),
            "pct": _pct(f["rate"]),
        }
    if nudge.code == "accelerator":
        more = int(f["more"])
        return ngettext(
            "Win %(more)s more deal in %(family)s this month for the rebate accelerator "
            "(times %(multiplier)s).",
            "Win %(more)s more deals in %(family)s this month for the rebate accelerator "
            "(times %(multiplier)s).",
            more,
        ) % {"more": more, "family": f["family"], "multiplier": _number(f["multiplier"])}
    return _("%(amount)s for every deal with %(sku)s until %(day)s.") % {
        "amount": _money(f["amount"], currency),
        "sku": f["sku"],
        "day": date_format(dt.date.fromisoformat(f["until"])),
    }
