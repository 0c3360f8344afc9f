"""Attach ``request.actor`` and enforce MFA enrolment for vendor admins when configured."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from trellis.core.actor import ANONYMOUS
from trellis.core.roles import StaffRole

from .actors import actor_for_user

_MFA_EXEMPT_PREFIXES = ("/accounts/", "/static/", "/api/", "/i18n/")


class ActorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        request.actor = actor_for_user(user) if user.is_authenticated else ANONYMOUS  # type: ignore[arg-type,attr-defined]
        if (
            settings.TRELLIS_REQUIRE_MFA_FOR_ADMINS
            and request.actor.has_role(StaffRole.ADMIN)  # type: ignore[attr-defined]
            and not request.path.startswith(_MFA_EXEMPT_PREFIXES)
            and not _has_totp(request.actor.user_id or 0)  # type: ignore[attr-defined]
        ):
            return redirect("mfa_activate_totp")
        return self.get_response(request)


def _has_totp(user_id: int) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user_id=user_id, type=Authenticator.Type.TOTP).exists()
