"""The shared API machinery: bearer-token auth and RFC 9457 errors for every router."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any, TypeVar, cast, get_args

import pydantic
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Path, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer
from pydantic import (
    Field,
    ModelWrapValidatorHandler,
    StrictBool,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .actor import Actor
from .exceptions import DomainError, InvalidFields, PermissionDenied
from .ids import MAX_ID
from .middleware import body_limit
from .problems import problem_response
from .surfaces import actor_of
from .text import CODES as TEXT_PROBLEMS
from .text import text_problem, text_problem_message
from .throttle import limit_key

__all__ = [
    "MAX_ID",
    "ApiActorAuth",
    "CountryCode",
    "Flag",
    "Input",
    "ObjectId",
    "PageQuery",
    "Problem",
    "Ref",
    "Sku",
    "Slug",
    "TrellisAPI",
    "actor_of",
    "body_of",
    "documented_body",
    "install_problem_handlers",
    "patch_field",
]

# Codes that travel in lists, each as long as the column that keeps it.
Sku = Annotated[str, Field(min_length=1, max_length=40, description="Catalogue SKU")]
CountryCode = Annotated[str, Field(min_length=2, max_length=2, description="ISO 3166-1 alpha-2")]
Slug = Annotated[str, Field(min_length=1, max_length=60, description="Specialization slug")]

Ref = Annotated[int, Field(ge=1, le=MAX_ID)]
ObjectId = Annotated[int, Path(ge=1, le=MAX_ID)]

# A yes/no in a JSON body is true or false, not 0, 1 or "yes" (pydantic would read those).
Flag = StrictBool


def _no_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def patch_field(**constraints: Any) -> Any:
    """A PATCH field: it may be left out (and is then left alone) but not sent as null.

    Declared with the type the value must have (``str``, ``bool``); the endpoint applies only
    the fields sent (``model_dump(exclude_unset=True)``), so the default is never used and the
    schema does not show one.
    """
    return Field(default=None, json_schema_extra=_no_default, **constraints)


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
        refusal = limit_key(request, "api-token", token)
        if refusal is not None:
            raise TooManyRequests(refusal.retry_after)
        if actor.read_only and request.method not in ("GET", "HEAD", "OPTIONS"):
            raise PermissionDenied(
                _("Your company's partnership is suspended: you can read, not change anything.")
            )
        request.actor = actor  # type: ignore[attr-defined]
        return actor


class TooManyRequests(Exception):
    """A token used faster than its rate limit allows."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(retry_after)
        self.retry_after = retry_after


class Problem(Schema):
    type: str
    title: str
    status: int
    detail: str | None = None
    errors: list[dict[str, Any]] | None = None


# Fields that hold one line (names, codes, addresses): line breaks in them broke e-mail headers.
SINGLE_LINE = frozenset(
    {
        "name",
        "legal_name",
        "full_name",
        "city",
        "country",
        "domain",
        "website",
        "email",
        "phone",
        "postal_code",
        "currency",
        "title",
        "summary",
        "service",
        "q",
        "family",
        "usd_per_unit",
        "amount",
        "estimated_amount",
        "cursor",
        "on",
    }
)


def _date_fields(schema: type[Schema]) -> set[str]:
    """The fields of ``schema`` that hold a day or a moment (alone or optional)."""
    out = set()
    for name, field in schema.model_fields.items():
        kinds = get_args(field.annotation) or (field.annotation,)
        if any(isinstance(k, type) and issubclass(k, dt.date) for k in kinds):
            out.add(name)
    return out


class Input(Schema):
    """Every request body and query: its text is checked before its fields are.

    No NUL characters (PostgreSQL refuses them, SQLite would store them), no lone UTF-16
    surrogates (not text at all), no control characters, and no line breaks in fields that
    hold one line (a name, a city, an e-mail address).
    """

    @model_validator(mode="wrap")
    @classmethod
    def _an_object(cls, data: Any, handler: ModelWrapValidatorHandler[Any]) -> Any:
        # Outside ninja's own wrapper, which reads attributes off anything: a JSON list or
        # number would pass as {} and run the action with its defaults.
        if isinstance(data, (list, tuple, str, bytes, int, float, bool)) or data is None:
            raise PydanticCustomError("model_type", "The body must be a JSON object.")
        return handler(data)

    @field_validator("*", mode="before")
    @classmethod
    def _clean_text(cls, value: Any, info: ValidationInfo) -> Any:
        if isinstance(value, int | float) and info.field_name in _date_fields(cls):
            # pydantic would read 0 as 1 January 1970: a day is written as text.
            raise PydanticCustomError("date_type", "Give a date as YYYY-MM-DD.")
        single = info.field_name in SINGLE_LINE
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and (kind := text_problem(item, single_line=single)):
                raise PydanticCustomError(kind, "The text holds characters it may not.")
        return value


