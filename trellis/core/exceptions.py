"""Domain errors that every surface turns into a clear message (HTML) or problem+json (API)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A rule was broken; ``code`` is stable, ``message`` is for people."""

    status = 400
    code = "domain-error"

    def __init__(self, message: str = "", *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = str(message)
        self.field = field


class NotFound(DomainError):
    status = 404
    code = "not-found"

    def __init__(self, message: str = "") -> None:
        super().__init__(message or str(_("Not found.")))


class PermissionDenied(DomainError):
    status = 403
    code = "forbidden"

    def __init__(self, message: str = "") -> None:
        super().__init__(message or str(_("You do not have permission to do that.")))


class InvalidInput(DomainError):
    status = 422
    code = "validation-error"


class InvalidTransition(DomainError):
    status = 409
    code = "invalid-transition"

    def __init__(self, current: str, target: str) -> None:
        super().__init__(
            str(_("Cannot change from %(current)s to %(target)s."))
            % {"current": current, "target": target}
        )
        self.current = current
        self.target = target


class Conflict(DomainError):
    status = 409
    code = "conflict"


class InvalidFields(InvalidInput):
    """Input refused for several reasons at once, each on its field, so the person fixes them
    all in one go; ``errors`` lists (field, message)."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        super().__init__(" ".join(message for _field, message in errors), field=errors[0][0])
        self.errors = errors


class InvalidRows(InvalidInput):
    """A list or file refused because of some of its rows: ``message`` says how many and that
    nothing was stored; ``rows`` names the first ones with what is wrong with each."""

    def __init__(self, message: str, *, rows: list[str], field: str | None = None) -> None:
        super().__init__(" ".join([message, *rows]), field=field)
        self.summary = message
        self.rows = rows
