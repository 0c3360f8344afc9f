"""Concurrent learners cannot break the learning invariants (real threads, real connections):
one unfinished enrollment per person and course, one mark per attempt, no more attempts than
the quiz allows."""

from __future__ import annotations

import pytest

from tests.fixtures import World
from tests.races import race
from trellis.core.exceptions import DomainError
from trellis.core.models import DomainEvent
from trellis.learning import services
from trellis.learning.models import Enrollment, QuizAttempt

from .catalogue import build_catalogue

pytestmark = pytest.mark.django_db(transaction=True)


def test_four_clicks_on_enroll_at_once_make_one_enrollment(world: World) -> None:
    catalogue = build_catalogue()
    actor = world.actor(world.a_sales)
    results = race(
        [
            lambda: services.enroll(actor=actor, learner=world.a_sales, course=catalogue.course)
            for _ in range(4)
        ]
    )
    assert Enrollment.objects.filter(user=world.a_sales).count() == 1
    only = Enrollment.objects.get()
    assert all(getattr(r, "pk", None) == only.pk for r in results)
    assert DomainEvent.objects.filter(verb="course.enrolled").count() == 1


def test_one_attempt_submitted_from_four_tabs_is_marked_once(world: World) -> None:
    catalogue = build_catalogue()
    actor = world.actor(world.a_sales)
    enrollment = services.enroll(actor=actor, learner=world.a_sales, course=catalogue.course)
    attempt = services.quiz_start(actor=actor, enrollment=enrollment, module=catalogue.quiz)
    answers = catalogue.right_answers(catalogue.quiz)
    results = race(
        [
            lambda: services.quiz_submit(actor=actor, attempt=attempt, answers=answers)
            for _ in range(4)
        ]
    )
    assert sum(not isinstance(r, DomainError) for r in results) == 1
    assert DomainEvent.objects.filter(verb="quiz.submitted").count() == 1


def test_attempts_started_at_once_never_exceed_the_limit(world: World) -> None:
    catalogue = build_catalogue()
    actor = world.actor(world.a_sales)
    enrollment = services.enroll(actor=actor, learner=world.a_sales, course=catalogue.course)
    wrong = catalogue.wrong_answers(catalogue.quiz)

    def try_once() -> object:
        attempt = services.quiz_start(actor=actor, enrollment=enrollment, module=catalogue.quiz)
        return services.quiz_submit(actor=actor, attempt=attempt, answers=wrong)

    race([try_once for _ in range(5)])
    assert QuizAttempt.objects.count() <= catalogue.quiz.max_attempts
    assert QuizAttempt.objects.filter(submitted_at__isnull=False).count() <= 2
