"""What a rule's terms must hold, per kind, checked before a version is saved: the engine
reads them without further checks. Each problem is a code with its figures, put in words
by the caller."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

KINDS = ("uplift", "rebate", "spiff", "referral", "consumption", "marketplace")


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _pct(value: Any, field: str) -> list[tuple[str, str]]:
    number = _number(value)
    if number is None or not Decimal(0) < number <= Decimal(100):
        return [(field, "percent")]
    return []


def problems(kind: str, params: Any) -> list[tuple[str, str]]:
    """(field, code) for every problem with ``params`` of a rule of ``kind``; none: valid."""
    if kind not in KINDS:
        return [("kind", "kind")]
    if not isinstance(params, dict):
        return [("params", "object")]
    if kind == "uplift":
        return []  # the tier's uplift at approval is the rate: nothing to set here
    if kind in ("referral", "consumption", "marketplace"):
        return _pct(params.get("pct"), "pct")
    if kind == "spiff":
        out = []
        if not isinstance(params.get("sku"), str) or not params["sku"].strip():
            out.append(("sku", "required"))
        amount = _number(params.get("amount"))
        if amount is None or amount <= 0:
            out.append(("amount", "positive"))
        return out
    return _rebate(params)


def _rebate(params: dict[str, Any]) -> list[tuple[str, str]]:
    bands = params.get("bands")
    if not isinstance(bands, list) or not bands:
        return [("bands", "required")]
    out: list[tuple[str, str]] = []
    last = Decimal(-1)
    for band in bands:
        if not isinstance(band, list | tuple) or len(band) != 2:
            return [("bands", "band")]
        start, pct = _number(band[0]), _number(band[1])
        if start is None or start < 0 or start <= last:
            out.append(("bands", "ascending"))
            break
        out += _pct(pct, "bands")
        last = start
    acc = params.get("accelerator")
    if acc is not None:
        if not isinstance(acc, dict) or not str(acc.get("family", "")).strip():
            out.append(("accelerator", "family"))
        else:
            deals, multiplier = _number(acc.get("min_deals")), _number(acc.get("multiplier"))
            if deals is None or deals < 1 or deals != int(deals):
                out.append(("accelerator", "min_deals"))
            if multiplier is None or not Decimal(1) < multiplier <= Decimal(5):
                out.append(("accelerator", "multiplier"))
    return out
