"""Request ids on every request, problem+json for every error the API answers, and the limits
every request body is held to."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.conf import settings
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


def body_limit(path: str) -> int:
    """The largest request body ``path`` takes, in bytes (TRELLIS_BODY_LIMITS, else the default).

    Django's own limit (DATA_UPLOAD_MAX_MEMORY_SIZE) is one number for every request; it is set
    to the largest of these, and this middleware holds each path to its own.
    """
    return int(settings.TRELLIS_BODY_LIMITS.get(path, settings.TRELLIS_BODY_LIMIT))


def _content_length(request: HttpRequest) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


class BodyLimitMiddleware:
    """A body larger than its path allows is refused before it is read: 413 (problem+json
    under /api/). Uploaded files (multipart) stream to disk and are checked by their forms."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = body_limit(request.path)
        if request.content_type != "multipart/form-data" and _content_length(request) > limit:
            detail = _("At most %(n)s bytes may be sent here.") % {"n": f"{limit:,}"}
            if request.path.startswith("/api/"):
                return problem_response(
                    status=413, code="too-large", title=_(_GENERIC_PROBLEMS[413][1]), detail=detail
                )
            return HttpResponse(detail, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


JSON_CONTENT_TYPE = "application/json"


def _takes_files(request: HttpRequest) -> bool:
    """Operations that take files (TRELLIS_MULTIPART_API, path patterns) read a multipart form."""
    return request.content_type == "multipart/form-data" and any(
        re.fullmatch(pattern, request.path) for pattern in settings.TRELLIS_MULTIPART_API
    )


class ApiRequestMiddleware:
    """What every API request is held to before an operation reads it, and one rule for answers.

    - The URL is at most TRELLIS_URL_LIMIT bytes (414): every query the schema allows fits.
    - A body is JSON and says so in its Content-Type (415): a JSON text sent as text/plain was
      once read as if it were JSON. Operations that take files read a multipart form instead.
    - Answers are never kept by caches: they carry one token's view of the data.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith("/api/"):
            return self.get_response(request)
        response = self._refusal(request) or self.get_response(request)
        response.setdefault("Cache-Control", "no-store")
        return response

    def _refusal(self, request: HttpRequest) -> HttpResponse | None:
        url = len(request.META.get("PATH_INFO", "")) + len(request.META.get("QUERY_STRING", ""))
        if url > settings.TRELLIS_URL_LIMIT:
            return problem_response(
                status=414,
                code="uri-too-long",
                title=_("The address is too long."),
                detail=_("At most %(n)s bytes of path and query.")
                % {"n": f"{settings.TRELLIS_URL_LIMIT:,}"},
            )
        if (
            _content_length(request)
            and request.content_type != JSON_CONTENT_TYPE
            and not _takes_files(request)
        ):
            response = problem_response(
                status=415,
                code="unsupported-media-type",
                title=_("Send the body as JSON."),
                detail=_("Set the Content-Type header to application/json."),
            )
            response["Accept-Post"] = JSON_CONTENT_TYPE
            return response
        return None
