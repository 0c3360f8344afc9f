"""Pages the console and the portal show alike: one co-sell, one introduction, the bundle pages.

Each surface keeps its own thin views (guarded by ``console_view`` or
``portal_view``) and its own URLs; what they show and do lives here once, and
the shared templates tell the surfaces apart by ``ns`` and ``base``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from trellis.core.exceptions import DomainError, InvalidInput
from trellis.core.surfaces import actor_of

from . import selectors, services
from .forms import (
    BundleForm,
    DeclineForm,
    InviteForm,
    StepForm,
    bundle_choices,
    perform,
    perform_bundle,
    perform_introduction,
)

Surface = dict[str, str]  # base template, URL namespace, highlighted navigation entry


def _act(
    request: HttpRequest, surface: Surface, page: str, pk: int, run: Callable[[], str]
) -> HttpResponse:
    """Run one posted action, say how it went, and go back to the page."""
    try:
        messages.success(request, run())
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(f"{surface['ns']}:{page}", pk)


def _id(request: HttpRequest, name: str) -> int | None:
    value = request.POST.get(name, "")
    return int(value) if value.isdigit() else None


def cosell_detail(
    request: HttpRequest, surface: Surface, cosell_id: int, refused: str = ""
) -> HttpResponse:
    """The co-sell's page; after a refused action (``refused``), its form as it was typed."""
    actor = actor_of(request)
    page = selectors.cosell_page(
        actor=actor, cosell=selectors.cosell_get(actor=actor, cosell_id=cosell_id)
    )
    typed = request.POST if refused else None
    context = {
        **surface,
        "page": page,
        "decline_form": DeclineForm(typed if refused == "decline" else None),
        "step_form": StepForm(
            typed if refused == "step" else None, owners=page.owners, me=actor.user_id
        ),
        "share_form": InviteForm(
            typed if refused == "share" else None,
            initial={"shared_fields": page.cosell.shared_fields},
        ),
        "typed_body": request.POST.get("body", "") if refused == "post" else "",
    }
    return render(request, "cosell/cosell_detail.html", context, status=422 if refused else 200)


def cosell_action(
    request: HttpRequest, surface: Surface, cosell_id: int, action: str
) -> HttpResponse:
    actor = actor_of(request)
    cosell = selectors.cosell_get(actor=actor, cosell_id=cosell_id)
    step_id = _id(request, "step")
    step = selectors.step_get(actor=actor, cosell=cosell, step_id=step_id) if step_id else None
    try:
        done = perform(actor=actor, cosell=cosell, action=action, data=request.POST, step=step)
    except DomainError as exc:
        messages.error(request, exc.message)
        return cosell_detail(request, surface, cosell.pk, refused=action)
    messages.success(request, done)
    return redirect(f"{surface['ns']}:cosell_detail", cosell.pk)


def introduction_list(request: HttpRequest, surface: Surface) -> HttpResponse:
    actor = actor_of(request)
    status = request.GET.get("status", "")
    listed = selectors.introduction_list(actor=actor, status=status)
    page = Paginator(listed, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "cosell/introductions.html",
        {
            **surface,
            "page": page,
            "status": status,
            "waiting": selectors.waiting_introductions(actor=actor),
        },
    )


def introduction_detail(
    request: HttpRequest, surface: Surface, introduction_id: int
) -> HttpResponse:
    actor = actor_of(request)
    introduction = selectors.introduction_get(actor=actor, introduction_id=introduction_id)
    page = selectors.introduction_page(actor=actor, introduction=introduction)
    return render(request, "cosell/introduction_detail.html", {**surface, "page": page})


def introduction_action(
    request: HttpRequest, surface: Surface, introduction_id: int, action: str
) -> HttpResponse:
    actor = actor_of(request)
    introduction = selectors.introduction_get(actor=actor, introduction_id=introduction_id)
    return _act(
        request,
        surface,
        "introduction_detail",
        introduction.pk,
        lambda: perform_introduction(
            actor=actor, introduction=introduction, action=action, data=request.POST
        ),
    )


def bundle_catalogue(request: HttpRequest, surface: Surface) -> HttpResponse:
    actor = actor_of(request)
    filters = selectors.BundleFilters(
        q=request.GET.get("q", "").strip(),
        country=request.GET.get("country", "")[:2],
        family=request.GET.get("family", ""),
    )
    page = Paginator(selectors.bundle_catalogue(actor=actor, filters=filters), 20).get_page(
        request.GET.get("page")
    )
    context = {
        **surface,
        "page": page,
        "filters": filters,
        "drafts": selectors.bundle_drafts(actor=actor)[:20],
    }
    return render(request, "cosell/bundles.html", context)


def _bundle_form(request: HttpRequest, *, initial: dict[str, Any] | None = None) -> BundleForm:
    # A partner composing a bundle says what its own part is; the vendor invites partners with
    # theirs.
    ask_service = actor_of(request).is_partner and initial is None
    return BundleForm(
        request.POST or None,
        initial=initial,
        ask_service=ask_service,
        **bundle_choices(actor_of(request)),
    )


def _save_bundle(
    request: HttpRequest, surface: Surface, form: BundleForm, bundle: Any
) -> HttpResponse:
    """Show the form, or save it and go to the bundle."""
    actor = actor_of(request)
    if request.method == "POST":
        try:
            if not form.is_valid():
                raise InvalidInput(form.first_error())
            if bundle is None:
                bundle = services.bundle_create(actor=actor, data=form.bundle_input())
            else:
                services.bundle_update(actor=actor, bundle=bundle, data=form.bundle_input())
            return redirect(f"{surface['ns']}:bundle_detail", bundle.pk)
        except DomainError as exc:
            messages.error(request, exc.message)
    return render(request, "cosell/bundle_form.html", {**surface, "form": form, "bundle": bundle})


def bundle_new(request: HttpRequest, surface: Surface) -> HttpResponse:
    return _save_bundle(request, surface, _bundle_form(request), None)


def bundle_edit(request: HttpRequest, surface: Surface, bundle_id: int) -> HttpResponse:
    bundle = selectors.bundle_get(actor=actor_of(request), bundle_id=bundle_id)
    return _save_bundle(
        request, surface, _bundle_form(request, initial=BundleForm.initial_of(bundle)), bundle
    )


def bundle_detail(request: HttpRequest, surface: Surface, bundle_id: int) -> HttpResponse:
    actor = actor_of(request)
    page = selectors.bundle_page(
        actor=actor, bundle=selectors.bundle_get(actor=actor, bundle_id=bundle_id)
    )
    return render(request, "cosell/bundle_detail.html", {**surface, "page": page})


def bundle_action(
    request: HttpRequest, surface: Surface, bundle_id: int, action: str
) -> HttpResponse:
    actor = actor_of(request)
    bundle = selectors.bundle_get(actor=actor, bundle_id=bundle_id)
    member_id = _id(request, "member")
    member = (
        selectors.member_get(actor=actor, bundle=bundle, member_id=member_id) if member_id else None
    )
    return _act(
        request,
        surface,
        "bundle_detail",
        bundle.pk,
        lambda: perform_bundle(
            actor=actor, bundle=bundle, action=action, data=request.POST, member=member
        ),
    )