class PageQuery(Input):
    """A list's paging: the cursor a previous page returned, and how many items to return."""

    cursor: str | None = Field(default=None, max_length=64)
    limit: int = Field(default=50, ge=1, le=200)


S = TypeVar("S", bound=Input)


def body_of(request: HttpRequest, schema: type[S]) -> S:
    """The request's JSON body as ``schema``, read once the endpoint has looked its object up.

    Endpoints on one object take their body this way so that authorisation is decided first:
    another partner's id answers 404 whatever the body holds. An empty body is an empty object
    (every field optional: ``/approve`` with no note).
    """
    raw = request.body.strip() or b"{}"
    try:
        data = json.loads(raw)
    except ValueError:
        raise HttpError(400, _("The body is not valid JSON.")) from None
    try:  # Input itself refuses a body that is not an object
        return schema.model_validate(data)
    except pydantic.ValidationError as exc:
        raise NinjaValidationError(
            [{**e, "loc": ("body", *e["loc"])} for e in exc.errors(include_url=False)]
        ) from None


def form_of(request: HttpRequest, schema: type[S]) -> S:
    """A multipart form's fields as ``schema`` (files are read from ``request.FILES``), read
    once the endpoint has looked its object up, like ``body_of``."""
    data = {key: request.POST.get(key) for key in request.POST}
    try:
        return schema.model_validate(data)
    except pydantic.ValidationError as exc:
        raise NinjaValidationError(
            [{**e, "loc": ("body", *e["loc"])} for e in exc.errors(include_url=False)]
        ) from None


def documented_form(schema: type[pydantic.BaseModel], files: dict[str, str]) -> dict[str, Any]:
    """The OpenAPI request body of an endpoint that reads a multipart form with ``form_of``;
    ``files`` names each file field ("name[]" for several) with what it is."""
    document = _inlined(schema.model_json_schema())
    for name, description in files.items():
        one = {"type": "string", "format": "binary", "description": description}
        if name.endswith("[]"):
            document["properties"][name[:-2]] = {"type": "array", "items": one}
        else:
            document["properties"][name] = one
    return {
        "requestBody": {
            "required": True,
            "content": {"multipart/form-data": {"schema": document}},
        }
    }


def documented_body(schema: type[pydantic.BaseModel]) -> dict[str, Any]:
    """The OpenAPI request body of an endpoint that reads it with ``body_of``."""
    document = schema.model_json_schema()
    required = bool(document.get("required"))
    return {
        "requestBody": {
            "required": required,
            "content": {"application/json": {"schema": _inlined(document)}},
        }
    }


def _inlined(document: dict[str, Any]) -> dict[str, Any]:
    """A JSON schema with its nested models (``$defs``) written in place: the references would
    point nowhere once the schema sits inside the OpenAPI document."""
    defs = document.get("$defs", {})

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref", "")
            if ref.startswith("#/$defs/"):
                return walk(defs[ref.removeprefix("#/$defs/")])
            return {k: walk(v) for k, v in node.items() if k != "$defs"}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    return cast(dict[str, Any], walk(document))


def _field_of(loc: list[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "payload")]
    return ".".join(parts) or "body"


