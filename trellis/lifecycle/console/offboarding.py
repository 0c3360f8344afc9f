"""Console: offboard a partner (what happens to its open work is chosen first and shown), or
bring a suspended or departed partner back."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trellis.core.exceptions import DomainError
from trellis.core.forms import Form, set_choices
from trellis.core.policies import allows
from trellis.core.surfaces import actor_of, console_view, form_error, read_only
from trellis.deals.selectors import open_registration_count
from trellis.leads.selectors import open_lead_count
from trellis.partners.selectors import listed_partners_serving, partner_get

from .. import selectors, services
from ..choices import ExitKind


class OffboardForm(Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Why"), choices=ExitKind.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    deals_to = forms.TypedChoiceField(
        label=gettext_lazy("Open registrations"), coerce=int, required=False, empty_value=None
    )
    leads_to = forms.TypedChoiceField(
        label=gettext_lazy("Open leads"), coerce=int, required=False, empty_value=None
    )


class ReactivateForm(Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=2000)


def _offboard_form(partner: Any, data: Any = None) -> OffboardForm:
    form = OffboardForm(data, label_suffix="")
    others = [
        (pk, name)
        for pk, name in listed_partners_serving(countries=[partner.country], limit=300)
        if pk != partner.pk
    ]
    set_choices(form.fields["deals_to"], [("", _("Close them")), *others])
    set_choices(form.fields["leads_to"], [("", _("Route them afresh")), *others])
    return form


@console_view
def partner_offboarding(request: HttpRequest, partner_id: int) -> HttpResponse:
    actor = actor_of(request)
    partner = partner_get(actor=actor, partner_id=partner_id)
    may = allows(actor, "lifecycle.offboard", partner)
    leaving = _offboard_form(partner, request.POST if "offboard" in request.POST else None)
    back = ReactivateForm(request.POST if "reactivate" in request.POST else None, label_suffix="")
    if not may:
        read_only(leaving, back)
    elif request.method == "POST" and leaving.is_bound and leaving.is_valid():
        try:
            record = services.partner_offboard(actor=actor, partner=partner, **leaving.cleaned_data)
        except DomainError as exc:
            form_error(leaving, exc)
        else:
            messages.success(
                request,
                _(
                    "%(name)s is offboarded: access revoked, %(moved)s registrations handed "
                    "over, %(closed)s closed, %(leads)s leads moved; its data export link is sent."
                )
                % {
                    "name": partner.name,
                    "moved": record.deals_moved,
                    "closed": record.deals_closed,
                    "leads": record.leads_moved,
                },
            )
            return redirect("console:partner_offboarding", partner.pk)
    elif request.method == "POST" and back.is_bound and back.is_valid():
        try:
            services.partner_reactivate(actor=actor, partner=partner, **back.cleaned_data)
        except DomainError as exc:
            form_error(back, exc)
        else:
            messages.success(request, _("%(name)s is active again.") % {"name": partner.name})
            return redirect("console:partner_offboarding", partner.pk)
    return render(
        request,
        "lifecycle/console_offboarding.html",
        {
            "nav": "partners",
            "partner": partner,
            "form": leaving,
            "back": back,
            "may": may,
            "open_deals": open_registration_count(partner_id=partner.pk),
            "open_leads": open_lead_count(partner_id=partner.pk),
            "exits": selectors.partner_exits(actor=actor, partner_id=partner.pk),
        },
        status=400 if request.method == "POST" else 200,
    )
