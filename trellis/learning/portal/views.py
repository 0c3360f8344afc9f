"""Portal: "my learning" (courses under way, paths, certifications), the course catalogue,
taking a course module by module with quizzes, certificates, and the team's learning for the
partner admin."""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trellis.accounts.selectors import partner_members
from trellis.core.exceptions import DomainError
from trellis.core.surfaces import actor_of, portal_view
from trellis.partners.selectors import partner_get

from .. import selectors, services
from ..assigning import assign, assign_form, reader_language
from ..certificates import certificate_pdf
from ..choices import EnrollmentStatus, ModuleKind
from ..exports import certifications_csv
from ..forms import quiz_questions, submitted_answers
from ..player import launch_url
from ..selectors.content import document_of
from ..services.content import scorm_record
from ..video import player_for


@portal_view
def my_learning(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    partner = partner_get(actor=actor, partner_id=actor.partner_id)  # type: ignore[arg-type]
    mine = [
        selectors.progress_of(e) for e in selectors.enrollments(actor=actor, user_id=actor.user_id)
    ]
    paths = selectors.path_progress(
        actor=actor,
        paths=list(selectors.paths(actor=actor)),
        partner_types=set(partner.type_values()),
    )
    awards = list(selectors.certifications(actor=actor, user_id=actor.user_id))
    context = {
        "nav": "learning",
        "under_way": [p for p in mine if p.enrollment.status == EnrollmentStatus.IN_PROGRESS],
        "not_started": [p for p in mine if p.enrollment.status == EnrollmentStatus.ENROLLED],
        "completed": [p for p in mine if p.enrollment.status == EnrollmentStatus.COMPLETED],
        "paths": paths,
        "awards": awards,
        "recommended": selectors.recommendations(actor=actor, partner=partner),
        "is_admin": actor.has_role("partner_admin"),
    }
    return render(request, "learning/my_learning.html", context)


@portal_view
def catalogue(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    q = request.GET.get("q", "")[:100]
    offers = selectors.course_catalogue(actor=actor, language=reader_language(request), q=q)
    taking = {
        e.course_id: e
        for e in selectors.enrollments(actor=actor, user_id=actor.user_id)
        if e.status != EnrollmentStatus.COMPLETED
    }
    context = {"nav": "learning", "offers": offers, "taking": taking, "q": q}
    return render(request, "learning/catalogue.html", context)


@portal_view
@require_POST
def course_enroll(request: HttpRequest, course_id: int) -> HttpResponse:
    actor = actor_of(request)
    course = selectors.course_get(actor=actor, course_id=course_id)
    try:
        enrollment = services.enroll(actor=actor, learner=request.user, course=course)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("portal:learning_catalogue")
    return redirect("portal:course_take", enrollment.pk)


@portal_view
def course_take(request: HttpRequest, enrollment_id: int) -> HttpResponse:
    actor = actor_of(request)
    enrollment = selectors.enrollment_get(actor=actor, enrollment_id=enrollment_id)
    progress = selectors.my_progress(actor=actor, enrollment_id=enrollment.pk)
    context = {"nav": "learning", "progress": progress, "enrollment": enrollment}
    return render(request, "learning/course.html", context)


@portal_view
def module_view(request: HttpRequest, enrollment_id: int, module_id: int) -> HttpResponse:
    actor = actor_of(request)
    enrollment = selectors.enrollment_get(actor=actor, enrollment_id=enrollment_id)
    module = selectors.module_of(enrollment, module_id)
    progress = services.module_open(actor=actor, enrollment=enrollment, module=module)
    states = selectors.my_progress(actor=actor, enrollment_id=enrollment.pk)
    position = [s.module.pk for s in states.modules].index(module.pk)
    context = {
        "nav": "learning",
        "enrollment": enrollment,
        "module": module,
        "state": states.modules[position],
        "progress": states,
        "done": progress.status == "completed",
        "player": player_for(module.video_url) if module.kind == ModuleKind.VIDEO else None,
        "launch": launch_url(enrollment, module) if module.kind == ModuleKind.SCORM else "",
        "previous": states.modules[position - 1].module if position else None,
        "next": states.modules[position + 1].module if position + 1 < len(states.modules) else None,
    }
    return render(request, "learning/module.html", context)


@portal_view
@require_POST
def module_complete(request: HttpRequest, enrollment_id: int, module_id: int) -> HttpResponse:
    actor = actor_of(request)
    enrollment = selectors.enrollment_get(actor=actor, enrollment_id=enrollment_id)
    module = selectors.module_of(enrollment, module_id)
    try:
        seconds = max(0, min(int(request.POST.get("seconds", "0") or 0), 86_400))
    except ValueError:
        seconds = 0
    try:
        services.module_complete(actor=actor, enrollment=enrollment, module=module, seconds=seconds)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("portal:module_view", enrollment.pk, module.pk)
    return _after_module(request, enrollment.pk)


def _after_module(request: HttpRequest, enrollment_id: int) -> HttpResponse:
    actor = actor_of(request)
    enrollment = selectors.enrollment_get(actor=actor, enrollment_id=enrollment_id)
    if enrollment.status == EnrollmentStatus.COMPLETED:
        messages.success(request, _("Course completed. Well done!"))
        return redirect("portal:course_take", enrollment.pk)
    progress = selectors.my_progress(actor=actor, enrollment_id=enrollment.pk)
    if progress.resume is None:
        return redirect("portal:course_take", enrollment.pk)
    return redirect("portal:module_view", enrollment.pk, progress.resume.pk)


@portal_view
@require_POST
def quiz_start(request: HttpRequest, enrollment_id: int, module_id: int) -> HttpResponse:
    actor = actor_of(request)
    enrollment = selectors.enrollment_get(actor=actor, enrollment_id=enrollment_id)
    module = selectors.module_of(enrollment, module_id)
    try:
        attempt = services.quiz_start(actor=actor, enrollment=enrollment, module=module)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("portal:module_view", enrollment.pk, module.pk)
    return redirect("portal:quiz_attempt", attempt.pk)


@portal_view
def quiz_attempt(request: HttpRequest, attempt_id: int) -> HttpResponse:
    actor = actor_of(request)
    attempt = selectors.attempt_get(actor=actor, attempt_id=attempt_id)
    module = selectors.module_of(attempt.enrollment, attempt.module_id)
    shown = quiz_questions(attempt, module)
    error = ""
    if request.method == "POST" and attempt.submitted_at is None:
        try:
            services.quiz_submit(
                actor=actor, attempt=attempt, answers=submitted_answers(request.POST, shown)
            )
        except DomainError as exc:
            error = exc.message
        else:
            return redirect("portal:quiz_attempt", attempt.pk)
    context = {
        "nav": "learning",
        "attempt": attempt,
        "module": module,
        "enrollment": attempt.enrollment,
        "shown": shown,
        "error": error,
        # Attempts the vendor allowed beyond the course's own count show as the limit grown.
        "allowed": max(module.max_attempts, attempt.number),
    }
    return render(request, "learning/quiz.html", context)


@portal_view
def certificate_download(request: HttpRequest, award_id: int) -> HttpResponse:
    actor = actor_of(request)
    award = selectors.award_get(actor=actor, award_id=award_id)
    pdf = certificate_pdf(award, language=reader_language(request))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{award.code}.pdf"'
    return response


@portal_view
def team_learning(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    partner = partner_get(actor=actor, partner_id=actor.partner_id)  # type: ignore[arg-type]
    people = list(partner_members(actor=actor, partner=partner).filter(is_active=True))
    team = selectors.team_learning(actor=actor, partner=partner, people=people)
    form = assign_form(request, people)
    if request.method == "POST" and form.is_valid():
        done = assign(request, form, people)
        if done:
            messages.success(request, done)
            return redirect("portal:team_learning")
    context = {"nav": "learning", "team": team, "form": form, "partner": partner}
    return render(request, "learning/team.html", context)


@portal_view
@require_POST
def scorm_commit(request: HttpRequest, enrollment_id: int, module_id: int) -> HttpResponse:
    """What the package in the player reported, sent on by the page around it (JSON)."""
    actor = actor_of(request)
    enrollment = selectors.enrollment_get(actor=actor, enrollment_id=enrollment_id)
    module = selectors.module_of(enrollment, module_id)
    try:
        payload = json.loads(request.body or b"{}")
        values = payload.get("values", {}) if isinstance(payload, dict) else None
    except ValueError:
        values = None
    if not isinstance(values, dict):
        return JsonResponse({"message": _("The lesson sent something unreadable.")}, status=400)
    try:
        progress = scorm_record(actor=actor, enrollment=enrollment, module=module, values=values)
    except DomainError as exc:
        return JsonResponse({"message": exc.message}, status=exc.status)
    completed = progress.status == "completed"
    if completed:
        message = _("Lesson completed.")
    elif progress.status == "failed":
        message = _("Lesson not passed yet: you can take it again.")
    else:
        message = _("Progress saved.")
    return JsonResponse(
        {
            "status": progress.status,
            "score": progress.score,
            "completed": completed,
            "message": message,
        }
    )


@portal_view
def document_download(request: HttpRequest, enrollment_id: int, module_id: int) -> HttpResponseBase:
    actor = actor_of(request)
    enrollment = selectors.enrollment_get(actor=actor, enrollment_id=enrollment_id)
    module = document_of(actor=actor, enrollment=enrollment, module_id=module_id)
    response = FileResponse(
        module.document.open("rb"),
        as_attachment=True,
        filename=module.document_name or "document",
        content_type=module.document_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@portal_view
def team_export(request: HttpRequest) -> HttpResponseBase:
    """The team's certifications as CSV, for the partner admin."""
    actor = actor_of(request)
    if not actor.has_role("partner_admin"):
        raise Http404
    return certifications_csv(actor)