def _message_of(error: dict[str, Any]) -> str:
    """A validation error in the reader's language (the validator's own words are English)."""
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return _("The body must be a JSON object.")
    if kind in TEXT_PROBLEMS:
        return text_problem_message(kind)
    if kind == "string_too_long":
        return _("At most %(n)s characters.") % {"n": ctx.get("max_length")}
    if kind == "string_too_short":
        if ctx.get("min_length") == 1:
            return _("Enter a value.")
        return _("At least %(n)s characters.") % {"n": ctx.get("min_length")}
    if kind == "too_long":
        return _("At most %(n)s items.") % {"n": ctx.get("max_length")}
    if kind == "too_short":
        return _("At least %(n)s items.") % {"n": ctx.get("min_length")}
    if kind in ("literal_error", "enum"):
        expected = str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ")
        return _("Choose one of: %(values)s.") % {"values": expected}
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return _("Enter a whole number.")
    if kind in ("bool_parsing", "bool_type"):
        return _("Enter true or false.")
    if kind.startswith("date"):
        return _("Enter a date as YYYY-MM-DD.")
    if kind in ("greater_than_equal", "greater_than"):
        return _("Enter a value of at least %(n)s.") % {"n": ctx.get("ge", ctx.get("gt"))}
    if kind in ("less_than_equal", "less_than"):
        return _("Enter a value of at most %(n)s.") % {"n": ctx.get("le", ctx.get("lt"))}
    return str(error.get("msg", ""))


def install_problem_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(NinjaValidationError)
    def _validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        errors = [
            {"field": _field_of(list(e.get("loc", []))), "message": _message_of(e)}
            for e in exc.errors
        ]
        detail = (
            f"{errors[0]['field']}: {errors[0]['message']}"
            if len(errors) == 1
            else _("Some fields are not valid; see errors.")
        )
        return problem_response(
            status=422,
            code="validation-error",
            title=_("Invalid input"),
            detail=detail,
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

    @api.exception_handler(TooManyRequests)
    def _too_many(request: HttpRequest, exc: TooManyRequests) -> HttpResponse:
        response = problem_response(
            status=429,
            code="too-many-requests",
            title=_("Too many requests"),
            detail=_("This token made too many requests; try again in %(n)s seconds.")
            % {"n": exc.retry_after},
        )
        response["Retry-After"] = str(exc.retry_after)
        return response

    @api.exception_handler(Http404)
    def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return problem_response(status=404, code="not-found", title=_("Not found"))

    @api.exception_handler(DomainError)
    def _domain(request: HttpRequest, exc: DomainError) -> HttpResponse:
        errors = [{"field": exc.field, "message": exc.message}] if exc.field else None
        if isinstance(exc, InvalidFields):
            errors = [{"field": field, "message": message} for field, message in exc.errors]
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


# What an operation can answer besides its own responses, and when.
_ERRORS = {
    "400": "The body is not valid JSON",
    "401": "No valid API token",
    "404": "Not found, or not yours to see",
    "422": "Invalid input; errors name each field",
    "429": "Too many requests from this token; see Retry-After",
    "413": "The body is larger than this operation takes (%(size)s)",
    "414": "The path and query are longer than %(url)s bytes",
    "415": "The body is not sent as application/json",
}


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:g} MiB"


def document_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Every operation's error answers as they are sent: problem+json, with the statuses the
    shared machinery adds (no token, an unknown id, bad input, a rate limit)."""
    problem = {"schema": {"$ref": "#/components/schemas/Problem"}}
    for path, operations in schema.get("paths", {}).items():
        limit = {"size": _size(body_limit(path)), "url": f"{settings.TRELLIS_URL_LIMIT:,}"}
        for op in operations.values():
            responses = op.setdefault("responses", {})
            for status, response in responses.items():
                content = response.get("content", {})
                if str(status).isdigit() and int(status) >= 400 and "application/json" in content:
                    content["application/problem+json"] = content.pop("application/json")
            wanted = []
            if op.get("security"):
                wanted += ["401", "429"]
            if any(p.get("in") in ("path", "query") for p in op.get("parameters", [])):
                wanted.append("422")
            if any(p.get("in") == "query" for p in op.get("parameters", [])):
                wanted.append("414")
            if any(p.get("in") == "path" for p in op.get("parameters", [])):
                wanted.append("404")
            if "requestBody" in op:
                wanted += ["400", "413", "415", "422"]
            documented = {str(status) for status in responses}
            for status in wanted:
                if status in documented:
                    continue
                documented.add(status)
                responses.setdefault(
                    int(status),
                    {
                        "description": _ERRORS[status] % limit,
                        "content": {"application/problem+json": problem},
                    },
                )
    return schema


class TrellisAPI(NinjaAPI):
    """The API, whose published schema documents the errors it really sends."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        document_errors(schema)
        return schema
