"""Pages every signed-in person has (API tokens) and the public invitation page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trellis.core.exceptions import DomainError
from trellis.core.surfaces import actor_of, form_error, signed_in_view, surface_base

from . import selectors, services
from .forms import AcceptInvitationForm, TokenForm


@signed_in_view
def tokens(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = TokenForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        try:
            issued = services.token_create(actor=actor, name=form.cleaned_data["name"])
        except DomainError as exc:
            form_error(form, exc)
        else:
            form = TokenForm()
    context = {
        "form": form,
        "issued": issued,
        "tokens": selectors.user_tokens(actor=actor),
        "base": surface_base(actor),
        "nav": "tokens",
    }
    return render(request, "accounts/tokens.html", context)


@signed_in_view
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    actor = actor_of(request)
    token = selectors.user_tokens(actor=actor).filter(pk=token_id).first()
    if token is None:
        raise Http404
    services.token_revoke(actor=actor, token=token)
    messages.success(request, _("Token revoked; it stops working immediately."))
    return redirect("tokens")


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """Public: set a name and password and join the partner you were invited to."""
    try:
        invitation = services.invitation_for_token(token)
    except DomainError as exc:
        return render(
            request, "accounts/invitation_invalid.html", {"reason": exc.message}, status=exc.status
        )
    form = AcceptInvitationForm(request.POST or None, initial={"full_name": invitation.full_name})
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                raw_token=token,
                password=form.cleaned_data["password1"],
                full_name=form.cleaned_data["full_name"],
            )
        except DomainError as exc:
            form_error(
                form, exc if exc.field != "password" else type(exc)(exc.message, field="password1")
            )
        else:
            login(request, user, backend="trellis.accounts.backends.ActiveMemberBackend")
            messages.success(
                request, _("Welcome to Trellis, %(name)s.") % {"name": user.full_name or user.email}
            )
            return redirect("home")
    return render(
        request, "accounts/invitation_accept.html", {"form": form, "invitation": invitation}
    )
