"""Portal: the partner's leads (offered, working, closed), with accept, decline, updates and
conversion."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trellis.core.exceptions import Conflict, DomainError, InvalidInput
from trellis.core.surfaces import actor_of, portal_view

from .. import selectors, services
from ..choices import WORKING, LeadStatus
from ..forms import ConvertForm, DeclineForm, UpdateForm


@portal_view
def lead_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    leads = list(selectors.lead_list(actor=actor)[:300])
    offered = [
        lead
        for lead in leads
        if lead.status == LeadStatus.OFFERED and lead.partner_id != actor.partner_id
    ]
    answer_by = {
        o.lead_id: o.expires_at
        for lead in offered
        for o in lead.offers.all()
        if o.partner_id == actor.partner_id and o.status == "open"
    }
    context = {
        "nav": "leads",
        "offered": offered,
        "answer_by": answer_by,
        "working": [lead for lead in leads if lead.status in WORKING],
        "closed": [
            lead
            for lead in leads
            if lead.status in (LeadStatus.CONVERTED, LeadStatus.WON, LeadStatus.LOST)
        ],
    }
    return render(request, "leads/portal_list.html", context)


@portal_view
def lead_detail(request: HttpRequest, lead_id: int) -> HttpResponse:
    actor = actor_of(request)
    lead = selectors.lead_get(actor=actor, lead_id=lead_id)
    offer = selectors.open_offer(actor=actor, lead=lead)
    mine = lead.partner_id == actor.partner_id
    context = {
        "nav": "leads",
        "lead": lead,
        "offer": offer,
        "mine": mine,
        "decline_form": DeclineForm(),
        "update_form": UpdateForm(),
        "convert_form": ConvertForm(
            initial={"amount": lead.estimated_amount, "currency": lead.currency}
        ),
        "activities": lead.activities.select_related("by") if mine else [],
    }
    return render(request, "leads/portal_detail.html", context)


@portal_view
@require_POST
def lead_action(request: HttpRequest, lead_id: int, action: str) -> HttpResponse:
    actor = actor_of(request)
    try:
        lead = (selectors.offered_lead if action in ("accept", "decline") else selectors.lead_get)(
            actor=actor, lead_id=lead_id
        )
    except Conflict as exc:  # another partner took it a moment earlier
        messages.error(request, exc.message)
        return redirect("portal:lead_list")
    try:
        if action in ("accept", "decline"):
            offer = selectors.open_offer(actor=actor, lead=lead)
            if offer is None:
                raise Conflict(_("This lead is not on offer to you."))
            if action == "accept":
                services.lead_accept(actor=actor, offer=offer)
                messages.success(
                    request, _("The lead is yours. Contact them soon and keep us posted.")
                )
            else:
                form = DeclineForm(request.POST)
                if not form.is_valid():
                    raise InvalidInput(_("Choose why you decline."), field="reason")
                services.lead_decline(actor=actor, offer=offer, **form.cleaned_data)
                messages.info(request, _("Declined. The lead goes to another partner."))
                return redirect("portal:lead_list")
        elif action == "update":
            update = UpdateForm(request.POST)
            update.is_valid()
            services.lead_update(
                actor=actor,
                lead=lead,
                status=update.cleaned_data.get("status", ""),
                note=update.cleaned_data.get("note", ""),
            )
            messages.success(request, _("Update saved."))
        elif action == "convert":
            conversion = ConvertForm(request.POST)
            if not conversion.is_valid():
                raise InvalidInput(_("Enter the amount, currency and expected close date."))
            lead = services.lead_convert(actor=actor, lead=lead, **conversion.cleaned_data)
            messages.success(
                request, _("Converted into deal registration %(id)s.") % {"id": lead.deal_id}
            )
        elif action == "return":
            form = DeclineForm(request.POST)
            if not form.is_valid():
                raise InvalidInput(_("Choose why you hand it back."), field="reason")
            services.lead_return(actor=actor, lead=lead, **form.cleaned_data)
            messages.info(request, _("Handed back. The lead goes to another partner."))
            return redirect("portal:lead_list")
        else:
            raise InvalidInput(_("Unknown action."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("portal:lead_detail", lead.pk)
