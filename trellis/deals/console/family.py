"""Console: recording, from a registration's review, that two customers are one corporate family."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trellis.core.exceptions import DomainError
from trellis.core.surfaces import actor_of, console_view
from trellis.customers.services import account_set_parent

from .. import selectors


@console_view
@require_POST
def deal_family(request: HttpRequest, deal_id: int) -> HttpResponse:
    """``direction`` unit: this registration's customer belongs to the other's; parent: the
    other way round. The other registration must be one the review put beside it."""
    actor = actor_of(request)
    deal = selectors.deal_get(actor=actor, deal_id=deal_id)
    raw = request.POST.get("other", "")
    direction = request.POST.get("direction", "")
    related = {d.pk: d for d in selectors.related_deals(actor=actor, deal=deal)}
    if not raw.isdigit() or int(raw) not in related or direction not in ("unit", "parent"):
        raise Http404
    other = related[int(raw)]
    unit, parent = (
        (deal.customer, other.customer) if direction == "unit" else (other.customer, deal.customer)
    )
    try:
        account_set_parent(actor=actor, account=unit, parent=parent)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Recorded: %(unit)s belongs to %(parent)s.")
            % {"unit": unit.name, "parent": parent.name},
        )
    return redirect("console:deal_detail", deal.pk)
