"""Portal: the partner's home and their company profile."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from trellis.core.directory import partner_member_count
from trellis.core.exceptions import DomainError
from trellis.core.pending import pending_work
from trellis.core.selectors import partner_timeline
from trellis.core.surfaces import actor_of, form_error, portal_view

from .. import selectors, services
from ..forms import PartnerProfileForm, changes_from_form, initial_from_partner


@portal_view
def home(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    partner = selectors.partner_get(actor=actor, partner_id=actor.partner_id)  # type: ignore[arg-type]
    members = partner_member_count(partner_id=partner.pk)
    context = {
        "partner": partner,
        "nav": "home",
        "members": members,
        "pending": pending_work(actor, "portal"),
        "steps": selectors.next_steps(actor=actor, partner=partner, member_count=members),
        "timeline": partner_timeline(actor=actor, partner_id=partner.pk, limit=8),
    }
    return render(request, "partners/portal_home.html", context)


@portal_view
def company(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    partner = selectors.partner_get(actor=actor, partner_id=actor.partner_id)  # type: ignore[arg-type]
    can_edit = selectors.can_update_profile(actor, partner)
    form = None
    if can_edit:
        specs = selectors.specializations()
        if request.method == "POST":
            form = PartnerProfileForm(request.POST, specializations=specs)
            if form.is_valid():
                try:
                    services.partner_update(
                        actor=actor, partner=partner, changes=changes_from_form(form, vendor=False)
                    )
                except DomainError as exc:
                    form_error(form, exc)
                else:
                    messages.success(request, _("Your company profile was saved."))
                    return redirect("portal:company")
        else:
            form = PartnerProfileForm(
                initial=initial_from_partner(partner, vendor=False), specializations=specs
            )
    elif request.method == "POST":
        messages.error(request, _("Only your partner admin can change the company profile."))
    return render(
        request,
        "partners/portal_company.html",
        {"partner": partner, "form": form, "nav": "company"},
    )
