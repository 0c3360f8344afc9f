"""Isolation checks for learning: partner B never reads or changes partner A's people's
enrollments, attempts or certifications, through any page or endpoint (tests/test_isolation.py
collects these)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.test import Client
from django.urls import reverse

from tests.fixtures import ApiClient, World, login
from trellis.learning import services
from trellis.learning.models import CertificationAward, Enrollment, QuizAttempt
from trellis.learning.tests.catalogue import Catalogue, build_catalogue, pass_course

Check = Callable[[World], None]


def _a_learning(world: World) -> tuple[Catalogue, Enrollment, CertificationAward, QuizAttempt]:
    """Sam at partner A passes the essentials course (earning its certification) and opens
    the exam's quiz."""
    catalogue = build_catalogue()
    actor = world.actor(world.a_sales)
    done = services.enroll(actor=actor, learner=world.a_sales, course=catalogue.course)
    pass_course(done, catalogue)
    exam = services.enroll(actor=actor, learner=world.a_sales, course=catalogue.exam)
    quiz = exam.version.modules.get(kind="quiz")
    attempt = services.quiz_start(actor=actor, enrollment=exam, module=quiz)
    return catalogue, exam, CertificationAward.objects.get(user=world.a_sales), attempt


def _portal_enrollment_404(world: World) -> None:
    """B's admin opens, completes and answers nothing of A's people's courses."""
    catalogue, exam, _award, attempt = _a_learning(world)
    client = login(Client(), world.b_admin)
    quiz = attempt.module_id
    reading = exam.version.modules.get(kind="text").pk
    assert client.get(reverse("portal:course_take", args=[exam.pk])).status_code == 404
    assert client.get(reverse("portal:module_view", args=[exam.pk, reading])).status_code == 404
    assert (
        client.post(reverse("portal:module_complete", args=[exam.pk, reading])).status_code == 404
    )
    assert client.post(reverse("portal:quiz_start", args=[exam.pk, quiz])).status_code == 404
    answers = {f"q{q}": c for q, c in catalogue.right_answers(attempt.module).items()}
    page = client.post(reverse("portal:quiz_attempt", args=[attempt.pk]), answers)
    assert page.status_code == 404
    attempt.refresh_from_db()
    assert attempt.submitted_at is None
    assert not exam.progress.filter(status="completed").exists()


def _portal_certificate_404(world: World) -> None:
    _catalogue, _exam, award, _attempt = _a_learning(world)
    client = login(Client(), world.b_admin)
    assert client.get(reverse("portal:certificate_download", args=[award.pk])).status_code == 404


def _portal_learning_own_only(name: str) -> Check:
    def check(world: World) -> None:
        _catalogue, _exam, award, _attempt = _a_learning(world)
        body = login(Client(), world.b_admin).get(reverse(name)).content.decode()
        assert "Sam Sales" not in body and award.code not in body

    return check


def _portal_enroll_self_only(world: World) -> None:
    """Enrolling from the catalogue enrols the one clicking, nobody else."""
    catalogue = build_catalogue()
    client = login(Client(), world.b_admin)
    assert (
        client.post(reverse("portal:course_enroll", args=[catalogue.course.pk])).status_code == 302
    )
    assert list(Enrollment.objects.values_list("user_id", flat=True)) == [world.b_admin.pk]


def _portal_team_own_people(world: World) -> None:
    catalogue, *_ = _a_learning(world)
    client = login(Client(), world.b_admin)
    body = client.get(reverse("portal:team_learning")).content.decode()
    assert "Sam Sales" not in body and "Ben Bravo" in body
    # Assigning a course to A's person through B's form is refused: not one of B's people.
    client.post(
        reverse("portal:team_learning"),
        {"user": world.a_sales.pk, "what": f"c{catalogue.exam.pk}", "due_on": ""},
    )
    assert Enrollment.objects.filter(user=world.a_sales).count() == 2


def _public_check_is_minimal(world: World) -> None:
    _catalogue, _exam, award, _attempt = _a_learning(world)
    for response in (
        Client().get(reverse("certificate_verify", args=[award.code])),
        Client().get(reverse("certificate_check"), {"code": award.code}, follow=True),
        Client().get(f"/api/v1/certifications/verify/{award.code}"),
    ):
        body = response.content.decode()
        assert "Sam Sales" in body  # the holder's name is what the code proves
        assert "Alpha" not in body and "sam@alpha.test" not in body and "@" not in body


def _api_enrollments_own_only(world: World) -> None:
    _a_learning(world)
    api = ApiClient(world.b_admin)
    assert api.get("/api/v1/enrollments").json()["items"] == []
    assert api.get("/api/v1/enrollments", user=world.a_sales.pk).json()["items"] == []


def _api_enroll_other_partner_404(world: World) -> None:
    catalogue = build_catalogue()
    response = ApiClient(world.b_admin).post(
        "/api/v1/enrollments", {"course": catalogue.course.pk, "user": world.a_sales.pk}
    )
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert not Enrollment.objects.exists()


def _api_certifications_own_only(world: World) -> None:
    _a_learning(world)
    api = ApiClient(world.b_admin)
    assert api.get("/api/v1/certifications").json()["items"] == []
    assert api.get("/api/v1/certifications", user=world.a_sales.pk).json()["items"] == []


def _api_courses_are_catalogue(world: World) -> None:
    build_catalogue()
    codes = {c["code"] for c in ApiClient(world.b_admin).get("/api/v1/courses").json()}
    assert codes == {"essentials", "exam"}


