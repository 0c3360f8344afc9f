"""Console: tier evaluation per program (settings, evaluate now, pending downgrades, recent
changes, what-if) and one partner's tier status, history and override."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from trellis.core.exceptions import DomainError, InvalidInput
from trellis.core.forms import Form, set_choices
from trellis.core.policies import allows
from trellis.core.surfaces import actor_of, console_view, form_error, read_only
from trellis.partners.choices import TierMetric
from trellis.partners.selectors import partner_get, program_get, programs_overview, tiers

from .. import selectors, services
from ..services.tiering import policy_for


class PolicyForm(Form):
    every_months = forms.IntegerField(
        label=gettext_lazy("Evaluate every (months)"), min_value=1, max_value=12
    )
    grace_days = forms.IntegerField(
        label=gettext_lazy("Grace period before a downgrade (days)"), min_value=0, max_value=365
    )


class WhatIfForm(Form):
    tier = forms.TypedChoiceField(label=gettext_lazy("Tier"), coerce=int)
    metric = forms.ChoiceField(label=gettext_lazy("Requirement"), choices=TierMetric.choices)
    threshold = forms.DecimalField(
        label=gettext_lazy("At least"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        help_text=gettext_lazy("Empty: the tier no longer asks it."),
    )


class OverrideForm(Form):
    tier = forms.TypedChoiceField(label=gettext_lazy("Tier"), coerce=int)
    ends_on = forms.DateField(
        label=gettext_lazy("Until"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


@console_view
def tier_overview(request: HttpRequest) -> HttpResponse:
    programs = [
        (p, selectors.program_overview(program_id=p.pk)["members"]) for p in programs_overview()
    ]
    return render(request, "lifecycle/console_tiers.html", {"nav": "tiers", "programs": programs})


@console_view
def tier_program(request: HttpRequest, program_id: int) -> HttpResponse:
    actor = actor_of(request)
    program = program_get(program_id=program_id)
    policy = policy_for(program.pk)
    form = PolicyForm(
        request.POST or None,
        initial={"every_months": policy.every_months, "grace_days": policy.grace_days},
        label_suffix="",
    )
    may_run = allows(actor, "lifecycle.evaluate_tiers")
    if not may_run:
        read_only(form)
    elif request.method == "POST" and form.is_valid():
        try:
            services.tier_policy_save(actor=actor, program_id=program.pk, **form.cleaned_data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("console:tier_program", program.pk)
    program_tiers = [t for t in tiers() if t.program_id == program.pk]
    asked = WhatIfForm(request.GET if "metric" in request.GET else None, label_suffix="")
    set_choices(asked.fields["tier"], [(t.pk, t.name) for t in program_tiers if t.rank > 1])
    result = None
    if asked.is_bound and asked.is_valid():
        d = asked.cleaned_data
        threshold = float(d["threshold"]) if d["threshold"] is not None else None
        result = selectors.what_if(
            program_id=program.pk, tier_id=d["tier"], metric=d["metric"], threshold=threshold
        )
    return render(
        request,
        "lifecycle/console_tier_program.html",
        {
            "nav": "tiers",
            "program": program,
            "policy": policy,
            "form": form,
            "may_run": may_run,
            "what_if_form": asked,
            "what_if": result,
            **selectors.program_overview(program_id=program.pk),
        },
        status=400 if request.method == "POST" else 200,
    )


@console_view
@require_POST
def tier_run(request: HttpRequest, program_id: int) -> HttpResponse:
    actor = actor_of(request)
    program = program_get(program_id=program_id)
    try:
        run = services.tier_evaluate(actor=actor, program_id=program.pk)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _(
                "Evaluated %(n)s partners: %(up)s up, %(warned)s warned, %(down)s down after "
                "their grace period, %(held)s held by an override."
            )
            % {
                "n": run.evaluated,
                "up": run.upgraded,
                "warned": run.warned,
                "down": run.downgraded,
                "held": run.held,
            },
        )
    return redirect("console:tier_program", program.pk)


def _override_form(data: Any = None) -> OverrideForm:
    form = OverrideForm(data, label_suffix="")
    set_choices(form.fields["tier"], [(t.pk, f"{t.program.name}: {t.name}") for t in tiers()])
    return form


@console_view
def partner_tier_status(request: HttpRequest, partner_id: int) -> HttpResponse:
    actor = actor_of(request)
    partner = partner_get(actor=actor, partner_id=partner_id)
    form = _override_form(request.POST or None)
    may_override = allows(actor, "lifecycle.override_tier", partner)
    if not may_override:
        read_only(form)
    elif request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        tier = tiers().filter(pk=d["tier"]).first()
        try:
            if tier is None:
                raise InvalidInput(_("Choose a tier from the list."), field="tier")
            services.tier_override_set(
                actor=actor, partner=partner, tier=tier, reason=d["reason"], ends_on=d["ends_on"]
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The tier is set until %(day)s.") % {"day": d["ends_on"]})
            return redirect("console:partner_tier_status", partner.pk)
    return render(
        request,
        "lifecycle/console_partner_tier.html",
        {
            "nav": "partners",
            "partner": partner,
            "programs": selectors.tier_status(actor=actor, partner_id=partner.pk),
            "history": selectors.tier_history(actor=actor, partner_id=partner.pk)[:50],
            "form": form,
            "may_override": may_override,
            "today": timezone.localdate(),
        },
        status=400 if request.method == "POST" else 200,
    )


@console_view
@require_POST
def tier_override_end(request: HttpRequest, partner_id: int, override_id: int) -> HttpResponse:
    actor = actor_of(request)
    partner = partner_get(actor=actor, partner_id=partner_id)
    override = selectors.active_override(
        actor=actor, partner_id=partner.pk, override_id=override_id
    )
    if override is None:
        messages.error(request, _("This override has already ended."))
        return redirect("console:partner_tier_status", partner.pk)
    try:
        services.tier_override_end(actor=actor, override=override)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Override ended; the partner's figures decide its tier again."))
    return redirect("console:partner_tier_status", partner.pk)
