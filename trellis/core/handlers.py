"""The WSGI application: API calls run through a short middleware chain, pages through the full one.

Bearer tokens authenticate the API, so sessions, CSRF, messages, HTMX and
the sign-in middleware only cost it time (a third of a registration's CPU
on a small machine). The API keeps what it uses: security headers, request
ids, the caller's language for translated errors, and idempotency keys.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import django
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler

API_PREFIX = "/api/"


class ApiHandler(WSGIHandler):
    def load_middleware(self, is_async: bool = False) -> None:
        # Django builds a handler's chain from settings.MIDDLEWARE; swap in the API's
        # list for the moment this handler is built (once, at start-up).
        pages = settings.MIDDLEWARE
        settings.MIDDLEWARE = settings.API_MIDDLEWARE
        try:
            super().load_middleware(is_async)
        finally:
            settings.MIDDLEWARE = pages


def surfaces_application() -> Callable[[dict[str, Any], Any], Iterable[bytes]]:
    django.setup(set_prefix=False)
    pages, api = WSGIHandler(), ApiHandler()

    def application(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        handler = api if environ.get("PATH_INFO", "").startswith(API_PREFIX) else pages
        return handler(environ, start_response)

    return application
