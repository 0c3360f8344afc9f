"""Console: partner matchmaking for a customer need, and brokering partners' introduction
requests."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from trellis.core.exceptions import DomainError
from trellis.core.surfaces import actor_of, console_view
from trellis.deals.selectors import direct_opportunity_get

from .. import pages, selectors
from ..forms import NeedForm

BASE = {"base": "console/base.html", "ns": "console", "nav": "introductions"}


@console_view
def partner_match(request: HttpRequest) -> HttpResponse:
    """Which partners would make the best team for a customer need (or one of our opportunities,
    ?opportunity=)."""
    actor = actor_of(request)
    opportunity_id = request.GET.get("opportunity", "")
    if opportunity_id.isdigit() and "country" not in request.GET:
        opportunity = direct_opportunity_get(actor=actor, opportunity_id=int(opportunity_id))
        form = NeedForm(
            NeedForm.initial_of(selectors.need_for_opportunity(opportunity=opportunity))
        )
    else:
        form = NeedForm(request.GET or None)
    result = None
    if form.is_bound and form.is_valid():
        try:
            result = selectors.partner_matches(actor=actor, need=form.need(), requester_id=None)
        except DomainError as exc:
            messages.error(request, exc.message)
    return render(
        request,
        "cosell/partner_match.html",
        {**BASE, "form": form, "result": result, "deal_id": None, "query": request.GET.urlencode()},
    )


@console_view
def introduction_list(request: HttpRequest) -> HttpResponse:
    return pages.introduction_list(request, BASE)


@console_view
def introduction_detail(request: HttpRequest, introduction_id: int) -> HttpResponse:
    return pages.introduction_detail(request, BASE, introduction_id)


@console_view
@require_POST
def introduction_action(request: HttpRequest, introduction_id: int, action: str) -> HttpResponse:
    return pages.introduction_action(request, BASE, introduction_id, action)
