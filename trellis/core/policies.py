"""Who may do what: a registry of named rules that services check before writing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .actor import Actor
from .exceptions import PermissionDenied

Rule = Callable[[Actor, Any], bool]
_RULES: dict[str, Rule] = {}


def rule(name: str) -> Callable[[Rule], Rule]:
    """Register the rule deciding permission ``name`` (e.g. ``"partners.update"``)."""

    def register(fn: Rule) -> Rule:
        if name in _RULES and _RULES[name] is not fn:
            raise RuntimeError(f"Policy {name!r} registered twice")
        _RULES[name] = fn
        return fn

    return register


def allows(actor: Actor, name: str, obj: Any = None) -> bool:
    if actor.is_system:
        return True
    try:
        check = _RULES[name]
    except KeyError:
        raise RuntimeError(f"No policy named {name!r}") from None
    return check(actor, obj)


def require(actor: Actor, name: str, obj: Any = None) -> None:
    if not allows(actor, name, obj):
        raise PermissionDenied()
