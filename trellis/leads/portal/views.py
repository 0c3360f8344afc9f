"""Portal: the partner's leads (offered, working, closed), with accept, decline, updates and
conversion."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trellis.core.exceptions import Conflict, DomainError
from trellis.core.forms import refuse_form
from trellis.core.surfaces import actor_of, form_error, portal_view

from .. import selectors, services
from ..choices import WORKING, LeadStatus
from ..forms import ConvertForm, DeclineForm, UpdateForm
from ..models import Lead


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
    return _detail(request, lead_id)


def _detail(
    request: HttpRequest, lead_id: int, *, refused: str = "", form: forms.Form | None = None
) -> HttpResponse:
    """The lead page; after a refused move, with that move's form as it was typed and the
    reason beside it."""
    actor = actor_of(request)
    lead = selectors.lead_get(actor=actor, lead_id=lead_id)
    offer = selectors.open_offer(actor=actor, lead=lead)
    mine = lead.partner_id == actor.partner_id
    forms_now: dict[str, forms.Form] = {
        "decline_form": DeclineForm(),
        "return_form": DeclineForm(),
        "update_form": UpdateForm(converted=lead.status == LeadStatus.CONVERTED),
        "convert_form": ConvertForm(
            initial={"amount": lead.estimated_amount, "currency": lead.currency}
        ),
    }
    if refused and form is not None:
        forms_now[refused] = form
    context = {
        "nav": "leads",
        "lead": lead,
        "offer": offer,
        "mine": mine,
        **forms_now,
        "activities": lead.activities.select_related("by") if mine else [],
    }
    return render(request, "leads/portal_detail.html", context, status=422 if refused else 200)


def _answer_offer(
    request: HttpRequest, lead_id: int, answer: Callable[..., Any], form: forms.Form | None = None
) -> bool:
    """Accept or decline the lead's open offer to the actor's partner (404 for a lead never offered
    to it, whatever was posted); False, with the reason shown, when the form does not hold or the
    offer is gone (another partner took the lead, or it expired)."""
    actor = actor_of(request)
    try:
        lead = selectors.offered_lead(actor=actor, lead_id=lead_id)
    except Conflict as exc:
        messages.error(request, exc.message)
        return False
    if form is not None and not form.is_valid():
        refuse_form(request, form)
        return False
    offer = selectors.open_offer(actor=actor, lead=lead)
    try:
        if offer is None:
            raise Conflict(_("This lead is not on offer to you."))
        answer(actor=actor, offer=offer, **(form.cleaned_data if form is not None else {}))
    except DomainError as exc:
        messages.error(request, exc.message)
        return False
    return True


@portal_view
@require_POST
def lead_accept(request: HttpRequest, lead_id: int) -> HttpResponse:
    if not _answer_offer(request, lead_id, services.lead_accept):
        return redirect("portal:lead_list")
    messages.success(request, _("The lead is yours. Contact them soon and keep us posted."))
    return redirect("portal:lead_detail", lead_id)


@portal_view
@require_POST
def lead_decline(request: HttpRequest, lead_id: int) -> HttpResponse:
    form = DeclineForm(request.POST)
    if not form.is_valid():  # the offer stays open: the page again, with what was typed
        try:
            selectors.offered_lead(actor=actor_of(request), lead_id=lead_id)  # 404: never offered
        except Conflict as exc:
            messages.error(request, exc.message)
            return redirect("portal:lead_list")
        return _detail(request, lead_id, refused="decline_form", form=form)
    if _answer_offer(request, lead_id, services.lead_decline, form):
        messages.info(request, _("Declined. The lead goes to another partner."))
    return redirect("portal:lead_list")


def _worked(
    request: HttpRequest, lead_id: int, form: forms.Form, act: Callable[..., Any]
) -> Lead | None:
    """Run one of the partner's moves on a lead it works (404 for anyone else's, whatever was
    posted), if ``form`` holds; None when refused, with the reason on the form."""
    actor = actor_of(request)
    lead = selectors.lead_get(actor=actor, lead_id=lead_id)
    if not form.is_valid():
        return None
    try:
        return act(actor=actor, lead=lead, **form.cleaned_data)  # type: ignore[no-any-return]
    except DomainError as exc:
        form_error(form, exc)
        return None


@portal_view
@require_POST
def lead_update(request: HttpRequest, lead_id: int) -> HttpResponse:
    form = UpdateForm(request.POST, converted=True)
    if _worked(request, lead_id, form, services.lead_update) is None:
        return _detail(request, lead_id, refused="update_form", form=form)
    messages.success(request, _("Update saved."))
    return redirect("portal:lead_detail", lead_id)


@portal_view
@require_POST
def lead_convert(request: HttpRequest, lead_id: int) -> HttpResponse:
    form = ConvertForm(request.POST)
    lead = _worked(request, lead_id, form, services.lead_convert)
    if lead is None:
        return _detail(request, lead_id, refused="convert_form", form=form)
    messages.success(request, _("Converted into deal registration %(id)s.") % {"id": lead.deal_id})
    return redirect("portal:lead_detail", lead_id)


@portal_view
@require_POST
def lead_return(request: HttpRequest, lead_id: int) -> HttpResponse:
    form = DeclineForm(request.POST)
    if _worked(request, lead_id, form, services.lead_return) is None:
        return _detail(request, lead_id, refused="return_form", form=form)
    messages.info(request, _("Handed back. The lead goes to another partner."))
    return redirect("portal:lead_list")
