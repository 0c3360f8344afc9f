"""Portal: the partner's co-sells with the vendor (invitations, the shared opportunity, thread, next
steps)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from trellis.core.exceptions import DomainError
from trellis.core.surfaces import actor_of, portal_view
from trellis.deals.selectors import deal_get

from .. import pages, selectors, services
from ..choices import CoSellStatus
from ..forms import InviteForm, posted_text

BASE = {"base": "portal/base.html", "ns": "portal", "nav": "cosell"}


@portal_view
def cosell_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    status = request.GET.get("status", "")
    filters = selectors.CoSellFilters(statuses=(status,) if status in CoSellStatus.values else ())
    page = Paginator(selectors.cosell_list(actor=actor, filters=filters), 25).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "cosell/portal_cosells.html",
        {
            **BASE,
            "page": page,
            "status": status,
            "statuses": CoSellStatus.choices,
            "waiting": selectors.waiting_for(actor=actor),
        },
    )


@portal_view
def cosell_detail(request: HttpRequest, cosell_id: int) -> HttpResponse:
    return pages.cosell_detail(request, BASE, cosell_id)


@portal_view
@require_POST
def cosell_action(request: HttpRequest, cosell_id: int, action: str) -> HttpResponse:
    return pages.cosell_action(request, BASE, cosell_id, action)


@portal_view
@require_http_methods(["GET", "POST"])
def cosell_invite_vendor(request: HttpRequest, deal_id: int) -> HttpResponse:
    """Ask the vendor's sales team to sell alongside on one of the partner's registrations."""
    actor = actor_of(request)
    deal = deal_get(actor=actor, deal_id=deal_id)
    existing = selectors.deal_cosell(actor=actor, deal=deal)
    if existing is not None and existing.status in (CoSellStatus.INVITED, CoSellStatus.ACTIVE):
        return redirect("portal:cosell_detail", existing.pk)
    form = InviteForm(request.POST or None)
    if request.method == "POST":
        try:
            cosell = services.cosell_invite_vendor(
                actor=actor,
                deal=deal,
                message=posted_text(request.POST, "message"),
                shared_fields=request.POST.getlist("shared_fields"),
            )
            messages.success(request, InviteForm.sent_message())
            return redirect("portal:cosell_detail", cosell.pk)
        except DomainError as exc:
            messages.error(request, exc.message)
    return render(
        request,
        "cosell/portal_invite_vendor.html",
        {**BASE, "deal": deal, "form": form, "previous": existing},
    )
