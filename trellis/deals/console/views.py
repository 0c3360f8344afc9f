"""Console: the approval queue, the side-by-side conflict view, all registrations, the conflict log,
appeals."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trellis.catalog.selectors import families
from trellis.core.exceptions import DomainError
from trellis.core.forms import refuse_form
from trellis.core.policies import allows
from trellis.core.surfaces import actor_of, console_view
from trellis.partners.selectors import tiers

from .. import selectors, services
from ..export import registrations_csv
from ..forms import (
    AppealDecisionForm,
    DealFilterForm,
    InfoRequestForm,
    NoteForm,
    RejectForm,
    ReverseForm,
)


@console_view
def queue(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    mine = request.GET.get("mine") == "1"
    page = Paginator(selectors.approval_queue(actor=actor, mine_only=mine), 50).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "mine": mine,
        "nav": "queue",
        "query": "mine=1" if mine else "",
        "appeals": selectors.appeals(actor=actor)[:10],
    }
    return render(request, "deals/console_queue.html", context)


@console_view
@require_POST
def bulk_approve(request: HttpRequest) -> HttpResponse:
    """Approve the ticked registrations; each is checked and audited on its own."""
    actor = actor_of(request)
    done, failed = 0, []
    for raw in request.POST.getlist("deal"):
        try:
            deal = selectors.deal_get(actor=actor, deal_id=int(raw))
            services.deal_approve(
                actor=actor, deal=deal, note=_("Approved in bulk from the queue.")
            )
            done += 1
        except (DomainError, ValueError) as exc:
            failed.append(f"#{raw}: {getattr(exc, 'message', exc)}")
    if done:
        messages.success(request, _("%(n)s registrations approved.") % {"n": done})
    for line in failed:
        messages.error(request, line)
    return redirect("console:deal_queue")


@console_view
def deal_detail(request: HttpRequest, deal_id: int) -> HttpResponse:
    """The conflict view: the registration beside every registration it may collide with, with the
    evidence."""
    actor = actor_of(request)
    return _detail(request, selectors.deal_get(actor=actor, deal_id=deal_id))


def _detail(request: HttpRequest, deal: Any, posted: forms.Form | None = None) -> HttpResponse:
    """The registration's page; after a refused decision, with what was typed still in place."""
    actor = actor_of(request)
    forms_shown: dict[str, forms.Form] = {
        "reject_form": RejectForm(),
        "info_form": InfoRequestForm(),
    }
    for name, blank in list(forms_shown.items()):
        if posted is not None and type(posted) is type(blank):
            forms_shown[name] = posted
    context = {
        "deal": deal,
        "nav": "queue",
        "related": selectors.related_deals(actor=actor, deal=deal),
        "stopped": [
            (c, selectors.attempt_families(c))
            for c in selectors.stopped_attempts(actor=actor, deal=deal)
        ],
        # Only the partner's steward decides; others see who does instead of a refusal.
        "can_decide": allows(actor, "deals.decide", deal),
        "note": request.POST.get("note", ""),  # a refused decision's note, typed again
        "history": selectors.deal_history(actor=actor, deal=deal),
        "reject_form": posted if isinstance(posted, RejectForm) else RejectForm(),
        "info_form": posted if isinstance(posted, InfoRequestForm) else InfoRequestForm(),
        "reverse_form": posted if isinstance(posted, ReverseForm) else ReverseForm(),
    }
    return render(request, "deals/console_detail.html", context)


def _decided(
    request: HttpRequest,
    deal_id: int,
    decide: Callable[..., object],
    form: forms.Form | None = None,
) -> HttpResponse:
    """Run one decision on a registration the actor may see (404 otherwise, whatever was posted),
    with ``form``'s values when it holds. Done: back to the registration's page. Refused: the
    page again with the reason and everything typed kept."""
    actor = actor_of(request)
    deal = selectors.deal_get(actor=actor, deal_id=deal_id)
    if form is not None and not form.is_valid():
        refuse_form(request, form)
        return _detail(request, deal, form)
    try:
        decide(actor=actor, deal=deal, **(form.cleaned_data if form is not None else {}))
    except DomainError as exc:
        messages.error(request, exc.message)
        return _detail(request, deal, form)
    messages.success(request, _("Registration %(id)s updated.") % {"id": deal.pk})
    return redirect("console:deal_detail", deal.pk)


@console_view
@require_POST
def deal_approve(request: HttpRequest, deal_id: int) -> HttpResponse:
    return _decided(request, deal_id, services.deal_approve, NoteForm(request.POST))


@console_view
@require_POST
def deal_reject(request: HttpRequest, deal_id: int) -> HttpResponse:
    return _decided(request, deal_id, services.deal_reject, RejectForm(request.POST))


@console_view
@require_POST
def deal_request_info(request: HttpRequest, deal_id: int) -> HttpResponse:
    return _decided(request, deal_id, services.deal_request_info, InfoRequestForm(request.POST))


@console_view
@require_POST
def deal_reopen(request: HttpRequest, deal_id: int) -> HttpResponse:
    return _decided(request, deal_id, services.deal_reopen, NoteForm(request.POST))


@console_view
@require_POST
def deal_extend(request: HttpRequest, deal_id: int) -> HttpResponse:
    return _decided(request, deal_id, services.deal_extend)


@console_view
@require_POST
def deal_reverse(request: HttpRequest, deal_id: int) -> HttpResponse:
    return _decided(request, deal_id, services.deal_reverse, ReverseForm(request.POST))


@console_view
def deal_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = DealFilterForm(request.GET or None, families=families(), tiers=tiers(), vendor=True)
    page = Paginator(selectors.deal_list(actor=actor, filters=form.filters()), 50).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    co_sold, solo = selectors.cosell_win_rates(actor=actor, filters=form.filters())
    return render(
        request,
        "deals/console_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "nav": "deals",
            "co_sold": co_sold,
            "solo": solo,
        },
    )


@console_view
def deal_export(request: HttpRequest) -> StreamingHttpResponse:
    actor = actor_of(request)
    form = DealFilterForm(request.GET or None, families=families(), tiers=tiers(), vendor=True)
    return registrations_csv(
        selectors.deal_list(actor=actor, filters=form.filters()), "registrations.csv", vendor=True
    )


@console_view
def conflict_log(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.conflict_log(actor=actor_of(request)), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request, "deals/console_conflicts.html", {"page": page, "nav": "conflicts", "query": ""}
    )


@console_view
def appeal_detail(request: HttpRequest, appeal_id: int) -> HttpResponse:
    actor = actor_of(request)
    appeal = selectors.appeal_get(actor=actor, appeal_id=appeal_id)
    form = AppealDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.appeal_decide(
                actor=actor,
                appeal=appeal,
                overturn=form.cleaned_data["decision"] == "overturn",
                note=form.cleaned_data["note"],
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Appeal decided."))
            return redirect("console:conflict_log")
    context = {
        "appeal": appeal,
        "form": form,
        "families": selectors.attempt_families(appeal.conflict),
        "holder": selectors.deal_get(actor=actor, deal_id=appeal.conflict.winning_deal_id)
        if appeal.conflict.winning_deal_id
        else None,
        "nav": "conflicts",
    }
    return render(request, "deals/console_appeal.html", context)
