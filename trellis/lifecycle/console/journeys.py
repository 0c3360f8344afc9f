"""Console settings: onboarding journeys and their steps."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from trellis.core.exceptions import DomainError, NotFound
from trellis.core.forms import Form, set_choices
from trellis.core.policies import allows
from trellis.core.surfaces import actor_of, console_view, form_error, read_only
from trellis.partners.choices import PartnerType
from trellis.partners.selectors import program_choices

from .. import services
from ..choices import DocumentKind, StepKind
from ..models import Journey, JourneyStep


class JourneyForm(Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=150)
    program = forms.TypedChoiceField(
        label=gettext_lazy("Program"), coerce=int, required=False, empty_value=None
    )
    partner_types = forms.MultipleChoiceField(
        label=gettext_lazy("Partner types (none: every type)"),
        choices=PartnerType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    is_active = forms.BooleanField(label=gettext_lazy("In use"), required=False, initial=True)


class StepForm(Form):
    kind = forms.ChoiceField(label=gettext_lazy("Asks"), choices=StepKind.choices)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=150)
    due_days = forms.IntegerField(
        label=gettext_lazy("Due after (days)"), min_value=0, max_value=365
    )
    document_kind = forms.ChoiceField(
        label=gettext_lazy("Document (for an upload)"),
        choices=[("", "—"), *DocumentKind.choices],
        required=False,
    )
    help_text = forms.CharField(
        label=gettext_lazy("What to do"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    min_people = forms.IntegerField(
        label=gettext_lazy("People needed (team step)"), min_value=1, max_value=100, initial=3
    )


def _journey_form(data: Any = None, initial: dict[str, Any] | None = None) -> JourneyForm:
    form = JourneyForm(data, initial=initial, label_suffix="")
    set_choices(form.fields["program"], [("", _("Every program")), *program_choices()])
    return form


@console_view
def journey_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = _journey_form(request.POST or None)
    if not allows(actor, "lifecycle.configure"):
        read_only(form)
    elif request.method == "POST" and form.is_valid():
        try:
            journey = services.journey_save(
                actor=actor, journey=None, values=_values(form.cleaned_data)
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            return redirect("console:journey_detail", journey.pk)
    journeys = Journey.objects.select_related("program").prefetch_related("steps")
    return render(
        request,
        "lifecycle/console_journeys.html",
        {"nav": "settings", "journeys": journeys, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def _values(d: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": d["name"],
        "program_id": d["program"],
        "partner_types": d["partner_types"],
        "is_active": d["is_active"],
    }


def _journey(journey_id: int) -> Journey:
    journey = Journey.objects.select_related("program").filter(pk=journey_id).first()
    if journey is None:
        raise NotFound()
    return journey


@console_view
def journey_detail(request: HttpRequest, journey_id: int) -> HttpResponse:
    actor = actor_of(request)
    journey = _journey(journey_id)
    editing = "name" in request.POST
    form = _journey_form(
        request.POST if editing else None,
        initial={
            "name": journey.name,
            "program": journey.program_id,
            "partner_types": journey.partner_types,
            "is_active": journey.is_active,
        },
    )
    step_form = StepForm(request.POST if "kind" in request.POST else None, label_suffix="")
    if not allows(actor, "lifecycle.configure"):
        read_only(form, step_form)
    elif request.method == "POST":
        try:
            if editing and form.is_valid():
                services.journey_save(
                    actor=actor, journey=journey, values=_values(form.cleaned_data)
                )
                messages.success(request, _("Saved."))
                return redirect("console:journey_detail", journey.pk)
            if step_form.is_bound and step_form.is_valid():
                services.journey_step_add(
                    actor=actor, journey=journey, values=step_form.cleaned_data
                )
                return redirect("console:journey_detail", journey.pk)
        except DomainError as exc:
            form_error(step_form if step_form.is_bound else form, exc)
    return render(
        request,
        "lifecycle/console_journey.html",
        {
            "nav": "settings",
            "journey": journey,
            "form": form,
            "step_form": step_form,
            "steps": journey.steps.all(),
        },
        status=400 if request.method == "POST" else 200,
    )


@console_view
@require_POST
def journey_step_remove(request: HttpRequest, journey_id: int, step_id: int) -> HttpResponse:
    actor = actor_of(request)
    journey = _journey(journey_id)
    step = JourneyStep.objects.filter(pk=step_id, journey=journey).first()
    if step is None:
        raise NotFound()
    try:
        services.journey_step_remove(actor=actor, step=step)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("console:journey_detail", journey.pk)
