"""Attach ``request.actor``, enforce MFA enrolment for vendor admins when configured, and
limit sign-in and password-reset attempts per client."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from trellis.core.actor import ANONYMOUS
from trellis.core.roles import StaffRole
from trellis.core.throttle import limit_client

from .actors import actor_for_user

_MFA_EXEMPT_PREFIXES = ("/accounts/", "/static/", "/api/", "/i18n/")
# A suspended partner's people may still sign out and switch language; nothing else changes.
_READ_ONLY_PREFIXES = ("/portal/", "/account/", "/notifications/")


class ActorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        request.actor = actor_for_user(user) if user.is_authenticated else ANONYMOUS  # type: ignore[arg-type,attr-defined]
        if (
            request.actor.read_only  # type: ignore[attr-defined]
            and request.method not in ("GET", "HEAD", "OPTIONS")
            and request.path.startswith(_READ_ONLY_PREFIXES)
        ):
            return render(
                request,
                "403.html",
                {
                    "reason": _(
                        "Your company's partnership is suspended: you can read, not change "
                        "anything. Your channel manager can tell you more."
                    )
                },
                status=403,
            )
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


# The allauth pages whose POSTs are rate-limited, and the limit each counts against.
_LIMITED = {"account_login": "sign-in", "account_reset_password": "password-reset"}


class SignInLimitMiddleware:
    """Too many sign-in or password-reset attempts from one client answer 429 with Retry-After
    (allauth also limits failed sign-ins per e-mail address)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self._paths: dict[str, str] | None = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST":
            if self._paths is None:
                self._paths = {reverse(name): group for name, group in _LIMITED.items()}
            group = self._paths.get(request.path)
            refusal = limit_client(request, group) if group else None
            if refusal is not None:
                response = render(
                    request, "429.html", {"retry_after": refusal.retry_after}, status=429
                )
                response["Retry-After"] = str(refusal.retry_after)
                return response
        return self.get_response(request)
