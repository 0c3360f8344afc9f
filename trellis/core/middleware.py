"""Request ids on every request, and problem+json for every error the API answers."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .problems import PROBLEM_CONTENT_TYPE, problem_response
from .request_context import clear_request_id, set_request_id

_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        rid = set_request_id(incoming if _SAFE_ID.match(incoming) else None)
        request.request_id = rid  # type: ignore[attr-defined]
        try:
            response = self.get_response(request)
        finally:
            clear_request_id()
        response["X-Request-ID"] = rid
        return response


# What Django or the router answer on their own (no view ran, so no problem body).
_GENERIC_PROBLEMS = {
    400: ("bad-request", gettext_noop("The request could not be read.")),
    404: ("not-found", gettext_noop("Not found.")),
    405: ("method-not-allowed", gettext_noop("This method is not allowed here.")),
    413: ("too-large", gettext_noop("The request body is too large.")),
}


class ApiProblemMiddleware:
    """Under /api/, an error answered without a problem body (an unknown path or method,
    a request Django refused before any view) gets one, with its headers kept."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            not request.path.startswith("/api/")
            or response.status_code < 400
            or response.get("Content-Type", "").startswith(PROBLEM_CONTENT_TYPE)
        ):
            return response
        code, title = _GENERIC_PROBLEMS.get(
            response.status_code, ("error", gettext_noop("The request failed."))
        )
        problem = problem_response(status=response.status_code, code=code, title=_(title))
        for header in ("Allow", "Retry-After", "X-Request-ID"):
            if header in response:
                problem[header] = response[header]
        return problem
