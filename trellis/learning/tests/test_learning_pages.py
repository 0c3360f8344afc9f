"""The learning pages: a partner user takes a course to its certificate through the portal;
the team page is the partner admin's; the vendor sees the catalogue and density; anyone can
check a certificate. Each list page's statement count is pinned."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.fixtures import World, login
from trellis.learning import services
from trellis.learning.models import CertificationAward, Enrollment, QuizAttempt

from .catalogue import Catalogue

pytestmark = pytest.mark.django_db


def test_a_partner_user_takes_a_course_through_the_portal_to_a_certificate(
    world: World, catalogue: Catalogue
) -> None:
    client = login(Client(), world.a_sales)
    page = client.get(reverse("portal:learning_catalogue"))
    assert "Program essentials" in page.content.decode() and "DE" in page.content.decode()
    response = client.post(reverse("portal:course_enroll", args=[catalogue.course.pk]))
    enrollment = Enrollment.objects.get(user=world.a_sales)
    assert response["Location"] == reverse("portal:course_take", args=[enrollment.pk])
    reading = reverse("portal:module_view", args=[enrollment.pk, catalogue.reading.pk])
    assert "<h1>Hello</h1>" in client.get(reading).content.decode()
    done = client.post(
        reverse("portal:module_complete", args=[enrollment.pk, catalogue.reading.pk]),
        {"seconds": "95"},
    )
    assert done["Location"] == reverse(
        "portal:module_view", args=[enrollment.pk, catalogue.quiz.pk]
    )
    started = client.post(reverse("portal:quiz_start", args=[enrollment.pk, catalogue.quiz.pk]))
    attempt = QuizAttempt.objects.get()
    assert started["Location"] == reverse("portal:quiz_attempt", args=[attempt.pk])
    form = {f"q{q}": c for q, c in catalogue.right_answers(catalogue.quiz).items()}
    marked = client.post(reverse("portal:quiz_attempt", args=[attempt.pk]), form, follow=True)
    assert "Passed: 100%" in marked.content.decode()
    award = CertificationAward.objects.get(user=world.a_sales)
    mine = client.get(reverse("portal:my_learning")).content.decode()
    assert "Sales Professional" in mine and award.code in mine
    pdf = client.get(reverse("portal:certificate_download", args=[award.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_quiz_answers_for_questions_not_in_the_attempt_are_refused_on_the_page(
    world: World, catalogue: Catalogue, enrolled: Enrollment
) -> None:
    client = login(Client(), world.a_sales)
    client.post(reverse("portal:quiz_start", args=[enrolled.pk, catalogue.quiz.pk]))
    attempt = QuizAttempt.objects.get()
    page = client.post(reverse("portal:quiz_attempt", args=[attempt.pk]), {"q999999": "1"})
    assert page.status_code == 200
    assert "not for the questions of this attempt" in page.content.decode()
    attempt.refresh_from_db()
    assert attempt.submitted_at is None


def test_the_team_page_is_for_the_partner_admin(
    world: World, catalogue: Catalogue, enrolled: Enrollment
) -> None:
    assert login(Client(), world.a_sales).get(reverse("portal:team_learning")).status_code == 404
    admin = login(Client(), world.a_admin)
    body = admin.get(reverse("portal:team_learning")).content.decode()
    assert "Sam Sales" in body and "Ben Bravo" not in body
    response = admin.post(
        reverse("portal:team_learning"),
        {"user": world.a_admin.pk, "what": f"c{catalogue.exam.pk}", "due_on": ""},
    )
    assert response.status_code == 302
    assert Enrollment.objects.filter(user=world.a_admin, source="self").exists()


def test_the_public_check_answers_with_the_minimum_and_is_rate_limited(
    world: World, catalogue: Catalogue, enrolled: Enrollment, settings: object
) -> None:
    actor = world.actor(world.a_sales)
    services.module_complete(actor=actor, enrollment=enrolled, module=catalogue.reading)
    attempt = services.quiz_start(actor=actor, enrollment=enrolled, module=catalogue.quiz)
    services.quiz_submit(
        actor=actor, attempt=attempt, answers=catalogue.right_answers(catalogue.quiz)
    )
    award = CertificationAward.objects.get()
    page = Client().get(reverse("certificate_verify", args=[award.code]))
    body = page.content.decode()
    assert page.status_code == 200 and "Sam Sales" in body and "Valid certificate" in body
    assert "Alpha" not in body and "sam@alpha.test" not in body
    assert Client().get(reverse("certificate_verify", args=["NOPE-NOPE-NOPE"])).status_code == 404
    settings.TRELLIS_RATE_LIMITS = {"certificate-verify": "2/m"}  # type: ignore[attr-defined]
    client = Client()
    codes = [client.get(reverse("certificate_verify", args=["X"])).status_code for _ in range(3)]
    assert codes[-1] == 429


def test_console_pages_show_the_catalogue_and_density(
    world: World, catalogue: Catalogue, enrolled: Enrollment
) -> None:
    client = login(Client(), world.admin)
    body = client.get(reverse("console:learning_catalogue")).content.decode()
    assert "Program essentials" in body and "DE v1" in body
    density = client.get(reverse("console:certification_density")).content.decode()
    assert "Alpha Systems" in density and "Bravo Networks" in density


@pytest.mark.parametrize("count", [1, 4])
def test_learning_pages_take_the_same_statements_however_many_courses(
    world: World, catalogue: Catalogue, count: int
) -> None:
    from trellis.core.actor import SYSTEM
    from trellis.learning.services.authoring import course_create

    from .catalogue import publish

    for i in range(count):
        course = course_create(actor=SYSTEM, code=f"extra-{i}", title=f"Extra {i}")
        publish(course, "en", f"Extra {i}")
        services.enroll(actor=world.actor(world.a_sales), learner=world.a_sales, course=course)
    portal, console = login(Client(), world.a_sales), login(Client(), world.admin)
    counts = []
    for client, name in (
        (portal, "portal:my_learning"),
        (portal, "portal:learning_catalogue"),
        (console, "console:learning_catalogue"),
        (console, "console:certification_density"),
    ):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(name)).status_code == 200
        counts.append(len(queries))
    assert counts == PAGE_QUERIES


# session, user, roles, then a fixed number per page whatever the number of courses (my
# learning also gathers what to recommend: tier, open deals and leads, certifications, peers)
PAGE_QUERIES = [34, 10, 9, 13]


def test_exports_list_certifications_and_completions_for_those_who_may_see_them(
    world: World, catalogue: Catalogue, enrolled: Enrollment
) -> None:
    from .catalogue import pass_course

    pass_course(enrolled, catalogue)
    b_person = services.enroll(
        actor=world.actor(world.b_admin), learner=world.b_admin, course=catalogue.course
    )
    pass_course(b_person, catalogue)
    vendor = login(Client(), world.admin)
    text = vendor.get(reverse("console:certifications_export")).getvalue().decode()
    assert text.splitlines()[0].startswith("partner,holder,email,certification")
    assert "Alpha Systems,Sam Sales" in text and "Bravo Networks,Ben Bravo" in text
    done = vendor.get(reverse("console:completions_export")).getvalue().decode()
    assert "Program essentials" in done and len(done.splitlines()) == 3
    admin_a = login(Client(), world.a_admin)
    own = admin_a.get(reverse("portal:team_export")).getvalue().decode()
    assert "Sam Sales" in own and "Ben Bravo" not in own
    assert login(Client(), world.a_sales).get(reverse("portal:team_export")).status_code == 404
