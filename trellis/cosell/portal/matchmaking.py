"""Portal: find partners that complement yours on a customer need, ask the vendor for
introductions."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from trellis.core.exceptions import DomainError, InvalidInput
from trellis.core.surfaces import actor_of, portal_view
from trellis.deals.selectors import deal_get

from .. import pages, selectors, services
from ..forms import NeedForm, posted_text

BASE = {"base": "portal/base.html", "ns": "portal", "nav": "match"}


def _need_form(request: HttpRequest) -> tuple[NeedForm, int | None]:
    """The need from the query string, or from one of the partner's registrations (?deal=)."""
    actor = actor_of(request)
    deal_id = request.GET.get("deal", "")
    if deal_id.isdigit() and "country" not in request.GET:
        deal = deal_get(actor=actor, deal_id=int(deal_id))
        form = NeedForm(NeedForm.initial_of(selectors.need_for_registration(deal=deal)))
        return form, deal.pk
    return NeedForm(request.GET or None), int(deal_id) if deal_id.isdigit() else None


@portal_view
def partner_match(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form, deal_id = _need_form(request)
    result = None
    if form.is_bound and form.is_valid():
        try:
            result = selectors.partner_matches(
                actor=actor, need=form.need(deal_id), requester_id=actor.partner_id
            )
        except DomainError as exc:
            messages.error(request, exc.message)
    return render(
        request,
        "cosell/partner_match.html",
        {
            **BASE,
            "form": form,
            "result": result,
            "deal_id": deal_id,
            "query": request.GET.urlencode(),
        },
    )


@portal_view
@require_POST
def introduction_request(request: HttpRequest) -> HttpResponse:
    """Ask the vendor to introduce us to one of the matched partners (reasons are recomputed here,
    not
    trusted)."""
    actor = actor_of(request)
    form = NeedForm(request.POST)
    target_id = request.POST.get("target", "")
    deal_id = request.POST.get("deal", "")
    deal = (
        deal_get(actor=actor, deal_id=int(deal_id)) if deal_id.isdigit() else None
    )  # 404 when not ours
    try:
        if not form.is_valid() or not target_id.isdigit():
            raise InvalidInput(NeedForm.describe_message(), field="need")
        introduction = services.introduction_ask(
            actor=actor,
            need=form.need(deal.pk if deal else None),
            target_id=int(target_id),
            message=posted_text(request.POST, "message"),
            deal=deal,
        )
        messages.success(request, NeedForm.requested_message())
        return redirect("portal:introduction_detail", introduction.pk)
    except DomainError as exc:
        messages.error(request, exc.message)
    back = {
        k: request.POST.getlist(k) for k in ("country", "city", "specializations", "types", "deal")
    }
    return redirect(f"{reverse('portal:partner_match')}?{urlencode(back, doseq=True)}")


@portal_view
def introduction_list(request: HttpRequest) -> HttpResponse:
    return pages.introduction_list(request, BASE)


@portal_view
def introduction_detail(request: HttpRequest, introduction_id: int) -> HttpResponse:
    return pages.introduction_detail(request, BASE, introduction_id)


@portal_view
@require_POST
def introduction_action(request: HttpRequest, introduction_id: int, action: str) -> HttpResponse:
    return pages.introduction_action(request, BASE, introduction_id, action)
