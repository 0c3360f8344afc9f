"""The shared API machinery: bearer-token auth and RFC 9457 errors for every router."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer

from .actor import Actor
from .exceptions import DomainError
from .problems import problem_response
from .surfaces import actor_of

__all__ = ["ApiActorAuth", "Problem", "actor_of", "install_problem_handlers"]


class ApiActorAuth(HttpBearer):
    """Bearer tokens; the accounts app supplies the function that resolves them to an Actor."""

    openapi_scheme = "bearer"

    def __init__(self, resolve: Any) -> None:
        super().__init__()
        self._resolve = resolve

    def authenticate(self, request: HttpRequest, token: str) -> Actor | None:
        actor = self._resolve(token)
        if actor is None:
            return None
        request.actor = actor  # type: ignore[attr-defined]
        return actor


class Problem(Schema):
    type: str
    title: str
    status: int
    detail: str | None = None
    errors: list[dict[str, Any]] | None = None


def _field_of(loc: list[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "payload")]
    return ".".join(parts) or "body"


def install_problem_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(NinjaValidationError)
    def _validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        errors = [
            {"field": _field_of(list(e.get("loc", []))), "message": e.get("msg", "")}
            for e in exc.errors
        ]
        return problem_response(
            status=422,
            code="validation-error",
            title=_("Invalid input"),
            detail=_("Some fields are not valid; see errors."),
            errors=errors,
        )

    @api.exception_handler(AuthenticationError)
    def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = problem_response(
            status=401,
            code="unauthenticated",
            title=_("Authentication required"),
            detail=_("Send a valid API token as 'Authorization: Bearer <token>'."),
        )
        response["WWW-Authenticate"] = 'Bearer realm="trellis"'
        return response

    @api.exception_handler(Http404)
    def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return problem_response(status=404, code="not-found", title=_("Not found"))

    @api.exception_handler(DomainError)
    def _domain(request: HttpRequest, exc: DomainError) -> HttpResponse:
        errors = [{"field": exc.field, "message": exc.message}] if exc.field else None
        return problem_response(
            status=exc.status,
            code=exc.code,
            title=exc.message or exc.code,
            detail=exc.message,
            errors=errors,
        )

    @api.exception_handler(HttpError)
    def _http(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return problem_response(status=exc.status_code, code="http-error", title=str(exc))
