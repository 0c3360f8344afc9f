"""Entry points shared by every surface: the home redirect and error pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .surfaces import actor_of


def home(request: HttpRequest) -> HttpResponse:
    """Send each person to their surface: staff to the console, partner users to the portal."""
    actor = actor_of(request)
    if actor.is_staff:
        return redirect("console:partner_directory")
    if actor.is_partner:
        return redirect("portal:home")
    return redirect("account_login")


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)
