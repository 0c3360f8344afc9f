"""Console: partner matchmaking for a customer need, and brokering partners' introduction requests."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from trellis.catalog.selectors import family_specializations
from trellis.core.exceptions import DomainError
from trellis.core.surfaces import actor_of, console_view
from trellis.deals.selectors import direct_opportunity_get
from trellis.partners.selectors import specializations

from .. import selectors
from ..forms import NeedForm, perform_introduction
from ..selectors.matchmaking import COMPLEMENTARY_TYPES

BASE = {"base": "console/base.html", "ns": "console", "nav": "introductions"}


def _spec_choices() -> list[tuple[str, str]]:
    return [(s.slug, s.name) for s in specializations().order_by("name")]


@console_view
def partner_match(request: HttpRequest) -> HttpResponse:
    """Which partners would make the best team for a customer need (or one of our opportunities, ?opportunity=)."""
    actor = actor_of(request)
    opportunity_id = request.GET.get("opportunity", "")
    if opportunity_id.isdigit() and "country" not in request.GET:
        o = direct_opportunity_get(actor=actor, opportunity_id=int(opportunity_id))
        need = selectors.NeedInput(o.customer.country, o.customer.city,
                                   tuple(sorted(family_specializations([o.family_id]))), COMPLEMENTARY_TYPES)  # fmt: skip
        form = NeedForm(NeedForm.initial_of(need), specializations=_spec_choices())
    else:
        form = NeedForm(request.GET or None, specializations=_spec_choices())
    result = None
    if form.is_bound and form.is_valid():
        try:
            result = selectors.partner_matches(actor=actor, need=form.need(), requester_id=None)
        except DomainError as exc:
            messages.error(request, exc.message)
    return render(request, "cosell/partner_match.html",
                  {**BASE, "form": form, "result": result, "deal_id": None, "query": request.GET.urlencode()})  # fmt: skip


@console_view
def introduction_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    status = request.GET.get("status", "")
    page = Paginator(selectors.introduction_list(actor=actor, status=status), 25).get_page(
        request.GET.get("page")
    )
    return render(request, "cosell/introductions.html",
                  {**BASE, "page": page, "status": status, "waiting": selectors.waiting_introductions(actor=actor)})  # fmt: skip


@console_view
def introduction_detail(request: HttpRequest, introduction_id: int) -> HttpResponse:
    actor = actor_of(request)
    introduction = selectors.introduction_get(actor=actor, introduction_id=introduction_id)
    page = selectors.introduction_page(actor=actor, introduction=introduction)
    return render(request, "cosell/introduction_detail.html", {**BASE, "page": page})


@console_view
@require_POST
def introduction_action(request: HttpRequest, introduction_id: int, action: str) -> HttpResponse:
    actor = actor_of(request)
    introduction = selectors.introduction_get(actor=actor, introduction_id=introduction_id)
    try:
        messages.success(request, perform_introduction(actor=actor, introduction=introduction, action=action,
                                                        data=request.POST))  # fmt: skip
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("console:introduction_detail", introduction.pk)
