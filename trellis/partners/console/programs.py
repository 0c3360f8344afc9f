"""Console settings: programs, their tiers and what each tier requires.

Everyone on the vendor's staff can read them; administrators and partner
operations change them (the services check, the pages show the forms read-only
to the others).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trellis.core.exceptions import DomainError
from trellis.core.policies import allows
from trellis.core.surfaces import actor_of, console_view, save_form

from .. import selectors
from ..choices import TierMetric
from ..forms import (
    ProgramSettingsForm,
    SpecializationForm,
    TierRequirementsForm,
    TierSettingsForm,
)
from ..models import Program, Specialization, Tier
from ..services import programs as services


def _may_change(request: HttpRequest) -> bool:
    return allows(actor_of(request), "partners.configure")


@console_view
def program_list(request: HttpRequest) -> HttpResponse:
    context = {
        "programs": selectors.programs_overview(),
        "may_change": _may_change(request),
        "metrics": TierMetric,
        "nav": "settings",
    }
    return render(request, "partners/settings_programs.html", context)


@console_view
def program_new(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = ProgramSettingsForm(request.POST or None, label_suffix="")
    created: list[Program] = []

    def save(data: dict[str, Any]) -> None:
        created.append(services.program_save(actor=actor, program=None, values=data))

    if save_form(request, form, save, may_change=_may_change(request), done=_("Program created.")):
        return redirect("console:program_detail", program_id=created[0].pk)
    return render(
        request,
        "console/settings_edit.html",
        {
            "form": form,
            "title": _("New program"),
            "intro": _("A new program starts with one entry tier; add the higher tiers next."),
            "back_url": reverse("console:program_list"),
            "back_label": _("Programs and tiers"),
            "may_change": _may_change(request),
            "submit_label": _("Create program"),
            "nav": "settings",
        },
    )


@console_view
def program_detail(request: HttpRequest, program_id: int) -> HttpResponse:
    actor = actor_of(request)
    program = selectors.program_get(program_id=program_id)
    form = ProgramSettingsForm(request.POST or None, instance=program, label_suffix="")

    def save(data: dict[str, Any]) -> None:
        services.program_save(actor=actor, program=program, values=data)

    if save_form(request, form, save, may_change=_may_change(request), done=_("Program saved.")):
        return redirect("console:program_detail", program_id=program.pk)
    context = {
        "program": selectors.program_get(program_id=program_id),
        "form": form,
        "tiers": selectors.program_tiers(program=program),
        "may_change": _may_change(request),
        "nav": "settings",
    }
    return render(request, "partners/settings_program.html", context)


def _tier_page(
    request: HttpRequest, program: Program, tier: Tier | None, forms: tuple[Any, Any]
) -> HttpResponse:
    settings_form, requirements_form = forms
    return render(
        request,
        "console/settings_edit.html",
        {
            "form": settings_form,
            "extra_forms": [
                {
                    "title": _("Requirements"),
                    "intro": _(
                        "What a partner must reach to hold this tier, over the last twelve "
                        "months. Leave a measure empty when the tier does not require it."
                    ),
                    "form": requirements_form,
                }
            ],
            "title": tier.name if tier else _("New tier"),
            "intro": _("Benefits apply to registrations and leads from the moment you save."),
            "back_url": reverse("console:program_detail", args=[program.pk]),
            "back_label": program.name,
            "may_change": _may_change(request),
            "delete_url": reverse("console:tier_delete", args=[program.pk, tier.pk])
            if tier and not selectors.tier_member_count(tier)
            else "",
            "delete_title": _("Delete this tier"),
            "delete_intro": _("Only a tier nobody holds can be deleted."),
            "nav": "settings",
        },
    )


@console_view
def tier_new(request: HttpRequest, program_id: int) -> HttpResponse:
    actor = actor_of(request)
    program = selectors.program_get(program_id=program_id)
    next_rank = max((t.rank for t in selectors.program_tiers(program=program)), default=0) + 1
    settings_form = TierSettingsForm(
        request.POST or None,
        instance=Tier(program=program),
        initial={"rank": next_rank},
        label_suffix="",
    )
    requirements_form = TierRequirementsForm(request.POST or None, label_suffix="")
    return _tier_submit(request, program, None, (settings_form, requirements_form), actor)


@console_view
def tier_edit(request: HttpRequest, program_id: int, tier_id: int) -> HttpResponse:
    actor = actor_of(request)
    program = selectors.program_get(program_id=program_id)
    tier = selectors.tier_get(program=program, tier_id=tier_id)
    settings_form = TierSettingsForm(request.POST or None, instance=tier, label_suffix="")
    requirements_form = TierRequirementsForm(
        request.POST or None, initial=selectors.tier_thresholds(tier), label_suffix=""
    )
    return _tier_submit(request, program, tier, (settings_form, requirements_form), actor)


def _tier_submit(
    request: HttpRequest, program: Program, tier: Tier | None, forms: tuple[Any, Any], actor: Any
) -> HttpResponse:
    settings_form, requirements_form = forms

    def save(data: dict[str, Any]) -> None:
        services.tier_configure(actor=actor, tier=tier, program=program, data=data)

    if save_form(
        request,
        settings_form,
        save,
        may_change=_may_change(request),
        done=_("Tier saved."),
        also=(requirements_form,),
    ):
        return redirect("console:program_detail", program_id=program.pk)
    return _tier_page(request, program, tier, (settings_form, requirements_form))


@console_view
@require_POST
def tier_delete(request: HttpRequest, program_id: int, tier_id: int) -> HttpResponse:
    program = selectors.program_get(program_id=program_id)
    tier = selectors.tier_get(program=program, tier_id=tier_id)
    try:
        services.tier_delete(actor=actor_of(request), tier=tier)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("console:tier_edit", program_id=program.pk, tier_id=tier.pk)
    messages.success(request, _("Tier deleted."))
    return redirect("console:program_detail", program_id=program.pk)


@console_view
def specialization_list(request: HttpRequest) -> HttpResponse:
    context = {
        "specializations": selectors.specializations_overview(),
        "languages": [(c, label) for c, label in settings.LANGUAGES if c != "en"],
        "may_change": _may_change(request),
        "nav": "settings",
    }
    return render(request, "partners/settings_specializations.html", context)


def _specialization_submit(request: HttpRequest, specialization: Any) -> HttpResponse:
    actor = actor_of(request)
    form = SpecializationForm(
        request.POST or None, instance=specialization or Specialization(), label_suffix=""
    )

    def save(data: dict[str, Any]) -> None:
        services.specialization_save(
            actor=actor, specialization=specialization, values={**data, "names": form.names()}
        )

    done = _("Specialization saved.")
    if save_form(request, form, save, may_change=_may_change(request), done=done):
        return redirect("console:specialization_list")
    context = {
        "form": form,
        "title": specialization.label() if specialization else _("New specialization"),
        "intro": _(
            "Partners show specializations on their profile; lead routing and matchmaking look "
            "for them. Name it in each portal language: an empty name shows the English one."
        ),
        "back_url": reverse("console:specialization_list"),
        "back_label": _("Specializations"),
        "may_change": _may_change(request),
        "nav": "settings",
    }
    return render(request, "console/settings_edit.html", context)


@console_view
def specialization_new(request: HttpRequest) -> HttpResponse:
    return _specialization_submit(request, None)


@console_view
def specialization_edit(request: HttpRequest, specialization_id: int) -> HttpResponse:
    found = selectors.specialization_get(specialization_id=specialization_id)
    return _specialization_submit(request, found)
