"""The request id of the work in progress, so events can be traced back to their request."""

from __future__ import annotations

import uuid
from contextvars import ContextVar

_request_id: ContextVar[str] = ContextVar("trellis_request_id", default="")


def current_request_id() -> str:
    return _request_id.get()


def set_request_id(value: str | None = None) -> str:
    rid = value or uuid.uuid4().hex
    _request_id.set(rid)
    return rid


def clear_request_id() -> None:
    """The request is over: work the thread does next belongs to no request."""
    _request_id.set("")
