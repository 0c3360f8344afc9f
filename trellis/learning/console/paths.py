"""Console: learning paths (courses in order, prerequisites, required during onboarding or for
tiers) and the certifications they, or an exam course, lead to."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from trellis.core.exceptions import DomainError
from trellis.core.policies import allows
from trellis.core.surfaces import actor_of, console_view, form_error, read_only
from trellis.partners.choices import PartnerType
from trellis.partners.selectors import specializations, tiers

from ..authoring_forms import CertificationForm, PathForm, StepForm
from ..selectors.editing import (
    certification_of_exam,
    course_for_editing,
    courses_to_pick,
    path_for_editing,
)
from ..services.paths import (
    certification_delete,
    certification_save,
    path_save,
    path_step_add,
    path_step_move_up,
    path_step_remove,
)


def _path_form(data: Any = None, initial: dict[str, Any] | None = None) -> PathForm:
    return PathForm(
        data,
        initial=initial,
        types=[(value, str(label)) for value, label in PartnerType.choices],
        tiers=[(t.pk, f"{t.program.name}: {t.name}") for t in tiers().select_related("program")],
    )


def _certification_form(
    data: Any = None, initial: dict[str, Any] | None = None
) -> CertificationForm:
    return CertificationForm(
        data, initial=initial, specializations=list(specializations().values_list("pk", "name"))
    )


@console_view
def path_new(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = _path_form(request.POST or None)
    if not allows(actor, "learning.author"):
        read_only(form)
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = [t for t in tiers() if t.pk in set(data["tiers"])]
        try:
            path = path_save(actor=actor, path=None, values=data, tiers=chosen)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Path created: add its courses."))
            return redirect("console:path_edit", path.pk)
    return render(request, "learning/console_path_new.html", {"form": form, "nav": "learning"})


@console_view
def path_edit(request: HttpRequest, path_id: int) -> HttpResponse:
    actor = actor_of(request)
    path = path_for_editing(actor=actor, path_id=path_id)
    may_author = allows(actor, "learning.author")
    initial = {
        "code": path.code,
        "name": path.name,
        "description": path.description,
        "role": path.role,
        "partner_types": path.partner_types,
        "required_for_onboarding": path.required_for_onboarding,
        "tiers": [t.pk for t in path.required_for_tiers.all()],
    }
    certification = next(iter(path.certifications.all()), None)
    forms = {
        "path": _path_form(initial=initial),
        "step": StepForm(courses=courses_to_pick(actor=actor)),
        "certification": _certification_form(initial=_cert_initial(certification)),
    }
    if request.method == "POST" and may_author:
        done = _act_on_path(request, path, certification, forms)
        if done:
            return redirect("console:path_edit", path.pk)
    if not may_author:
        for form in forms.values():
            read_only(form)
    context = {
        "nav": "learning",
        "path": path,
        "steps": list(path.steps.all()),
        "certification": certification,
        "may_author": may_author,
        **{f"{k}_form": v for k, v in forms.items()},
    }
    return render(request, "learning/console_path.html", context)


def _cert_initial(certification: Any) -> dict[str, Any] | None:
    if certification is None:
        return None
    return {
        "code": certification.code,
        "name": certification.name,
        "valid_months": certification.valid_months,
        "warn_days": certification.warn_days,
        "specialization": certification.specialization_id,
    }


def _act_on_path(
    request: HttpRequest, path: Any, certification: Any, forms: dict[str, Any]
) -> bool:
    """One action of the path page; True when done (redirect), False to show forms again."""
    actor = actor_of(request)
    action = request.POST.get("action", "")
    steps = {str(s.pk): s for s in path.steps.all()}
    try:
        if action == "save":
            path_form = forms["path"] = _path_form(request.POST)
            if not path_form.is_valid():
                return False
            chosen = [t for t in tiers() if t.pk in set(path_form.cleaned_data["tiers"])]
            path_save(actor=actor, path=path, values=path_form.cleaned_data, tiers=chosen)
        elif action == "add_step":
            step_form = forms["step"] = StepForm(request.POST, courses=courses_to_pick(actor=actor))
            if not step_form.is_valid():
                return False
            course = course_for_editing(actor=actor, course_id=step_form.cleaned_data["course"])
            path_step_add(
                actor=actor,
                path=path,
                course=course,
                requires_previous=step_form.cleaned_data["requires_previous"],
            )
        elif action in ("remove_step", "move_up") and request.POST.get("step") in steps:
            step = steps[request.POST["step"]]
            if action == "remove_step":
                path_step_remove(actor=actor, step=step)
            else:
                path_step_move_up(actor=actor, step=step)
        elif action == "certification":
            cert_form = forms["certification"] = _certification_form(request.POST)
            if not cert_form.is_valid():
                return False
            values = {**cert_form.cleaned_data, "specialization": _specialization(cert_form)}
            certification_save(
                actor=actor,
                certification=certification,
                values=values,
                path=None if certification else path,
            )
        elif action == "delete_certification" and certification is not None:
            certification_delete(actor=actor, certification=certification)
        else:
            return False
    except DomainError as exc:
        target = {"save": "path", "add_step": "step", "certification": "certification"}
        if action in target:
            form_error(forms[target[action]], exc)
            return False
        messages.error(request, exc.message)
        return True
    messages.success(request, _("Saved."))
    return True


def _specialization(form: CertificationForm) -> Any:
    wanted = form.cleaned_data.get("specialization")
    return next((s for s in specializations() if s.pk == wanted), None)


@console_view
def exam_certification(request: HttpRequest, course_id: int) -> HttpResponse:
    """The certification passing this course earns (created or changed from the course page)."""
    actor = actor_of(request)
    course = course_for_editing(actor=actor, course_id=course_id)
    certification = certification_of_exam(actor=actor, course=course)
    form = _certification_form(request.POST or None, initial=_cert_initial(certification))
    if not allows(actor, "learning.author"):
        read_only(form)
    elif request.method == "POST" and form.is_valid():
        values = {**form.cleaned_data, "specialization": _specialization(form)}
        try:
            certification_save(
                actor=actor,
                certification=certification,
                values=values,
                exam=None if certification else course,
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("console:course_detail", course.pk)
    context = {"nav": "learning", "course": course, "form": form, "certification": certification}
    return render(request, "learning/console_exam_certification.html", context)
