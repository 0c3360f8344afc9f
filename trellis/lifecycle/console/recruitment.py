"""Console: the application review queue, one application with its fit and possible
duplicates, and the Ideal Partner Profile."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trellis.accounts.selectors import staff_users
from trellis.core.countries import country_name
from trellis.core.exceptions import DomainError
from trellis.core.policies import allows
from trellis.core.roles import StaffRole
from trellis.core.surfaces import actor_of, console_view, form_error, read_only
from trellis.customers.choices import EmployeeBand, Industry
from trellis.partners.choices import PartnerType
from trellis.partners.selectors import specializations, tiers

from .. import selectors, services
from ..choices import ApplicationStatus, EsgFact
from ..forms import DecisionForm, ProfileForm
from ..services.fit_learning import WINDOW_DAYS

PAGE_SIZE = 50


def fit_class(score: int) -> str:
    return "high" if score >= 70 else "mid" if score >= 40 else "low"


@console_view
def application_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    status = request.GET.get("status", "open")
    if status not in {"open", "", *ApplicationStatus.values}:
        status = "open"
    q = request.GET.get("q", "")[:100]
    order = "new" if request.GET.get("order") == "new" else "fit"
    found = selectors.applications(actor=actor, status=status, q=q, order=order)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = selectors.status_counts(actor=actor)
    run = selectors.latest_model_run()
    return render(
        request,
        "lifecycle/console_applications.html",
        {
            "nav": "applications",
            "page": page,
            "status": status,
            "q": q,
            "order": order,
            "counts": counts,
            "open_count": counts.get("submitted", 0) + counts.get("on_hold", 0),
            "statuses": ApplicationStatus.choices,
            "type_names": dict(PartnerType.choices),
            "query": urlencode({"status": status, "q": q, "order": order}),
            "run": run,
        },
    )


def _decision_form(actor: Any, data: Any = None) -> DecisionForm:
    return DecisionForm(
        data,
        tiers=[(t.pk, f"{t.program.name}: {t.name}") for t in tiers() if t.rank == 1],
        managers=[
            (u.pk, u.full_name or u.email)
            for u in staff_users(actor=actor, role=StaffRole.CHANNEL_MANAGER)
        ],
        # Who accepts, stewards, unless an admin or partner operations names someone.
        unset=_("Me")
        if actor.has_role(StaffRole.CHANNEL_MANAGER)
        else _("Nobody yet: assign later"),
    )


@console_view
def application_detail(request: HttpRequest, application_id: int) -> HttpResponse:
    actor = actor_of(request)
    application = selectors.application_get(actor=actor, application_id=application_id)
    form = _decision_form(actor, request.POST or None)
    may_decide = allows(actor, "lifecycle.review", application)
    if not may_decide or application.status not in ("submitted", "on_hold"):
        read_only(form)
    elif request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            if d["decision"] == "accept":
                accepted = services.application_accept(
                    actor=actor,
                    application=application,
                    reason=d["reason"],
                    tier_id=d["tier"],
                    channel_manager_id=d["channel_manager"],
                )
                messages.success(
                    request,
                    _("%(c)s is now a partner in onboarding; its first admin is invited.")
                    % {"c": accepted.application.company_name},
                )
                return redirect("console:partner_detail", accepted.application.partner_id)
            if d["decision"] == "hold":
                services.application_hold(actor=actor, application=application, reason=d["reason"])
                messages.success(request, _("The application is on hold."))
            else:
                services.application_reject(
                    actor=actor, application=application, reason=d["reason"]
                )
                messages.success(request, _("The application was rejected."))
            return redirect("console:application_detail", application.pk)
        except DomainError as exc:
            form_error(form, exc)
    names = {
        "types": dict(PartnerType.choices),
        "industries": dict(Industry.choices),
        "sizes": dict(EmployeeBand.choices),
        "esg": dict(EsgFact.choices),
        "specializations": dict(specializations().values_list("slug", "name")),
    }
    return render(
        request,
        "lifecycle/console_application.html",
        {
            "nav": "applications",
            "a": application,
            "form": form,
            "may_decide": may_decide and application.status in ("submitted", "on_hold"),
            "lines": selectors.fit_lines(application.fit_factors),
            "blocked": selectors.blocked_words(application.fit_blocked_by),
            "fit_class": fit_class(application.fit_score),
            "country": country_name(application.country),
            "names": names,
        },
        status=400 if request.method == "POST" else 200,
    )


@console_view
def ideal_profile(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    row = selectors.ideal_profile()
    initial = {f: getattr(row, f) for f in ProfileForm.base_fields}
    options = [(s.slug, s.label()) for s in specializations()]
    form = ProfileForm(request.POST or None, initial=initial, specialization_choices=options)
    if not allows(actor, "lifecycle.configure"):
        read_only(form)
    elif request.method == "POST" and form.is_valid():
        try:
            _row, rescored = services.profile_save(actor=actor, values=dict(form.cleaned_data))
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(
                request,
                _("Profile saved. %(n)s open applications were scored again.") % {"n": rescored},
            )
            return redirect("console:ideal_profile")
    run = selectors.latest_model_run()
    return render(
        request,
        "lifecycle/console_profile.html",
        {
            "nav": "settings",
            "form": form,
            "run": run,
            "weights": selectors.model_weights(run),
            "window_days": WINDOW_DAYS,
            "may_train": allows(actor, "lifecycle.configure"),
        },
    )


@console_view
@require_POST
def fit_model_train(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    try:
        run = services.fit_model_train(actor=actor)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, run.explanation)
    return redirect("console:ideal_profile")
