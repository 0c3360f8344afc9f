"""Template context: the current actor, for navigation that depends on roles."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from trellis.core.actor import ANONYMOUS


def actor(request: HttpRequest) -> dict[str, Any]:
    return {"actor": getattr(request, "actor", ANONYMOUS)}
