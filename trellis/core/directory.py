"""Questions about people that apps beneath accounts must ask, answered by the accounts app.

A user belongs to a partner, so accounts builds on partners and partners may not import
accounts. Yet partners must know a few things about people: whether a channel manager is an
active member of the vendor's staff, who the staff are (for pickers), and a partner's people
(for its pages). Partners asks here; the accounts app gives the answers when it starts
(``AccountsConfig.ready``), as policies are registered with ``core.policies``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from .actor import Actor

_answers: dict[str, Callable[..., Any]] = {}


def provide(**answers: Callable[..., Any]) -> None:
    _answers.update(answers)


def _ask(question: str) -> Callable[..., Any]:
    try:
        return _answers[question]
    except KeyError:
        raise RuntimeError(
            f"The accounts app has not started: nobody answers {question}."
        ) from None


def staff_user_ids(candidates: Iterable[int]) -> set[int]:
    """Which of ``candidates`` are active vendor staff with a role."""
    return set(_ask("staff_user_ids")(list(candidates)))


def staff_users(*, actor: Actor) -> Any:
    """Vendor staff, for pickers such as 'channel manager' (a queryset of users)."""
    return _ask("staff_users")(actor=actor)


def partner_members(*, actor: Actor, partner: Any) -> Any:
    """The people of ``partner`` with their roles, as ``actor`` may see them (a queryset)."""
    return _ask("partner_members")(actor=actor, partner=partner)


def partner_member_count(*, partner_id: int) -> int:
    """How many active people ``partner_id`` has."""
    return int(_ask("partner_member_count")(partner_id=partner_id))
