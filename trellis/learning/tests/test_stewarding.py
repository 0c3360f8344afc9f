"""The channel team's part: putting people on a path (each course following the last), one
more attempt at a quiz someone ran out of, revoking a certification given in error."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.fixtures import World, login
from trellis.core.exceptions import Conflict, PermissionDenied
from trellis.core.models import DomainEvent
from trellis.learning import selectors, services
from trellis.learning.models import CertificationAward, Enrollment, PathStep
from trellis.learning.services.stewarding import attempt_grant, certification_revoke

from .catalogue import Catalogue, pass_course

pytestmark = pytest.mark.django_db


def test_a_path_enrols_its_courses_one_after_the_other(world: World, catalogue: Catalogue) -> None:
    PathStep.objects.create(path=catalogue.path, course=catalogue.exam, position=2)
    first = services.path_enroll(
        actor=world.actor(world.cm), learner=world.a_sales, path=catalogue.path
    )
    assert first is not None and first.course == catalogue.course and first.source == "path"
    pass_course(first, catalogue)
    following = Enrollment.objects.get(user=world.a_sales, course=catalogue.exam)
    assert following.path == catalogue.path and following.status == "enrolled"
    pass_course(following, catalogue)
    assert (
        services.path_enroll(
            actor=world.actor(world.cm), learner=world.a_sales, path=catalogue.path
        )
        is None
    )


def test_the_channel_manager_allows_one_more_attempt(
    world: World, catalogue: Catalogue, enrolled: Enrollment
) -> None:
    actor = world.actor(world.a_sales)
    for _ in range(2):
        attempt = services.quiz_start(actor=actor, enrollment=enrolled, module=catalogue.quiz)
        services.quiz_submit(
            actor=actor, attempt=attempt, answers=catalogue.wrong_answers(catalogue.quiz)
        )
    with pytest.raises(Conflict):
        services.quiz_start(actor=actor, enrollment=enrolled, module=catalogue.quiz)
    stuck = selectors.stuck_quizzes(actor=world.actor(world.cm), partner=world.partner_a)
    assert [(s.enrollment.pk, s.module.pk) for s in stuck] == [(enrolled.pk, catalogue.quiz.pk)]
    with pytest.raises(PermissionDenied):  # the partner's own admin may not
        attempt_grant(actor=world.actor(world.a_admin), enrollment=enrolled, module=catalogue.quiz)
    client = login(Client(), world.cm)
    client.post(
        reverse("console:partner_learning", args=[world.partner_a.pk]),
        {"action": "grant", "enrollment": enrolled.pk, "module": catalogue.quiz.pk},
    )
    third = services.quiz_start(actor=actor, enrollment=enrolled, module=catalogue.quiz)
    assert third.number == 3
    assert DomainEvent.objects.filter(verb="quiz.attempt_granted").count() == 1


def test_a_revoked_certification_stops_counting_and_says_so_publicly(
    world: World, catalogue: Catalogue, enrolled: Enrollment
) -> None:
    pass_course(enrolled, catalogue)
    award = CertificationAward.objects.get()
    client = login(Client(), world.cm)
    url = reverse("console:partner_learning", args=[world.partner_a.pk])
    client.post(url, {"action": "revoke", "award": award.pk, "reason": ""})
    award.refresh_from_db()
    assert award.revoked_at is None  # a reason is required
    client.post(
        url, {"action": "revoke", "award": award.pk, "reason": "Exam taken by someone else"}
    )
    award.refresh_from_db()
    assert award.revoked_at is not None and award.revoked_reason == "Exam taken by someone else"
    found = selectors.verification(award.code)
    assert found is not None and found.revoked and not found.valid
    assert selectors.certification_density(actor=world.actor(world.admin)).certified == 0
    with pytest.raises(PermissionDenied):
        certification_revoke(actor=world.actor(world.analyst), award=award, reason="x")


def test_the_partner_learning_page_assigns_a_path(world: World, catalogue: Catalogue) -> None:
    client = login(Client(), world.cm)
    url = reverse("console:partner_learning", args=[world.partner_a.pk])
    page = client.get(url).content.decode()
    assert "Sam Sales" in page and "Ben Bravo" not in page
    response = client.post(
        url, {"action": "assign", "user": world.a_sales.pk, "what": f"p{catalogue.path.pk}"}
    )
    assert response.status_code == 302
    assert Enrollment.objects.get(user=world.a_sales).source == "path"
    # A person of another partner is not offered on this page's form.
    client.post(
        url, {"action": "assign", "user": world.b_admin.pk, "what": f"c{catalogue.exam.pk}"}
    )
    assert not Enrollment.objects.filter(user=world.b_admin).exists()
