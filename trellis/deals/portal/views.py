"""Portal: the partner's registrations (list, board, export), the registration form with its live
hint."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trellis.catalog.selectors import families, products
from trellis.core import uploads
from trellis.core.exceptions import DomainError
from trellis.core.forms import refuse_form
from trellis.core.surfaces import actor_of, form_error, portal_view
from trellis.customers.selectors import similar_companies
from trellis.customers.services import CustomerInput

from .. import selectors, services
from ..choices import DealStatus
from ..export import registrations_csv
from ..forms import AnswerForm, AppealForm, DealFilterForm, DealForm, NoteForm
from ..services import bulk

_FORM_FIELDS = {
    "customer.name": "customer_name",
    "customer.country": "customer_country",
    "customer.domain": "customer_domain",
    "contact.email": "contact_email",
}


@portal_view
def deal_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = DealFilterForm(request.GET or None, families=families())
    filters = form.filters()
    view = request.GET.get("view", "list")
    context: dict = {"form": form, "nav": "deals", "view": view}
    if view == "board":
        columns = selectors.board(actor=actor, filters=filters)
        context["columns"] = [(DealStatus(s), deals) for s, deals in columns.items()]
        context["board_empty"] = not any(columns.values())
    else:
        page = Paginator(selectors.deal_list(actor=actor, filters=filters), 25).get_page(
            request.GET.get("page")
        )
        query = request.GET.copy()
        query.pop("page", None)
        context.update(page=page, query=query.urlencode())
    context["conflicts"] = selectors.conflict_log(actor=actor)[:10]
    return render(request, "deals/portal_list.html", context)


@portal_view
def deal_export(request: HttpRequest) -> StreamingHttpResponse:
    """CSV of the partner's own registrations (the selectors never return another partner's)."""
    actor = actor_of(request)
    form = DealFilterForm(request.GET or None, families=families())
    return registrations_csv(
        selectors.deal_list(actor=actor, filters=form.filters()), "registrations.csv", vendor=False
    )


@portal_view
def deal_new(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    partner = services.registering_partner(actor=actor)
    form = DealForm(request.POST or None, products=products(actor=actor))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        data = services.DealInput(
            customer=CustomerInput(
                d["customer_name"], d["customer_domain"], d["customer_country"], d["customer_city"]
            ),
            products=d["products"],
            amount=d["amount"],
            currency=d["currency"],
            expected_close=d["expected_close"],
            deal_type=d["deal_type"],
            sourced=d["sourced"],
            contact_name=d["contact_name"],
            contact_email=d["contact_email"],
            description=d["description"],
            co_seller_ids=[int(x) for x in d["co_sellers"]],
            campaign_code=d["campaign_code"],
        )
        try:
            deal = services.deal_register(
                actor=actor, partner=partner, data=data, submit="draft" not in request.POST
            )
        except services.RegistrationConflict as exc:
            messages.error(request, exc.message)
            return redirect("portal:conflict_detail", exc.conflict_id)
        except DomainError as exc:
            form_error(
                form, type(exc)(exc.message, field=_FORM_FIELDS.get(exc.field or "", exc.field))
            )
        else:
            messages.success(request, _("Registration %(id)s saved.") % {"id": deal.pk})
            return redirect("portal:deal_detail", deal.pk)
    return render(request, "deals/portal_form.html", {"form": form, "nav": "deals"})


@portal_view
def deal_hint(request: HttpRequest) -> HttpResponse:
    """The live 'possible conflict' hint: does Trellis already know this customer?

    Says only that a known company matches and whether it is already protected,
    never by whom.
    """
    name = request.GET.get("customer_name", "").strip()
    hint = None
    if len(name) >= 3:
        found = similar_companies(
            name=name,
            domain=request.GET.get("customer_domain", ""),
            country=request.GET.get("customer_country", ""),
            city=request.GET.get("customer_city", ""),
            limit=1,
            min_score=0.5,
        )
        if found:
            protected = selectors.customer_is_protected(
                account_id=int(found[0].id), skus=request.GET.getlist("products")
            )
            hint = {
                "score": round(found[0].score * 100),
                "evidence": found[0].evidence,
                "protected": protected,
                "family": found[0].relation == "family",
            }
    return render(request, "deals/portal_hint.html", {"hint": hint, "name": name})


@portal_view
def deal_detail(request: HttpRequest, deal_id: int) -> HttpResponse:
    actor = actor_of(request)
    return _page(request, selectors.deal_get(actor=actor, deal_id=deal_id))


def _page(request: HttpRequest, deal: Any, *, typed: str | None = None) -> HttpResponse:
    """The registration's page; after a refused answer, with the answer as it was typed."""
    actor = actor_of(request)
    return render(
        request,
        "deals/portal_detail.html",
        {
            "deal": deal,
            "answer": deal.description if typed is None else typed,
            "nav": "deals",
            "history": selectors.deal_history(actor=actor, deal=deal),
            "co_sellers": selectors.co_sellers_of(deal),
        },
    )


