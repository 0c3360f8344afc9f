"""Template context: the current actor, for navigation that depends on roles."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from trellis.core.actor import ANONYMOUS
from trellis.core.selectors import unread_notifications


def actor(request: HttpRequest) -> dict[str, Any]:
    current = getattr(request, "actor", ANONYMOUS)
    # Lazy: only pages that show the bell pay for the count.
    return {
        "actor": current,
        "unread": SimpleLazyObject(lambda: unread_notifications(actor=current)),
    }
