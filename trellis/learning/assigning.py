"""Assigning learning from a page: the partner admin's team page and the console's page of a
partner both take the same form (a person, a course or a whole path, a due date)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from trellis.core.exceptions import DomainError
from trellis.core.surfaces import actor_of, form_error

from . import selectors, services
from .forms import AssignForm


def reader_language(request: HttpRequest) -> str:
    """The language the page is shown in (the reader's own, else English)."""
    return (get_language() or getattr(request.user, "language", "") or "en")[:2]


def assign_form(request: HttpRequest, people: list[Any]) -> AssignForm:
    """The form, bound to what was posted (if anything), with the courses and paths offered."""
    actor = actor_of(request)
    offers = selectors.course_catalogue(actor=actor, language=reader_language(request))
    paths = list(selectors.paths(actor=actor))
    data = request.POST if request.method == "POST" else None
    return AssignForm(data, people=people, courses=offers, paths=paths)


def assign(request: HttpRequest, form: AssignForm, people: list[Any]) -> str:
    """Carry out a valid form: the message to show, or "" when refused (on the form)."""
    actor = actor_of(request)
    learner = next(p for p in people if p.pk == form.cleaned_data["user"])
    kind, pk = form.chosen()
    due = form.cleaned_data["due_on"]
    try:
        if kind == "path":
            path = next(p for p in selectors.paths(actor=actor) if p.pk == pk)
            enrollment = services.path_enroll(actor=actor, learner=learner, path=path, due_on=due)
            if enrollment is None:
                return _("%(person)s has completed every course of %(path)s already.") % {
                    "person": learner,
                    "path": path.name,
                }
            return _("%(person)s is on the path %(path)s, starting with %(course)s.") % {
                "person": learner,
                "path": path.name,
                "course": enrollment.version.title,
            }
        course = selectors.course_get(actor=actor, course_id=pk)
        services.enroll(actor=actor, learner=learner, course=course, due_on=due)
    except DomainError as exc:
        form_error(form, exc)
        return ""
    return _("%(person)s is enrolled in %(course)s.") % {"person": learner, "course": course.title}
