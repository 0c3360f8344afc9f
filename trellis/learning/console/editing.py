"""Console: the course editor. A course with its versions per language; a draft version with
its modules (reading, video, quiz, document, SCORM package), to publish when ready."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from trellis.catalog.selectors import families_overview
from trellis.core.exceptions import DomainError
from trellis.core.policies import allows
from trellis.core.surfaces import actor_of, console_view, form_error, read_only

from .. import services
from ..authoring_forms import CourseForm, DraftForm, ModuleForm
from ..models import CourseVersion
from ..selectors.editing import course_for_editing, missed_questions, version_for_editing
from ..services import content
from ..services.authoring import course_create, module_remove, version_describe


def _families() -> list[tuple[int, str]]:
    return [(f.pk, f.name) for f in families_overview()]


@console_view
def course_new(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = CourseForm(request.POST or None, families=_families())
    if not allows(actor, "learning.author"):
        read_only(form)
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            course = course_create(
                actor=actor,
                code=data["code"],
                title=data["title"],
                role=data["role"],
                product_family=next(
                    (f for f in families_overview() if f.pk == data["product_family"]), None
                ),
            )
            services.version_draft(actor=actor, course=course, language="en")
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Course created with an English draft."))
            return redirect("console:course_detail", course.pk)
    return render(request, "learning/console_course_new.html", {"form": form, "nav": "learning"})


@console_view
def course_detail(request: HttpRequest, course_id: int) -> HttpResponse:
    actor = actor_of(request)
    course = course_for_editing(actor=actor, course_id=course_id)
    form = DraftForm(request.POST or None)
    may_author = allows(actor, "learning.author")
    if request.method == "POST" and may_author and form.is_valid():
        try:
            draft = services.version_draft(
                actor=actor, course=course, language=form.cleaned_data["language"]
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            return redirect("console:version_edit", draft.pk)
    context = {
        "nav": "learning",
        "course": course,
        "versions": list(course.versions.all()),
        "form": form,
        "may_author": may_author,
        "missed": missed_questions(actor=actor, course=course),
    }
    return render(request, "learning/console_course.html", context)


@console_view
def version_edit(request: HttpRequest, version_id: int) -> HttpResponse:
    actor = actor_of(request)
    version = version_for_editing(actor=actor, version_id=version_id)
    editable = version.status == "draft" and allows(actor, "learning.author")
    module_form = ModuleForm(label_suffix="")
    if request.method == "POST" and editable:
        action = request.POST.get("action", "")
        done = _act(request, version, action)
        if isinstance(done, ModuleForm):
            module_form = done
        elif done:
            return redirect(done)
    context = {
        "nav": "learning",
        "version": version,
        "course": version.course,
        "modules": list(version.modules.all()),
        "editable": editable,
        "module_form": module_form,
    }
    return render(request, "learning/console_version.html", context)


def _act(request: HttpRequest, version: CourseVersion, action: str) -> Any:
    """Carry out one editor action: the address to go to next, or the module form to show
    again with what is wrong."""
    actor = actor_of(request)
    here = request.path
    try:
        if action == "publish":
            services.version_publish(actor=actor, version=version)
            messages.success(request, _("Published: learners now get this version."))
            return here
        if action == "describe":
            version_describe(
                actor=actor,
                version=version,
                title=request.POST.get("title", "")[:160],
                summary=request.POST.get("summary", "")[:2000],
            )
            messages.success(request, _("Saved."))
            return here
        if action == "remove":
            module = next(
                (m for m in version.modules.all() if str(m.pk) == request.POST.get("module")),
                None,
            )
            if module is not None:
                module_remove(actor=actor, module=module)
            return here
    except DomainError as exc:
        messages.error(request, exc.message)
        return here
    if action == "add":
        return _add_module(request, version) or here
    return here


def _add_module(request: HttpRequest, version: CourseVersion) -> ModuleForm | None:
    actor = actor_of(request)
    form = ModuleForm(request.POST, request.FILES, label_suffix="")
    if not form.is_valid():
        return form
    data = form.cleaned_data
    upload = data.get("file")
    try:
        if data["kind"] in ("document", "scorm"):
            if upload is None:
                form.add_error("file", _("Upload the file for this module."))
                return form
            if data["kind"] == "scorm":
                content.scorm_module_add(
                    actor=actor,
                    version=version,
                    title=data["title"],
                    minutes=data["minutes"],
                    upload=upload,
                    size=upload.size,
                )
            else:
                content.document_module_add(
                    actor=actor,
                    version=version,
                    title=data["title"],
                    minutes=data["minutes"],
                    upload=upload,
                    filename=upload.name,
                    size=upload.size,
                    body=data["body"],
                )
        else:
            services.module_add(
                actor=actor,
                version=version,
                kind=data["kind"],
                title=data["title"],
                minutes=data["minutes"],
                body=data["body"],
                video_url=data["video_url"],
                pass_mark=data["pass_mark"],
                max_attempts=data["max_attempts"],
                questions=data["questions"],
            )
    except DomainError as exc:
        field = {"package": "file", "document": "file"}.get(exc.field or "", exc.field)
        form.add_error(field if field in form.fields else None, exc.message)
        return form
    messages.success(request, _("Module added."))
    return None
