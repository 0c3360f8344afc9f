"""A fund's balances read from its ledger: the latest entry carries them. Shared by the
services (which post after it) and the selectors (which show it)."""

from __future__ import annotations

from django.db.models import OuterRef, Subquery

from .engine import ledger
from .models import LedgerEntry

BUCKETS = ("allocated", "committed", "claimed", "paid", "expired", "returned")


def balances_of(entry: LedgerEntry | None) -> ledger.Balances:
    if entry is None:
        return ledger.Balances()
    return ledger.Balances(**{b: getattr(entry, b) for b in BUCKETS})


def current_balances(fund_ids: list[int]) -> dict[int, ledger.Balances]:
    """Each fund's balances (zero for a fund with no entry), in one statement."""
    newest = LedgerEntry.objects.filter(fund_id=OuterRef("fund_id")).order_by("-seq")
    out = dict.fromkeys(fund_ids, ledger.Balances())
    for entry in LedgerEntry.objects.filter(
        fund_id__in=fund_ids, seq=Subquery(newest.values("seq")[:1])
    ):
        out[entry.fund_id] = balances_of(entry)
    return out
