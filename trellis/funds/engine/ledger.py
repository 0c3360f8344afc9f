"""A fund's balances, and what one ledger entry does to them.

Money moves through a fund in one direction: allocated, then committed (a request approved),
claimed (a claim approved), paid; what is left unused when the period ends expires, and a
commitment that is not claimed in full is released back ("returned"). A fund never gives more
than it holds: ``available`` (allocated less everything committed, claimed, paid or expired)
never goes below zero. The database checks the same on every entry it stores.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

ZERO = Decimal(0)


class Overdrawn(Exception):
    """The entry would take more than the fund (or the bucket it draws from) holds."""

    def __init__(self, bucket: str, has: Decimal, wanted: Decimal) -> None:
        super().__init__(f"{bucket}: has {has}, wanted {wanted}")
        self.bucket, self.has, self.wanted = bucket, has, wanted


@dataclass(frozen=True)
class Balances:
    allocated: Decimal = ZERO
    committed: Decimal = ZERO
    claimed: Decimal = ZERO
    paid: Decimal = ZERO
    expired: Decimal = ZERO
    returned: Decimal = ZERO  # released commitments (a flow, already back in ``available``)

    @property
    def available(self) -> Decimal:
        return self.allocated - self.committed - self.claimed - self.paid - self.expired


# Each kind of entry: which bucket it draws from (must hold the amount) and which it adds to.
# "available" is drawn from by allocating out, committing and expiring.
MOVES: dict[str, tuple[str | None, str | None]] = {
    "allocate": (None, "allocated"),  # money into the fund (a budget, an accrual, a transfer in)
    "allocate_out": ("available", "-allocated"),  # money out to another fund
    "commit": ("available", "committed"),  # a request approved
    "release": ("committed", "returned"),  # a commitment not used (cancelled, lapsed, less claimed)
    "claim": ("committed", "claimed"),  # a claim approved (up to the commitment)
    "unclaim": ("claimed", "committed"),  # an approved claim reversed before payment
    "pay": ("claimed", "paid"),  # a claim paid
    "expire": ("available", "expired"),  # unused money at the end of the period
}


def apply(balances: Balances, kind: str, amount: Decimal) -> Balances:
    """The balances after an entry of ``kind`` for ``amount`` (positive), or ``Overdrawn``."""
    if amount <= 0:
        raise ValueError("ledger amounts are positive; the kind says which way money moves")
    source, target = MOVES[kind]
    if source == "available" and balances.available < amount:
        raise Overdrawn("available", balances.available, amount)
    values = {
        "allocated": balances.allocated,
        "committed": balances.committed,
        "claimed": balances.claimed,
        "paid": balances.paid,
        "expired": balances.expired,
        "returned": balances.returned,
    }
    if source in ("committed", "claimed"):
        if values[source] < amount:
            raise Overdrawn(source, values[source], amount)
        values[source] -= amount
    if target == "-allocated":
        values["allocated"] -= amount
    elif target is not None:
        values[target] += amount
    return replace(balances, **values)
