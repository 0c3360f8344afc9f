"""Console: every co-sell with partners, the vendor's side of each, and inviting partners into
opportunities."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from trellis.core.exceptions import DomainError, InvalidInput
from trellis.core.surfaces import actor_of, console_view
from trellis.deals.selectors import cosell_win_rates, direct_opportunity_get
from trellis.partners.selectors import partner_get

from .. import pages, selectors, services
from ..choices import CoSellStatus, Side
from ..forms import InviteForm, posted_text

BASE = {"base": "console/base.html", "ns": "console", "nav": "cosell"}


@console_view
def cosell_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    status, origin = request.GET.get("status", ""), request.GET.get("origin", "")
    filters = selectors.CoSellFilters(
        statuses=(status,) if status in CoSellStatus.values else (),
        origin=origin if origin in Side.values else "",
        q=request.GET.get("q", "").strip(),
    )
    page = Paginator(selectors.cosell_list(actor=actor, filters=filters), 25).get_page(
        request.GET.get("page")
    )
    deals_co, deals_solo = cosell_win_rates(actor=actor)
    opps_co, opps_solo = selectors.opportunity_win_rates(actor=actor)
    context = {
        **BASE,
        "page": page,
        "filters": filters,
        "status": status,
        "origin": origin,
        "statuses": CoSellStatus.choices,
        "origins": Side.choices,
        "waiting": selectors.waiting_for(actor=actor),
        "rates": [(deals_co, deals_solo, "registrations"), (opps_co, opps_solo, "opportunities")],
    }
    return render(request, "cosell/console_cosells.html", context)


@console_view
def cosell_detail(request: HttpRequest, cosell_id: int) -> HttpResponse:
    return pages.cosell_detail(request, BASE, cosell_id)


@console_view
@require_POST
def cosell_action(request: HttpRequest, cosell_id: int, action: str) -> HttpResponse:
    return pages.cosell_action(request, BASE, cosell_id, action)


@console_view
@require_POST
def cosell_invite_partner(request: HttpRequest, opportunity_id: int) -> HttpResponse:
    """Bring a partner (usually one the recommendations ranked) into one of the vendor's
    opportunities."""
    actor = actor_of(request)
    opportunity = direct_opportunity_get(actor=actor, opportunity_id=opportunity_id)
    try:
        partner_id = request.POST.get("partner", "")
        if not partner_id.isdigit():
            raise InvalidInput(InviteForm.pick_partner_message(), field="partner")
        cosell = services.cosell_invite_partner(
            actor=actor,
            opportunity=opportunity,
            partner=partner_get(actor=actor, partner_id=int(partner_id)),
            message=posted_text(request.POST, "message"),
            shared_fields=request.POST.getlist("shared_fields"),
        )
        messages.success(request, InviteForm.sent_message())
        return redirect("console:cosell_detail", cosell.pk)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("console:opportunity_detail", opportunity.pk)
