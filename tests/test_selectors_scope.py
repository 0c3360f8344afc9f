"""Every public selector that takes an actor starts from visible_to(actor), or says why not."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import trellis

# Selectors that take an actor but scope another way, each with the reason.
SCOPED_ELSEWHERE: dict[str, str] = {
    "trellis.accounts.selectors.user_tokens": "the actor's own tokens: filtered by its user id",
    "trellis.accounts.selectors.staff_users": "vendor staff only; empty for anyone else",
    "trellis.core.selectors.notifications_for": "the actor's own notifications: by its user id",
    "trellis.core.selectors.unread_notifications": "the actor's own notifications: by its user id",
    "trellis.cosell.selectors.bundles.bundle_page": "a bundle the caller read through visible_to",
    "trellis.cosell.selectors.co_selling.viewer_side": "which side of a co-sell read already",
    "trellis.cosell.selectors.co_selling.shared_record": "a co-sell read already; hides by sharing",
    "trellis.cosell.selectors.co_selling.step_owner_choices": "people of a co-sell read already",
    "trellis.cosell.selectors.introductions.introduction_page": "an introduction read already",
    "trellis.cosell.selectors.matchmaking.partner_matches": "listed partners only (locator data)",
    "trellis.leads.selectors.open_offer": "offers to the actor's own partner: by its partner id",
    "trellis.leads.selectors.routable_counts": "vendor staff only; empty for anyone else",
    "trellis.partners.selectors.can_update_profile": "a policy question about a given partner",
    "trellis.partners.selectors.can_update_vendor_fields": "a policy question about a partner",
    "trellis.partners.selectors.next_steps": "steps for a partner the caller read already",
}


def _selector_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(trellis.__path__, "trellis."):
        parts = info.name.split(".")
        if "tests" in parts:
            continue
        if parts[-1] == "selectors" or (len(parts) > 3 and parts[-2] == "selectors"):
            names.append(info.name)
    return sorted(names)


def _functions_taking_an_actor(module_name: str) -> list[tuple[str, ast.FunctionDef]]:
    module = importlib.import_module(module_name)
    tree = ast.parse(Path(module.__file__ or "").read_text())
    found = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
            names = [a.arg for a in node.args.args + node.args.kwonlyargs]
            if "actor" in names:
                found.append((f"{module_name}.{node.name}", node))
    return found


def _starts_from_visible_to(node: ast.FunctionDef, scoped: set[str]) -> bool:
    for call in ast.walk(node):
        if not isinstance(call, ast.Call):
            continue
        func = call.func
        if isinstance(func, ast.Attribute) and func.attr == "visible_to":
            return True
        called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if called in scoped:  # another selector that starts from visible_to
            return True
    return False


def test_every_selector_taking_an_actor_starts_from_visible_to() -> None:
    functions = [f for m in _selector_modules() for f in _functions_taking_an_actor(m)]
    assert len(functions) > 30  # the walk found the selectors
    scoped: set[str] = set()
    changed = True
    while changed:  # a selector may start from another one that is scoped
        changed = False
        for name, node in functions:
            short = name.rsplit(".", 1)[1]
            if short not in scoped and _starts_from_visible_to(node, scoped):
                scoped.add(short)
                changed = True
    unscoped = [n for n, node in functions if n.rsplit(".", 1)[1] not in scoped]
    unexplained = sorted(set(unscoped) - set(SCOPED_ELSEWHERE))
    assert not unexplained, f"selectors taking an actor without visible_to(): {unexplained}"
    stale = sorted(set(SCOPED_ELSEWHERE) - set(unscoped))
    assert not stale, f"listed as scoped elsewhere but now use visible_to(): {stale}"
