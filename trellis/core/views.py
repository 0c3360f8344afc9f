"""Entry points shared by every surface: the home redirect and error pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from . import selectors
from .notifications import notifications_mark_read
from .surfaces import actor_of, signed_in_view, surface_base


def home(request: HttpRequest) -> HttpResponse:
    """Send each person to their surface: staff to the console, partner users to the portal."""
    actor = actor_of(request)
    if actor.is_staff:
        return redirect("console:home")
    if actor.is_partner:
        return redirect("portal:home")
    return redirect("account_login")


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


@signed_in_view
def notifications(request: HttpRequest) -> HttpResponse:
    """Everything Trellis told this person; opening the page marks it read."""
    actor = actor_of(request)
    items = selectors.notifications_for(actor=actor)
    notifications_mark_read(actor=actor)
    return render(
        request,
        "core/notifications.html",
        {"items": items, "base": surface_base(actor), "nav": "notifications"},
    )
