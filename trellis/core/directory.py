"""Questions about people that apps beneath accounts must ask, answered by the accounts app.

A user belongs to a partner, so accounts builds on partners and partners may not import
accounts. Yet a partner's channel manager must be an active member of the vendor's staff:
partners asks here, and the accounts app gives the answer when it starts
(``AccountsConfig.ready``), as policies are registered with ``core.policies``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

_staff_user_ids: Callable[[list[int]], set[int]] | None = None


def provide(*, staff_user_ids: Callable[[list[int]], set[int]]) -> None:
    global _staff_user_ids
    _staff_user_ids = staff_user_ids


def staff_user_ids(candidates: Iterable[int]) -> set[int]:
    """Which of ``candidates`` are active vendor staff with a role."""
    if _staff_user_ids is None:
        raise RuntimeError("The accounts app has not started: nobody answers who is staff.")
    return _staff_user_ids(list(candidates))
