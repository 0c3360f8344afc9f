"""Posting to a fund's ledger: one entry at a time under the fund's row lock, the balances
carried forward by the engine, and the database's constraints as the last word (an entry that
would overdraw the fund, or a second entry with the same sequence number, is refused)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from trellis.core.actor import Actor
from trellis.core.exceptions import Conflict
from trellis.core.money import Money

from ..balances import BUCKETS, balances_of
from ..engine import ledger
from ..models import Fund, LedgerEntry


def lock_fund(fund_id: int) -> Fund:
    """The fund row, locked until the transaction ends: postings to one fund queue here."""
    return Fund.objects.select_for_update().get(pk=fund_id)


def post(
    fund: Fund,
    kind: str,
    amount: Decimal,
    *,
    actor: Actor,
    request: Any = None,
    counterpart: Fund | None = None,
    reference: str = "",
    note: str = "",
) -> LedgerEntry:
    """Append one entry; the caller holds the fund's lock (``lock_fund``) in its transaction.
    ``Conflict`` when the fund cannot cover it, with what it can."""
    last = LedgerEntry.objects.filter(fund_id=fund.pk).order_by("-seq").first()
    try:
        after = ledger.apply(balances_of(last), kind, amount)
    except ledger.Overdrawn as exc:
        raise Conflict(_overdrawn(fund, exc)) from exc
    try:
        with transaction.atomic():
            return LedgerEntry.objects.create(
                fund=fund,
                seq=(last.seq + 1) if last else 1,
                kind=kind,
                amount=amount,
                available=after.available,
                request=request,
                counterpart=counterpart,
                reference=reference,
                note=note,
                made_by_id=actor.user_id,
                **{b: getattr(after, b) for b in BUCKETS},
            )
    except IntegrityError as exc:  # a writer that did not take the lock got there first
        raise Conflict(_("The fund changed meanwhile; try again.")) from exc


def _overdrawn(fund: Fund, exc: ledger.Overdrawn) -> str:
    has = Money(exc.has, fund.currency).format()
    if exc.bucket == "available":
        return _(
            "The fund %(fund)s has %(has)s available; approve at most that, or move money "
            "into the fund first."
        ) % {"fund": fund.name, "has": has}
    if exc.bucket == "committed":
        return _("Only %(has)s of this commitment is left to claim.") % {"has": has}
    return _("Only %(has)s is approved for payment.") % {"has": has}
