"""Console: the bundle catalogue (joint solutions of vendor products and partners' services), composing and agreeing."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from trellis.core.exceptions import DomainError, InvalidInput
from trellis.core.surfaces import actor_of, console_view

from .. import selectors, services
from ..forms import BundleForm, bundle_choices, perform_bundle

BASE = {"base": "console/base.html", "ns": "console", "nav": "bundles"}
ASK_SERVICE = False  # a partner composing a bundle says what its own part is


@console_view
def bundle_catalogue(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    filters = selectors.BundleFilters(q=request.GET.get("q", "").strip(), country=request.GET.get("country", "")[:2],
                                      family=request.GET.get("family", ""))  # fmt: skip
    page = Paginator(selectors.bundle_catalogue(actor=actor, filters=filters), 20).get_page(
        request.GET.get("page")
    )
    context = {
        **BASE,
        "page": page,
        "filters": filters,
        "drafts": selectors.bundle_drafts(actor=actor)[:20],
    }
    return render(request, "cosell/bundles.html", context)


def _form(request: HttpRequest, initial: dict[str, object] | None = None) -> BundleForm:
    return BundleForm(request.POST or None, initial=initial, ask_service=ASK_SERVICE,
                      **bundle_choices(actor_of(request)))  # fmt: skip


@console_view
@require_http_methods(["GET", "POST"])
def bundle_new(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = _form(request)
    if request.method == "POST":
        try:
            if not form.is_valid():
                raise InvalidInput(form.first_error())
            bundle = services.bundle_create(actor=actor, data=form.bundle_input())
            return redirect("console:bundle_detail", bundle.pk)
        except DomainError as exc:
            messages.error(request, exc.message)
    return render(request, "cosell/bundle_form.html", {**BASE, "form": form, "bundle": None})


@console_view
@require_http_methods(["GET", "POST"])
def bundle_edit(request: HttpRequest, bundle_id: int) -> HttpResponse:
    actor = actor_of(request)
    bundle = selectors.bundle_get(actor=actor, bundle_id=bundle_id)
    form = _form(request, initial=BundleForm.initial_of(bundle))
    if "service" in form.fields:
        del form.fields["service"]  # members change their part by being invited again
    if request.method == "POST":
        try:
            if not form.is_valid():
                raise InvalidInput(form.first_error())
            services.bundle_update(actor=actor, bundle=bundle, data=form.bundle_input())
            return redirect("console:bundle_detail", bundle.pk)
        except DomainError as exc:
            messages.error(request, exc.message)
    return render(request, "cosell/bundle_form.html", {**BASE, "form": form, "bundle": bundle})


@console_view
def bundle_detail(request: HttpRequest, bundle_id: int) -> HttpResponse:
    actor = actor_of(request)
    page = selectors.bundle_page(
        actor=actor, bundle=selectors.bundle_get(actor=actor, bundle_id=bundle_id)
    )
    return render(request, "cosell/bundle_detail.html", {**BASE, "page": page})


@console_view
@require_POST
def bundle_action(request: HttpRequest, bundle_id: int, action: str) -> HttpResponse:
    actor = actor_of(request)
    bundle = selectors.bundle_get(actor=actor, bundle_id=bundle_id)
    member = None
    if request.POST.get("member", "").isdigit():
        member = selectors.member_get(
            actor=actor, bundle=bundle, member_id=int(request.POST["member"])
        )
    try:
        messages.success(request, perform_bundle(actor=actor, bundle=bundle, action=action, data=request.POST,
                                                 member=member))  # fmt: skip
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("console:bundle_detail", bundle.pk)
