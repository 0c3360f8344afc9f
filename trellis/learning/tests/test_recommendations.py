"""What to learn next: every reason a course is recommended, and its order."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.fixtures import World
from trellis.learning import selectors, services
from trellis.learning.engine.recommend import CourseFacts, LearnerFacts, recommend
from trellis.learning.models import CertificationAward, LearningPath
from trellis.partners.models import TierRequirement

from .catalogue import Catalogue, pass_course

COURSES = [
    CourseFacts(1, "Essentials", required=True),
    CourseFacts(2, "Security foundations", family_id=7, family="Security Suite"),
    CourseFacts(
        3, "Specialist exam", family_id=7, family="Security Suite", certifies=("Specialist",)
    ),
    CourseFacts(4, "Playbook"),
]


def test_each_reason_adds_its_weight_and_says_why() -> None:
    learner = LearnerFacts(
        done=frozenset({3}),
        taking=frozenset({4}),
        expiring={"Specialist": 20},
        renews={"Specialist": (3,)},
        open_business={7: 4},
        tier_gap=("Gold", 2),
        peers={1: 30, 2: 10},
    )
    found = recommend(COURSES, learner)
    assert [r.title for r in found] == ["Specialist exam", "Essentials", "Security foundations"]
    kinds = {r.title: [x.kind for x in r.reasons] for r in found}
    assert kinds["Specialist exam"] == ["renewal", "tier_gap", "open_business"]
    assert kinds["Essentials"] == ["required", "peers"]
    assert "Playbook" not in kinds  # under way: shown as "continue", not recommended


def test_a_completed_course_is_not_recommended_unless_it_renews() -> None:
    learner = LearnerFacts(done=frozenset({2}), taking=frozenset(), open_business={7: 9})
    assert [r.title for r in recommend(COURSES, learner)] == ["Essentials", "Specialist exam"]


@pytest.mark.django_db
def test_the_portal_recommends_with_reasons_from_the_companys_situation(
    world: World, catalogue: Catalogue
) -> None:
    TierRequirement.objects.create(tier=world.gold, metric="certifications", threshold=3)
    LearningPath.objects.filter(pk=catalogue.path.pk).update(required_for_onboarding=True)
    world.partner_a.status = "onboarding"
    world.partner_a.save()
    actor = world.actor(world.a_sales)
    found = selectors.recommendations(actor=actor, partner=world.partner_a)
    reasons = {r.title: {x.kind: x.words for x in r.reasons} for r in found}
    assert reasons["Program essentials"]["required"] == {}
    assert reasons["Program essentials"]["tier_gap"]["missing"] == 3
    assert reasons["Specialist exam"]["tier_gap"]["tier"] == "Gold"
    # Passing the exam: the gap shrinks; nearing expiry, the exam comes back as a renewal.
    exam = services.enroll(actor=actor, learner=world.a_sales, course=catalogue.exam)
    pass_course(exam, catalogue)
    CertificationAward.objects.filter(user=world.a_sales).update(
        expires_at=timezone.now() + dt.timedelta(days=12)
    )
    found = selectors.recommendations(actor=actor, partner=world.partner_a)
    renewal = next(r for r in found if r.title == "Specialist exam")
    assert renewal.reasons[0].kind == "renewal" and renewal.reasons[0].words["days"] in (11, 12)


@pytest.mark.django_db
def test_a_step_waiting_for_earlier_ones_is_not_recommended_until_they_are_done(
    world: World, catalogue: Catalogue
) -> None:
    from trellis.learning.models import PathStep

    PathStep.objects.create(path=catalogue.path, course=catalogue.exam, position=2)
    TierRequirement.objects.create(tier=world.gold, metric="certifications", threshold=2)
    actor = world.actor(world.a_sales)
    titles = [r.title for r in selectors.recommendations(actor=actor, partner=world.partner_a)]
    assert "Program essentials" in titles and "Specialist exam" not in titles
    first = services.enroll(actor=actor, learner=world.a_sales, course=catalogue.course)
    pass_course(first, catalogue)
    found = selectors.recommendations(actor=actor, partner=world.partner_a)
    exam = next(r for r in found if r.title == "Specialist exam")
    assert {x.kind for x in exam.reasons} >= {"tier_gap", "path_next"}
