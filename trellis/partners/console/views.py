"""Console: the partner directory, a partner's page, and the vendor's edits."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trellis.core.directory import partner_members, staff_users
from trellis.core.exceptions import DomainError
from trellis.core.selectors import partner_timeline
from trellis.core.surfaces import actor_of, console_view, form_error

from .. import selectors, services
from ..choices import STATUS_TRANSITIONS
from ..forms import (
    DirectoryFilterForm,
    PartnerVendorForm,
    StatusForm,
    TierForm,
    changes_from_form,
    initial_from_partner,
)

PAGE_SIZE = 25


def _filters(form: DirectoryFilterForm) -> selectors.DirectoryFilters:
    data = form.cleaned_data if form.is_valid() else {}
    tier = data.get("tier") or ""
    return selectors.DirectoryFilters(
        q=data.get("q") or "",
        partner_types=(data["type"],) if data.get("type") else (),
        statuses=(data["status"],) if data.get("status") else (),
        countries=(data["country"],) if data.get("country") else (),
        program_id=int(tier[1:]) if tier.startswith("p") else None,
        tier_id=int(tier[1:]) if tier.startswith("t") else None,
        channel_manager_id=int(data["manager"]) if data.get("manager") else None,
        sort=data.get("sort") or "name",
    )


@console_view
def partner_directory(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = DirectoryFilterForm(
        request.GET or None, tiers=selectors.tiers(), managers=staff_users(actor=actor)
    )
    qs = selectors.partner_directory(actor=actor, filters=_filters(form))
    page = Paginator(selectors.with_directory_relations(qs), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "nav": "partners",
        "counts": selectors.partner_counts_by_status(actor=actor) if not request.htmx else {},  # type: ignore[attr-defined]
    }
    template = "partners/directory.html#results" if request.htmx else "partners/directory.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@console_view
def partner_detail(request: HttpRequest, partner_id: int) -> HttpResponse:
    actor = actor_of(request)
    partner = selectors.partner_get(actor=actor, partner_id=partner_id)
    allowed = sorted(STATUS_TRANSITIONS[partner.status])
    context = {
        "partner": partner,
        "nav": "partners",
        "members": partner_members(actor=actor, partner=partner),
        "timeline": partner_timeline(actor=actor, partner_id=partner.pk),
        "resellers": selectors.resellers_of(actor=actor, partner=partner)[:20],
        "can_edit": selectors.can_update_vendor_fields(actor, partner),
        "status_form": StatusForm(allowed=allowed) if allowed else None,
        "tier_form": TierForm(tiers=selectors.tiers()),
    }
    return render(request, "partners/detail.html", context)


@console_view
def partner_edit(request: HttpRequest, partner_id: int) -> HttpResponse:
    actor = actor_of(request)
    partner = selectors.partner_get(actor=actor, partner_id=partner_id)
    kwargs = {
        "specializations": selectors.specializations(),
        "managers": staff_users(actor=actor),
        "distributors": selectors.distributors(actor=actor).exclude(pk=partner.pk),
    }
    if request.method == "POST":
        form = PartnerVendorForm(request.POST, **kwargs)
        if form.is_valid():
            try:
                services.partner_update(
                    actor=actor, partner=partner, changes=changes_from_form(form, vendor=True)
                )
            except DomainError as exc:
                form_error(form, exc)
            else:
                messages.success(request, _("Changes saved."))
                return redirect("console:partner_detail", partner.pk)
    else:
        form = PartnerVendorForm(initial=initial_from_partner(partner, vendor=True), **kwargs)
    return render(
        request, "partners/edit.html", {"form": form, "partner": partner, "nav": "partners"}
    )


@console_view
@require_POST
def partner_status(request: HttpRequest, partner_id: int) -> HttpResponse:
    actor = actor_of(request)
    partner = selectors.partner_get(actor=actor, partner_id=partner_id)
    form = StatusForm(request.POST, allowed=sorted(STATUS_TRANSITIONS[partner.status]))
    if not form.is_valid():
        messages.error(request, _("Choose one of the allowed statuses."))
        return redirect("console:partner_detail", partner.pk)
    try:
        services.partner_set_status(
            actor=actor,
            partner=partner,
            status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Status changed."))
    return redirect("console:partner_detail", partner.pk)


@console_view
@require_POST
def partner_tier(request: HttpRequest, partner_id: int) -> HttpResponse:
    actor = actor_of(request)
    partner = selectors.partner_get(actor=actor, partner_id=partner_id)
    tiers = selectors.tiers()
    form = TierForm(request.POST, tiers=tiers)
    if not form.is_valid():
        messages.error(request, _("Choose a program and tier."))
        return redirect("console:partner_detail", partner.pk)
    try:
        services.partner_set_tier(
            actor=actor,
            partner=partner,
            tier=tiers.get(pk=form.cleaned_data["tier"]),
            note=form.cleaned_data["note"],
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Tier updated."))
    return redirect("console:partner_detail", partner.pk)
