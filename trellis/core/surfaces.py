"""Which surface a view belongs to: the console is vendor staff only, the portal partner users only.

A partner user asking for a console page gets 404 (no existence leak); vendor
staff asking for a portal page are sent to the console. Anonymous visitors go
to sign-in.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect

from .actor import Actor
from .exceptions import DomainError, InvalidFields, NotFound

View = Callable[..., HttpResponseBase]  # pages, redirects and streamed downloads


def actor_of(request: HttpRequest) -> Actor:
    return request.actor  # type: ignore[attr-defined,no-any-return]


def _surface(
    allowed: Callable[[Actor], bool], other: Callable[[Actor], HttpResponse | None]
) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            actor = actor_of(request)
            if not request.user.is_authenticated or actor.user_id is None:
                return redirect_to_login(request.get_full_path())
            if not allowed(actor):
                alternative = other(actor)
                if alternative is None:
                    raise Http404
                return alternative
            try:
                return view(request, *args, **kwargs)
            except NotFound as exc:
                raise Http404 from exc

        wrapped.trellis_surface = True  # type: ignore[attr-defined]
        return wrapped

    return decorator


console_view = _surface(lambda a: a.is_staff, lambda a: None)
portal_view = _surface(lambda a: a.is_partner, lambda a: redirect("console:partner_directory"))


def signed_in_view(view: View) -> View:
    """Pages both surfaces share (API tokens): any signed-in person with a role."""
    return _surface(lambda a: a.is_staff or a.is_partner, lambda a: None)(view)


def surface_base(actor: Actor) -> str:
    return "console/base.html" if actor.is_staff else "portal/base.html"


def form_error(form: Any, exc: DomainError) -> None:
    """Show a service's refusal on the field it concerns (or the form as a whole)."""
    fields = getattr(form, "fields", {})
    if isinstance(exc, InvalidFields):
        for name, message in exc.errors:
            form.add_error(name if name in fields else None, message)
        return
    field = exc.field if exc.field in fields else None
    form.add_error(field, exc.message)


def save_form(
    request: HttpRequest,
    form: Any,
    save: Callable[[dict[str, Any]], Any],
    *,
    may_change: bool,
    done: str,
    also: tuple[Any, ...] = (),
) -> bool:
    """Run a settings page's forms (``form`` and those in ``also``) as one.

    Read-only for people who may not change them. On a POST where every form is
    valid, the service ``save(data)`` decides on all their data together; a
    refusal lands on the field it concerns, with everything typed kept. True
    when saved (the view then redirects).
    """
    forms = (form, *also)
    if not may_change:
        read_only(*forms)
        return False
    if request.method != "POST":
        return False
    valid = [f.is_valid() for f in forms]  # every form, so each shows its own errors
    if not all(valid):
        return False
    data: dict[str, Any] = {}
    for each in forms:
        data.update(each.cleaned_data)
    try:
        save(data)
    except DomainError as exc:
        owner = next((f for f in forms if exc.field in f.fields), form)
        form_error(owner, exc)
        return False
    messages.success(request, done)
    return True


def read_only(*forms: Any) -> None:
    """Show ``forms`` to someone who may read but not change what they hold."""
    for form in forms:
        for field in form.fields.values():
            field.disabled = True
