"""Idempotency-Key for every API POST: a repeat replays the first response.

The same key with a different body is a client bug and answers 409; a key
whose first request is still running also answers 409 rather than running
the work twice. Keys are scoped to the caller's credentials, so two
integrators can never collide.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from .models import IdempotencyRecord
from .problems import problem_response

API_PREFIX = "/api/"
MAX_KEY_LENGTH = 255


def _digest(*parts: bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(hashlib.sha256(part).digest())
    return h.hexdigest()


class IdempotencyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = request.headers.get("Idempotency-Key")
        auth = request.headers.get("Authorization", "")
        if (
            request.method != "POST"
            or not key
            or not request.path.startswith(API_PREFIX)
            or not auth
        ):
            return self.get_response(request)
        if len(key) > MAX_KEY_LENGTH:
            return problem_response(
                status=422,
                code="validation-error",
                title=_("Invalid Idempotency-Key"),
                detail=_("The Idempotency-Key header may be at most 255 characters."),
                errors=[{"field": "Idempotency-Key", "message": _("Too long.")}],
            )
        scope = _digest(auth.encode())
        request_hash = _digest(request.method.encode(), request.path.encode(), request.body)
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(
                    scope=scope,
                    key=key,
                    method=request.method,
                    path=request.path[:512],
                    request_hash=request_hash,
                )
        except IntegrityError:
            return self._replay(scope, key, request_hash)

        response = self.get_response(request)
        if response.status_code >= 500 or getattr(response, "streaming", False):
            IdempotencyRecord.objects.filter(pk=record.pk).delete()
            return response
        IdempotencyRecord.objects.filter(pk=record.pk).update(
            status_code=response.status_code,
            content_type=response.get("Content-Type", ""),
            body=response.content,
        )
        return response

    def _replay(self, scope: str, key: str, request_hash: str) -> HttpResponse:
        first = IdempotencyRecord.objects.get(scope=scope, key=key)
        if first.request_hash != request_hash:
            return problem_response(
                status=409,
                code="idempotency-key-reuse",
                title=_("Idempotency-Key already used"),
                detail=_("This key was used with a different request; use a new key."),
            )
        if first.status_code is None:
            return problem_response(
                status=409,
                code="idempotency-key-in-progress",
                title=_("Request still in progress"),
                detail=_("The first request with this key has not finished; retry shortly."),
            )
        response = HttpResponse(
            bytes(first.body), status=first.status_code, content_type=first.content_type
        )
        response["Idempotent-Replayed"] = "true"
        return response
