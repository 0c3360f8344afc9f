"""Taking courses: enrolling, versions, quizzes and their refusals, completion, certificates,
renewal and expiry. Real database, real services."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from tests.fixtures import World
from trellis.core.actor import SYSTEM
from trellis.core.exceptions import Conflict, InvalidInput, NotFound, PermissionDenied
from trellis.core.models import DomainEvent, Notification
from trellis.learning import selectors, services
from trellis.learning.models import (
    CertificationAward,
    Enrollment,
    ModuleProgress,
    QuizAttempt,
)
from trellis.learning.services.certifying import add_months

from .catalogue import Catalogue, pass_course

pytestmark = pytest.mark.django_db


def _pass_course(world: World, catalogue: Catalogue, enrollment: Enrollment) -> None:
    pass_course(enrollment, catalogue)


def test_a_learner_is_enrolled_in_the_edition_of_their_language(
    world: World, catalogue: Catalogue
) -> None:
    world.a_sales.language = "de"
    world.a_sales.save()
    enrollment = services.enroll(
        actor=world.actor(world.a_sales), learner=world.a_sales, course=catalogue.course
    )
    assert enrollment.version == catalogue.german and enrollment.source == "self"
    world.a_admin.language = "ja"  # no Japanese edition: English
    assert (
        services.enroll(
            actor=world.actor(world.a_admin), learner=world.a_admin, course=catalogue.course
        ).version
        == catalogue.english
    )


def test_enrolling_twice_returns_the_enrollment_there_is(world: World, enrolled: Any) -> None:
    again = services.enroll(
        actor=world.actor(world.a_sales), learner=world.a_sales, course=enrolled.course
    )
    assert again.pk == enrolled.pk and Enrollment.objects.count() == 1


def test_partner_admin_assigns_a_course_with_a_due_date_and_the_person_is_told(
    world: World, catalogue: Catalogue
) -> None:
    due = timezone.localdate() + dt.timedelta(days=10)
    enrollment = services.enroll(
        actor=world.actor(world.a_admin), learner=world.a_sales, course=catalogue.course, due_on=due
    )
    assert enrollment.source == "team" and enrollment.assigned_by == world.a_admin
    assert Notification.objects.filter(user=world.a_sales, verb="course.enrolled").exists()


def test_nobody_enrols_people_of_another_partner(world: World, catalogue: Catalogue) -> None:
    with pytest.raises(PermissionDenied):
        services.enroll(
            actor=world.actor(world.b_admin), learner=world.a_sales, course=catalogue.course
        )
    with pytest.raises(PermissionDenied):  # a sales user cannot enrol a colleague either
        services.enroll(
            actor=world.actor(world.a_sales), learner=world.a_admin, course=catalogue.course
        )
    assert not Enrollment.objects.exists()


def test_a_due_date_in_the_past_is_refused(world: World, catalogue: Catalogue) -> None:
    with pytest.raises(InvalidInput):
        services.enroll(
            actor=world.actor(world.a_admin),
            learner=world.a_sales,
            course=catalogue.course,
            due_on=timezone.localdate() - dt.timedelta(days=1),
        )
    assert not Enrollment.objects.exists()


def test_passing_the_quiz_completes_the_course_and_earns_the_path_certification(
    world: World, catalogue: Catalogue, enrolled: Enrollment
) -> None:
    _pass_course(world, catalogue, enrolled)
    enrolled.refresh_from_db()
    assert enrolled.status == "completed" and enrolled.completed_at is not None
    award = CertificationAward.objects.get(user=world.a_sales)
    assert award.certification == catalogue.by_path and award.state == "valid"
    assert award.holder_name == "Sam Sales" and len(award.code) == 14
    verbs = set(DomainEvent.objects.values_list("verb", flat=True))
    assert {
        "course.enrolled",
        "course.started",
        "course.completed",
        "certification.earned",
    } <= verbs


def test_a_failed_quiz_shows_what_was_wrong_and_attempts_run_out(
    world: World, catalogue: Catalogue, enrolled: Enrollment
) -> None:
    actor = world.actor(world.a_sales)
    for _ in range(2):
        attempt = services.quiz_start(actor=actor, enrollment=enrolled, module=catalogue.quiz)
        marked = services.quiz_submit(
            actor=actor, attempt=attempt, answers=catalogue.wrong_answers(catalogue.quiz)
        )
        assert not marked.passed and marked.score == 0
    with pytest.raises(Conflict, match="No attempts left"):
        services.quiz_start(actor=actor, enrollment=enrolled, module=catalogue.quiz)
    assert QuizAttempt.objects.count() == 2
    progress = ModuleProgress.objects.get(enrollment=enrolled, module=catalogue.quiz)
    assert progress.status == "failed"


def test_reloading_a_quiz_shows_the_same_attempt(
    world: World, catalogue: Catalogue, enrolled: Enrollment
) -> None:
    actor = world.actor(world.a_sales)
    first = services.quiz_start(actor=actor, enrollment=enrolled, module=catalogue.quiz)
    again = services.quiz_start(actor=actor, enrollment=enrolled, module=catalogue.quiz)
    assert first.pk == again.pk and first.shown == again.shown


@pytest.mark.parametrize(
    "tamper",
    [
        "question_not_in_attempt",
        "choice_of_another_question",
        "two_answers_to_single_choice",
    ],
)
def test_tampered_answers_are_refused_and_nothing_is_stored(
    world: World, catalogue: Catalogue, enrolled: Enrollment, tamper: str
) -> None:
    actor = world.actor(world.a_sales)
    attempt = services.quiz_start(actor=actor, enrollment=enrolled, module=catalogue.quiz)
    questions = list(catalogue.quiz.questions.prefetch_related("choices"))
    single, multiple = questions[0], questions[1]
    answers: dict[int, list[int]] = catalogue.right_answers(catalogue.quiz)
    if tamper == "question_not_in_attempt":
        answers[999_999] = [1]
    elif tamper == "choice_of_another_question":
        answers[single.pk] = [multiple.choices.first().pk]  # type: ignore[union-attr]
    else:
        answers[single.pk] = [c.pk for c in single.choices.all()]
    with pytest.raises(InvalidInput):
        services.quiz_submit(actor=actor, attempt=attempt, answers=answers)
    attempt.refresh_from_db()
    assert attempt.submitted_at is None and attempt.score is None
    assert not DomainEvent.objects.filter(verb="quiz.submitted").exists()


def test_an_attempt_is_submitted_once(
    world: World, catalogue: Catalogue, enrolled: Enrollment
) -> None:
    actor = world.actor(world.a_sales)
    attempt = services.quiz_start(actor=actor, enrollment=enrolled, module=catalogue.quiz)
    services.quiz_submit(
        actor=actor, attempt=attempt, answers=catalogue.wrong_answers(catalogue.quiz)
    )
    with pytest.raises(Conflict):
        services.quiz_submit(
            actor=actor, attempt=attempt, answers=catalogue.right_answers(catalogue.quiz)
        )
    attempt.refresh_from_db()
    assert attempt.passed is False


def test_nobody_takes_a_quiz_for_someone_else(
    world: World, catalogue: Catalogue, enrolled: Enrollment
) -> None:
    with pytest.raises(PermissionDenied):  # not even their own partner admin
        services.quiz_start(
            actor=world.actor(world.a_admin), enrollment=enrolled, module=catalogue.quiz
        )


def test_a_module_of_another_version_is_not_part_of_the_course(
    world: World, catalogue: Catalogue, enrolled: Enrollment
) -> None:
    german_quiz = catalogue.german.modules.get(kind="quiz")
    with pytest.raises(NotFound):
        services.quiz_start(
            actor=world.actor(world.a_sales), enrollment=enrolled, module=german_quiz
        )


def test_a_quiz_is_not_completed_by_marking_it_done(
    world: World, catalogue: Catalogue, enrolled: Enrollment
) -> None:
    with pytest.raises(InvalidInput):
        services.module_complete(
            actor=world.actor(world.a_sales), enrollment=enrolled, module=catalogue.quiz
        )
    with pytest.raises(InvalidInput):  # implausible time spent
        services.module_complete(
            actor=world.actor(world.a_sales),
            enrollment=enrolled,
            module=catalogue.reading,
            seconds=10**7,
        )
    assert not ModuleProgress.objects.filter(status="completed").exists()


def test_editing_a_published_course_makes_a_new_version_and_progress_stays_with_the_old(
    world: World, catalogue: Catalogue, enrolled: Enrollment
) -> None:
    services.module_complete(
        actor=world.actor(world.a_sales), enrollment=enrolled, module=catalogue.reading
    )
    draft = services.version_draft(actor=SYSTEM, course=catalogue.course, language="en")
    assert draft.number == 2 and draft.modules.count() == 2  # a copy to edit
    assert draft.modules.get(kind="quiz").questions.count() == 2
    services.module_add(
        actor=SYSTEM, version=draft, kind="text", title="What is new", minutes=2, body="New."
    )
    services.version_publish(actor=SYSTEM, version=draft)
    catalogue.english.refresh_from_db()
    assert catalogue.english.status == "retired"
    enrolled.refresh_from_db()
    assert enrolled.version == catalogue.english
    assert (
        selectors.progress_of(
            selectors.enrollments(actor=world.actor(world.a_sales)).get(pk=enrolled.pk)
        ).done
        == 1
    )
    # Newcomers get the new edition.
    newcomer = services.enroll(
        actor=world.actor(world.a_admin), learner=world.a_admin, course=catalogue.course
    )
    assert newcomer.version == draft


def test_a_published_version_cannot_be_edited(world: World, catalogue: Catalogue) -> None:
    with pytest.raises(InvalidInput):
        services.module_add(
            actor=SYSTEM, version=catalogue.english, kind="text", title="Sneaky", body="x"
        )


@pytest.mark.parametrize(
    "body",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        "[click](javascript:alert(1))",
        "<iframe src='https://evil.example'></iframe>",
    ],
)
def test_unsafe_markdown_is_refused_with_a_reason(
    world: World, catalogue: Catalogue, body: str
) -> None:
    draft = services.version_draft(actor=SYSTEM, course=catalogue.course, language="fr")
    with pytest.raises(InvalidInput) as refused:
        services.module_add(actor=SYSTEM, version=draft, kind="text", title="Bad", body=body)
    assert refused.value.field == "body" and refused.value.message
    assert not draft.modules.exists()


def test_markdown_is_rendered_and_sanitised(world: World, catalogue: Catalogue) -> None:
    assert catalogue.reading.body_html.strip() == "<h1>Hello</h1>"


def test_a_quiz_needs_right_answers(world: World, catalogue: Catalogue) -> None:
    from trellis.learning.services.authoring import AnswerIn, QuestionIn

    draft = services.version_draft(actor=SYSTEM, course=catalogue.course, language="es")
    for questions in (
        [],
        [QuestionIn("No right answer", [AnswerIn("a"), AnswerIn("b")])],
        [QuestionIn("Two right, single", [AnswerIn("a", True), AnswerIn("b", True)])],
        [QuestionIn("One answer only", [AnswerIn("a", True)])],
    ):
        with pytest.raises(InvalidInput):
            services.module_add(
                actor=SYSTEM, version=draft, kind="quiz", title="Q", questions=questions
            )
    assert not draft.modules.exists()


def test_video_modules_need_an_https_address(world: World, catalogue: Catalogue) -> None:
    draft = services.version_draft(actor=SYSTEM, course=catalogue.course, language="ja")
    with pytest.raises(InvalidInput):
        services.module_add(
            actor=SYSTEM, version=draft, kind="video", title="V", video_url="http://x.test/v"
        )


def test_only_the_vendor_authors_courses(world: World, catalogue: Catalogue) -> None:
    with pytest.raises(PermissionDenied):
        services.version_draft(
            actor=world.actor(world.a_admin), course=catalogue.course, language="fr"
        )


def test_an_expired_certification_stops_counting_at_once(
    world: World, catalogue: Catalogue, enrolled: Enrollment
) -> None:
    _pass_course(world, catalogue, enrolled)
    award = CertificationAward.objects.get()
    staff = world.actor(world.admin)
    assert selectors.certification_density(actor=staff).certified == 1
    later = award.expires_at + dt.timedelta(seconds=1)
    # Nothing has run: the expiry job has not seen it, and it no longer counts.
    assert selectors.certification_density(actor=staff, now=later).certified == 0
    assert selectors.verification(award.code).valid  # type: ignore[union-attr]


def test_expiry_warnings_and_expiry_are_recorded_once_however_often_the_job_runs(
    world: World, catalogue: Catalogue, enrolled: Enrollment
) -> None:
    _pass_course(world, catalogue, enrolled)
    award = CertificationAward.objects.get()
    soon = award.expires_at - dt.timedelta(days=10)
    assert services.certifications_check_expiry(now=soon) == (1, 0)
    assert services.certifications_check_expiry(now=soon) == (0, 0)
    after = award.expires_at + dt.timedelta(days=1)
    assert services.certifications_check_expiry(now=after) == (0, 1)
    assert services.certifications_check_expiry(now=after) == (0, 0)
    assert DomainEvent.objects.filter(verb="certification.expiring").count() == 1
    assert DomainEvent.objects.filter(verb="certification.expired").count() == 1
    assert Notification.objects.filter(verb="certification.expiring").count() == 1


def test_retaking_the_exam_near_expiry_renews_from_the_current_expiry(
    world: World, catalogue: Catalogue
) -> None:
    actor = world.actor(world.a_sales)
    first = services.enroll(actor=actor, learner=world.a_sales, course=catalogue.exam)
    _pass_course(world, catalogue, first)
    award = CertificationAward.objects.get(certification=catalogue.by_exam)
    # Passing it again long before expiry earns nothing new.
    early = services.enroll(actor=actor, learner=world.a_sales, course=catalogue.exam)
    assert early.pk != first.pk
    _pass_course(world, catalogue, early)
    assert CertificationAward.objects.filter(certification=catalogue.by_exam).count() == 1
    # Within the warning period, passing it again renews it from the current expiry.
    ends = timezone.now() + dt.timedelta(days=20)
    CertificationAward.objects.filter(pk=award.pk).update(
        earned_at=ends - dt.timedelta(days=365), expires_at=ends
    )
    retake = services.enroll(actor=actor, learner=world.a_sales, course=catalogue.exam)
    _pass_course(world, catalogue, retake)
    renewed = CertificationAward.objects.filter(certification=catalogue.by_exam).latest("pk")
    assert renewed.pk != award.pk
    assert renewed.expires_at.date() == add_months(ends, 12).date()
    assert DomainEvent.objects.filter(verb="certification.earned").count() == 2


def test_public_verification_shows_only_name_certification_and_validity(
    world: World, catalogue: Catalogue, enrolled: Enrollment
) -> None:
    _pass_course(world, catalogue, enrolled)
    award = CertificationAward.objects.get()
    found = selectors.verification(award.code.lower())
    assert found is not None and set(found.__dict__) == {
        "holder",
        "certification",
        "earned_on",
        "expires_on",
        "valid",
        "revoked",
    }
    assert selectors.verification("AAAA-BBBB-CCCC") is None
