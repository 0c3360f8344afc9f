"""Console: one partner's account mapping as the vendor may see it, and what the vendor offers to
share."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from trellis.core.exceptions import DomainError, InvalidInput
from trellis.core.pagination import page_number
from trellis.core.surfaces import actor_of, console_view
from trellis.deals.selectors import direct_opportunities, direct_opportunity_get
from trellis.partners.selectors import partner_get

from .. import selectors, services
from ..choices import LIVE_STATUSES, SharingLevel
from ..forms import InviteForm
from ..recommendations import recommend_partners


@console_view
@require_http_methods(["GET", "POST"])
def partner_mapping(request: HttpRequest, partner_id: int) -> HttpResponse:
    actor = actor_of(request)
    partner = partner_get(actor=actor, partner_id=partner_id)
    if request.method == "POST":
        try:
            try:
                level = int(request.POST.get("level", ""))
            except ValueError:
                raise InvalidInput(
                    _("Choose counts only, names or full detail."), field="level"
                ) from None
            services.sharing_offer(actor=actor, partner=partner, level=level)
            messages.success(request, _("Sharing offer saved."))
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("console:partner_mapping", partner.pk)
    view = selectors.overlap_view(actor=actor, partner=partner)
    promising = selectors.promising_accounts(
        actor=actor, partner=partner, page=page_number(request.GET.get("promising"))
    )
    return render(
        request,
        "cosell/console_mapping.html",
        {
            "nav": "partners",
            "partner": partner,
            "view": view,
            "levels": SharingLevel.choices,
            "promising": promising,
        },
    )


@console_view
def opportunities(request: HttpRequest) -> HttpResponse:
    """The vendor's own open opportunities, each a place to bring a partner in."""
    actor = actor_of(request)
    page = Paginator(direct_opportunities(actor=actor), 25).get_page(request.GET.get("page"))
    return render(
        request, "cosell/console_opportunities.html", {"nav": "opportunities", "page": page}
    )


@console_view
def opportunity_detail(request: HttpRequest, opportunity_id: int) -> HttpResponse:
    actor = actor_of(request)
    opportunity = direct_opportunity_get(actor=actor, opportunity_id=opportunity_id)
    recommended = recommend_partners(actor=actor, opportunity=opportunity)
    cosells = selectors.opportunity_cosells(actor=actor, opportunity=opportunity)
    engaged = {c.partner_id for c in cosells if c.status in LIVE_STATUSES}
    return render(
        request,
        "cosell/console_opportunity.html",
        {
            "nav": "opportunities",
            "opportunity": opportunity,
            "recommended": recommended,
            "cosells": cosells,
            "engaged": engaged,
            "invite_form": InviteForm(),
        },
    )
