"""Console: offboard a partner (where its open work goes is chosen first, for all of it or item
by item, and shown after), or bring a suspended or departed partner back."""

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
from trellis.deals.selectors import open_registrations_of
from trellis.leads.selectors import open_leads_of
from trellis.partners.selectors import listed_partners_serving, partner_get

from .. import selectors, services
from ..choices import ExitKind, HandoverItem

MANAGER = "manager"
RELEASE = "release"


class OffboardForm(Form):
    """The departure, where the open work goes for all items at once, and (optionally) a choice
    for each open registration and lead that overrides it."""

    kind = forms.ChoiceField(
        label=gettext_lazy("Why"), choices=ExitKind.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    deals_to = forms.ChoiceField(label=gettext_lazy("Open registrations"), required=False)
    leads_to = forms.ChoiceField(label=gettext_lazy("Open leads"), required=False)

    def __init__(
        self, data: Any, *, deals: list[dict[str, Any]], leads: list[dict[str, Any]], others: Any
    ) -> None:
        super().__init__(data, label_suffix="")
        partners = [(str(pk), name) for pk, name in others]
        manager = [(MANAGER, _("To the channel manager"))]
        set_choices(self.fields["deals_to"], [("", _("Close them")), *manager, *partners])
        set_choices(self.fields["leads_to"], [("", _("Route them afresh")), *manager, *partners])
        self.items: list[tuple[str, dict[str, Any], str]] = []
        for item, rows, release in (
            (HandoverItem.DEAL, deals, _("Close it")),
            (HandoverItem.LEAD, leads, _("Route it afresh")),
        ):
            for row in rows:
                name = f"{item}-{row['pk']}"
                self.fields[name] = forms.ChoiceField(
                    label=row["customer_name"],
                    required=False,
                    choices=[
                        ("", _("As chosen above")),
                        (RELEASE, release),
                        *manager,
                        *partners,
                    ],
                )
                self.items.append((name, row, str(item)))

    def item_rows(self) -> list[tuple[Any, dict[str, Any], str]]:
        return [(self[name], row, item) for name, row, item in self.items]

    def handovers(self) -> services.Handovers:
        data = self.cleaned_data
        choices = []
        for name, row, item in self.items:
            value = data.get(name) or ""
            if not value:
                continue
            to = {MANAGER: "channel_manager", RELEASE: "release"}.get(value, "partner")
            partner = int(value) if to == "partner" else None
            choices.append(services.HandoverChoice(item=item, id=row["pk"], to=to, partner=partner))

        def partner_of(value: str) -> int | None:
            return int(value) if value and value != MANAGER else None

        return services.Handovers(
            deals_to=partner_of(data["deals_to"]),
            leads_to=partner_of(data["leads_to"]),
            deals_to_manager=data["deals_to"] == MANAGER,
            leads_to_manager=data["leads_to"] == MANAGER,
            items=tuple(choices),
        )


class ReactivateForm(Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=2000)


def _offboard_form(partner: Any, data: Any = None) -> OffboardForm:
    others = [
        (pk, name)
        for pk, name in listed_partners_serving(countries=[partner.country], limit=300)
        if pk != partner.pk
    ]
    return OffboardForm(
        data,
        deals=open_registrations_of(partner_id=partner.pk),
        leads=open_leads_of(partner_id=partner.pk),
        others=others,
    )


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
            record = services.partner_offboard(
                actor=actor,
                partner=partner,
                kind=leaving.cleaned_data["kind"],
                reason=leaving.cleaned_data["reason"],
                handovers=leaving.handovers(),
            )
        except DomainError as exc:
            form_error(leaving, exc)
        else:
            messages.success(
                request,
                _(
                    "%(name)s is offboarded: access revoked, %(moved)s registrations handed "
                    "over, %(closed)s closed, %(leads)s leads moved, %(manager)s items to the "
                    "channel manager; its data export link is sent."
                )
                % {
                    "name": partner.name,
                    "moved": record.deals_moved,
                    "closed": record.deals_closed,
                    "leads": record.leads_moved,
                    "manager": record.to_manager,
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
            "open_deals": sum(item == HandoverItem.DEAL for _n, _r, item in leaving.items),
            "open_leads": sum(item == HandoverItem.LEAD for _n, _r, item in leaving.items),
            "exits": selectors.partner_exits(actor=actor, partner_id=partner.pk),
        },
        status=400 if request.method == "POST" else 200,
    )
