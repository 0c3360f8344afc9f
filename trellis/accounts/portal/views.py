"""Portal: team management by the partner admin (invite, roles, deactivate)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trellis.core.exceptions import DomainError
from trellis.core.roles import is_partner_admin_of
from trellis.core.surfaces import actor_of, form_error, portal_view
from trellis.partners.selectors import partner_get

from .. import selectors, services
from ..forms import InviteForm, RolesForm


@portal_view
def team(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    partner = partner_get(actor=actor, partner_id=actor.partner_id)  # type: ignore[arg-type]
    can_manage = is_partner_admin_of(actor, partner)
    form = InviteForm()
    if request.method == "POST":
        form = InviteForm(request.POST)
        if form.is_valid():
            try:
                services.invitation_create(actor=actor, partner=partner, **form.cleaned_data)
            except DomainError as exc:
                form_error(form, exc)
            else:
                messages.success(
                    request,
                    _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]},
                )
                return redirect("portal:team")
    members = (
        selectors.partner_members(actor=actor, partner=partner)
        if can_manage
        else selectors.colleagues(actor=actor)
    )
    context = {
        "partner": partner,
        "members": members,
        "form": form,
        "can_manage": can_manage,
        "nav": "team",
        "invitations": selectors.open_invitations(actor=actor, partner=partner),
        "roles_form": RolesForm(),
    }
    return render(request, "accounts/team.html", context)


def _member(request: HttpRequest, user_id: int):  # type: ignore[no-untyped-def]
    member = selectors.member_get(actor=actor_of(request), user_id=user_id)
    if member is None:
        raise Http404
    return member


@portal_view
@require_POST
def member_roles(request: HttpRequest, user_id: int) -> HttpResponse:
    member = _member(request, user_id)
    form = RolesForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose at least one role."))
    else:
        try:
            services.member_set_roles(
                actor=actor_of(request), member=member, roles=form.cleaned_data["roles"]
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Roles updated for %(email)s.") % {"email": member.email})
    return redirect("portal:team")


@portal_view
@require_POST
def member_active(request: HttpRequest, user_id: int) -> HttpResponse:
    member = _member(request, user_id)
    actor = actor_of(request)
    try:
        if request.POST.get("active") == "1":
            services.member_reactivate(actor=actor, member=member)
            messages.success(request, _("%(email)s can sign in again.") % {"email": member.email})
        else:
            services.member_deactivate(actor=actor, member=member)
            messages.success(
                request, _("%(email)s was deactivated and is signed out.") % {"email": member.email}
            )
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("portal:team")


@portal_view
@require_POST
def invitation_revoke(request: HttpRequest, invitation_id: int) -> HttpResponse:
    actor = actor_of(request)
    invitation = selectors.invitation_get(actor=actor, invitation_id=invitation_id)
    if invitation is None:
        raise Http404
    try:
        services.invitation_revoke(actor=actor, invitation=invitation)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Invitation withdrawn."))
    return redirect("portal:team")
