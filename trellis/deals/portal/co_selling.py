"""Portal: requests to co-sell that registering partners made to this partner, and the answer."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trellis.core.exceptions import DomainError
from trellis.core.surfaces import actor_of, portal_view

from .. import selectors, services


@portal_view
def co_seller_requests(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    page = Paginator(selectors.co_seller_request_list(actor=actor), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "deals/portal_co_selling.html", {"page": page, "nav": "deals"})


def _answer(request: HttpRequest, request_id: int, *, accept: bool) -> HttpResponse:
    actor = actor_of(request)
    link = selectors.co_seller_request_get(actor=actor, request_id=request_id)
    try:
        services.co_seller_answer(actor=actor, link=link, accept=accept)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("You now co-sell at %(customer)s.") % {"customer": link.deal.customer_name}
            if accept
            else _("You declined to co-sell at %(customer)s.")
            % {"customer": link.deal.customer_name},
        )
    return redirect("portal:co_seller_requests")


@portal_view
@require_POST
def co_seller_accept(request: HttpRequest, request_id: int) -> HttpResponse:
    return _answer(request, request_id, accept=True)


@portal_view
@require_POST
def co_seller_decline(request: HttpRequest, request_id: int) -> HttpResponse:
    return _answer(request, request_id, accept=False)