def _acted(
    request: HttpRequest, deal_id: int, act: Callable[..., object], form: forms.Form | None = None
) -> HttpResponse:
    """Run one of the partner's actions on its registration (404 for anyone else's, whatever was
    posted), with ``form``'s values when it holds; back to its page with the outcome (a conflict
    shows the conflict, which the partner may appeal)."""
    actor = actor_of(request)
    deal = selectors.deal_get(actor=actor, deal_id=deal_id)
    typed = request.POST.get("answer")
    if form is not None and not form.is_valid():
        refuse_form(request, form)
        return _page(request, deal, typed=typed)
    try:
        act(actor=actor, deal=deal, **(form.cleaned_data if form is not None else {}))
    except services.RegistrationConflict as exc:
        messages.error(request, exc.message)
        return redirect("portal:conflict_detail", exc.conflict_id)
    except DomainError as exc:
        messages.error(request, exc.message)
        return _page(request, deal, typed=typed)
    else:
        messages.success(request, _("Done."))
    return redirect("portal:deal_detail", deal.pk)


@portal_view
@require_POST
def deal_submit(request: HttpRequest, deal_id: int) -> HttpResponse:
    return _acted(request, deal_id, services.deal_submit)


@portal_view
@require_POST
def deal_extend(request: HttpRequest, deal_id: int) -> HttpResponse:
    return _acted(request, deal_id, services.deal_extend)


@portal_view
@require_POST
def deal_won(request: HttpRequest, deal_id: int) -> HttpResponse:
    return _acted(
        request, deal_id, partial(services.deal_close, outcome="won"), NoteForm(request.POST)
    )


@portal_view
@require_POST
def deal_lost(request: HttpRequest, deal_id: int) -> HttpResponse:
    return _acted(
        request, deal_id, partial(services.deal_close, outcome="lost"), NoteForm(request.POST)
    )


@portal_view
@require_POST
def deal_answer(request: HttpRequest, deal_id: int) -> HttpResponse:
    return _acted(request, deal_id, services.deal_answer, AnswerForm(request.POST))


@portal_view
def conflict_detail(request: HttpRequest, conflict_id: int) -> HttpResponse:
    """The partner's view of a conflict: what they tried and why it was stopped, and the appeal
    form."""
    actor = actor_of(request)
    conflict = selectors.conflict_get(actor=actor, conflict_id=conflict_id)
    form = AppealForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.conflict_appeal(
                actor=actor, conflict=conflict, reason=form.cleaned_data["reason"]
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Your appeal is with your channel manager."))
            return redirect("portal:conflict_detail", conflict.pk)
    return render(
        request, "deals/portal_conflict.html", {"conflict": conflict, "form": form, "nav": "deals"}
    )


@portal_view
def deal_upload(request: HttpRequest) -> HttpResponse:
    """Bulk registration: upload a CSV, see a per-row preview, then import the rows that are
    ready."""
    actor = actor_of(request)
    partner = services.registering_partner(actor=actor)
    report, error, encoded = None, "", ""
    if request.method == "POST":
        raw, preview = uploads.upload_from_request(request)
        try:
            report = bulk.bulk_register(actor=actor, partner=partner, raw=raw, dry_run=preview)
        except DomainError as exc:
            error = exc.message
        else:
            encoded = uploads.payload_of(raw) if preview else ""
    return render(
        request,
        "deals/portal_upload.html",
        {
            "report": report,
            "error": error,
            "payload": encoded,
            "columns": ",".join(bulk.COLUMNS),
            "nav": "deals",
        },
    )
