"""Console settings: the vendor's staff, their roles, and invitations to join the console.

Every member of staff can see who is who; only administrators invite, change
roles and switch access off.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trellis.core.exceptions import DomainError
from trellis.core.policies import allows
from trellis.core.roles import ROLE_LABELS
from trellis.core.surfaces import actor_of, console_view, save_form

from .. import selectors, services
from ..forms import StaffInviteForm, StaffRolesForm
from ..services import staff


def _may_change(request: HttpRequest) -> bool:
    return allows(actor_of(request), "accounts.manage_staff")


@console_view
def staff_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = StaffInviteForm(request.POST or None, label_suffix="")

    def invite(data: dict[str, Any]) -> None:
        staff.staff_invite(
            actor=actor, email=data["email"], roles=data["roles"], full_name=data["full_name"]
        )

    done = _("Invitation sent.")
    if save_form(request, form, invite, may_change=_may_change(request), done=done):
        return redirect("console:staff_list")
    context = {
        "people": selectors.staff_overview(actor=actor),
        "invitations": selectors.open_staff_invitations(actor=actor),
        "form": form,
        "role_labels": ROLE_LABELS,
        "may_change": _may_change(request),
        "nav": "settings",
    }
    return render(request, "accounts/console_staff.html", context)


@console_view
def staff_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    actor = actor_of(request)
    person = selectors.staff_member_get(actor=actor, user_id=user_id)
    roles = [g.role for g in person.role_grants.all()]
    form = StaffRolesForm(request.POST or None, initial={"roles": roles}, label_suffix="")

    def save(data: dict[str, Any]) -> None:
        staff.staff_set_roles(actor=actor, user=person, roles=data["roles"])

    done = _("Roles saved.")
    if save_form(request, form, save, may_change=_may_change(request), done=done):
        return redirect("console:staff_detail", user_id=person.pk)
    context = {
        "person": person,
        "form": form,
        "may_change": _may_change(request),
        "is_self": person.pk == actor.user_id,
        "nav": "settings",
    }
    return render(request, "accounts/console_staff_member.html", context)


@console_view
@require_POST
def staff_access(request: HttpRequest, user_id: int) -> HttpResponse:
    actor = actor_of(request)
    person = selectors.staff_member_get(actor=actor, user_id=user_id)
    active = request.POST.get("active") == "1"
    try:
        staff.staff_set_active(actor=actor, user=person, active=active)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Access switched on.") if active else _("Access switched off."))
    return redirect("console:staff_detail", user_id=person.pk)


@console_view
@require_POST
def staff_invitation_revoke(request: HttpRequest, invitation_id: int) -> HttpResponse:
    actor = actor_of(request)
    invitation = selectors.staff_invitation_get(actor=actor, invitation_id=invitation_id)
    try:
        services.invitation_revoke(actor=actor, invitation=invitation)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Invitation withdrawn."))
    return redirect("console:staff_list")