def _a_scorm_enrollment(world: World) -> tuple[Enrollment, Any]:
    from trellis.learning.tests.catalogue import scorm_course

    course, module = scorm_course()
    actor = world.actor(world.a_sales)
    return services.enroll(actor=actor, learner=world.a_sales, course=course), module


def _portal_scorm_commit_404(world: World) -> None:
    enrollment, module = _a_scorm_enrollment(world)
    url = reverse("portal:scorm_commit", args=[enrollment.pk, module.pk])
    body = {"values": {"cmi.core.lesson_status": "passed"}}
    response = login(Client(), world.b_admin).post(url, body, content_type="application/json")
    assert response.status_code == 404
    assert not enrollment.progress.exists()


def _portal_document_404(world: World) -> None:
    import io

    from trellis.core.actor import SYSTEM
    from trellis.learning.services.authoring import course_create
    from trellis.learning.services.content import document_module_add

    course = course_create(actor=SYSTEM, code="docs", title="Price lists")
    draft = services.version_draft(actor=SYSTEM, course=course, language="en")
    pdf = b"%PDF-1.7 Alpha's price list"
    module = document_module_add(
        actor=SYSTEM,
        version=draft,
        title="Prices",
        minutes=2,
        upload=io.BytesIO(pdf),
        filename="prices.pdf",
        size=len(pdf),
    )
    services.version_publish(actor=SYSTEM, version=draft)
    enrollment = services.enroll(
        actor=world.actor(world.a_sales), learner=world.a_sales, course=course
    )
    url = reverse("portal:document_download", args=[enrollment.pk, module.pk])
    assert login(Client(), world.b_admin).get(url).status_code == 404
    assert login(Client(), world.a_sales).get(url).status_code == 200


def _scorm_files_carry_no_learner_without_a_launch(world: World) -> None:
    """Package files are the vendor's content; a learner's values need a signed launch."""
    _enrollment, module = _a_scorm_enrollment(world)
    url = reverse("scorm_file", args=[module.package.token, module.package.launch])
    plain = Client().get(url).getvalue().decode()
    assert "Sales, Sam" not in plain and "trellis-scorm" not in plain
    assert Client().get(url + "?launch=forged").status_code == 404


def _portal_team_export_own(world: World) -> None:
    _catalogue, _exam, award, _attempt = _a_learning(world)
    response = login(Client(), world.b_admin).get(reverse("portal:team_export"))
    body = response.getvalue().decode()
    assert "Sam Sales" not in body and award.code not in body


def console_hidden(name: str, **kwargs: Any) -> Check:
    """A console page answers 404 to a partner's admin (fixed arguments: no world needed)."""

    def check(world: World) -> None:
        assert login(Client(), world.b_admin).get(reverse(name, kwargs=kwargs)).status_code == 404

    return check


LEARNING_CHECKS: dict[str, Check] = {
    "portal:my_learning": _portal_learning_own_only("portal:my_learning"),
    "portal:learning_catalogue": _portal_learning_own_only("portal:learning_catalogue"),
    "portal:course_enroll": _portal_enroll_self_only,
    "portal:course_take": _portal_enrollment_404,
    "portal:module_view": _portal_enrollment_404,
    "portal:module_complete": _portal_enrollment_404,
    "portal:quiz_start": _portal_enrollment_404,
    "portal:quiz_attempt": _portal_enrollment_404,
    "portal:certificate_download": _portal_certificate_404,
    "portal:team_learning": _portal_team_own_people,
    "portal:scorm_commit": _portal_scorm_commit_404,
    "portal:team_export": _portal_team_export_own,
    "portal:document_download": _portal_document_404,
    "scorm_file": _scorm_files_carry_no_learner_without_a_launch,
    "certificate_check": _public_check_is_minimal,
    "certificate_verify": _public_check_is_minimal,
    "console:learning_catalogue": console_hidden("console:learning_catalogue"),
    "console:certification_density": console_hidden("console:certification_density"),
    "console:course_new": console_hidden("console:course_new"),
    "console:course_detail": console_hidden("console:course_detail", course_id=1),
    "console:version_edit": console_hidden("console:version_edit", version_id=1),
    "console:exam_certification": console_hidden("console:exam_certification", course_id=1),
    "console:path_new": console_hidden("console:path_new"),
    "console:partner_learning": console_hidden("console:partner_learning", partner_id=1),
    "console:certifications_export": console_hidden("console:certifications_export"),
    "console:completions_export": console_hidden("console:completions_export"),
    "console:path_edit": console_hidden("console:path_edit", path_id=1),
    "GET /api/v1/courses": _api_courses_are_catalogue,
    "GET /api/v1/enrollments": _api_enrollments_own_only,
    "POST /api/v1/enrollments": _api_enroll_other_partner_404,
    "GET /api/v1/certifications": _api_certifications_own_only,
    "GET /api/v1/certifications/verify/{code}": _public_check_is_minimal,
}

# Learning routes a partner user reaches only for their own person (the selectors narrow to
# the signed-in user as well as the partner), or that show published, public data: removing
# the partner scoping alone leaves them as they were.
LEARNING_NOT_BY_SCOPING = {
    "portal:my_learning",
    "portal:learning_catalogue",
    "portal:course_enroll",
    "portal:course_take",
    "portal:module_view",
    "portal:module_complete",
    "portal:quiz_start",
    "portal:quiz_attempt",
    "portal:team_learning",
    "portal:scorm_commit",
    "portal:document_download",
    "scorm_file",
    "certificate_check",
    "certificate_verify",
    "GET /api/v1/courses",
    "GET /api/v1/certifications/verify/{code}",
}
