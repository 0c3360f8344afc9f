"""The console's path and certification editor: a path with its courses in order, required
for a tier, and the certification it earns; an exam course's certification; who may."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.fixtures import World, login
from trellis.core.models import DomainEvent
from trellis.learning.models import Certification, CertificationAward, LearningPath

from .catalogue import Catalogue, pass_course

pytestmark = pytest.mark.django_db


def test_the_vendor_builds_a_path_requires_it_for_a_tier_and_gives_it_a_certification(
    world: World, catalogue: Catalogue
) -> None:
    client = login(Client(), world.admin)
    created = client.post(
        reverse("console:path_new"),
        {
            "code": "msp-ops",
            "name": "MSP operations",
            "partner_types": ["msp"],
            "tiers": [world.gold.pk],
        },
    )
    path = LearningPath.objects.get(code="msp-ops")
    url = reverse("console:path_edit", args=[path.pk])
    assert created["Location"] == url
    assert list(path.required_for_tiers.all()) == [world.gold]
    for course in (catalogue.exam, catalogue.course):
        client.post(url, {"action": "add_step", "course": course.pk, "requires_previous": "on"})
    second = path.steps.get(position=2)
    client.post(url, {"action": "move_up", "step": second.pk})
    assert list(path.steps.order_by("position").values_list("course__code", flat=True)) == [
        "essentials",
        "exam",
    ]
    client.post(
        url,
        {
            "action": "certification",
            "code": "msp-pro",
            "name": "MSP Practitioner",
            "valid_months": 12,
            "warn_days": 30,
        },
    )
    certification = Certification.objects.get(code="msp-pro")
    assert certification.path == path and certification.valid_months == 12
    assert {"path.created", "path.step_added", "path.step_moved", "certification.created"} <= set(
        DomainEvent.objects.values_list("verb", flat=True)
    )
    page = client.get(url).content.decode()
    assert "MSP Practitioner" in page and "Specialist exam" in page


def test_a_step_twice_and_a_bad_validity_are_refused(world: World, catalogue: Catalogue) -> None:
    client = login(Client(), world.admin)
    url = reverse("console:path_edit", args=[catalogue.path.pk])
    page = client.post(url, {"action": "add_step", "course": catalogue.course.pk})
    assert "already a step" in page.content.decode() and catalogue.path.steps.count() == 1
    page = client.post(
        url,
        {"action": "certification", "code": "x", "name": "X", "valid_months": 500, "warn_days": 30},
    )
    assert page.status_code == 200 and not Certification.objects.filter(code="x").exists()


def test_a_held_certification_is_not_deleted(
    world: World, catalogue: Catalogue, enrolled: object
) -> None:
    pass_course(enrolled, catalogue)  # type: ignore[arg-type]
    assert CertificationAward.objects.filter(certification=catalogue.by_path).exists()
    client = login(Client(), world.admin)
    url = reverse("console:path_edit", args=[catalogue.path.pk])
    page = client.post(url, {"action": "delete_certification"}, follow=True).content.decode()
    assert "People hold this certification" in page
    assert Certification.objects.filter(pk=catalogue.by_path.pk).exists()


def test_an_exam_course_gets_its_certification_from_the_course_page(
    world: World, catalogue: Catalogue
) -> None:
    client = login(Client(), world.admin)
    url = reverse("console:exam_certification", args=[catalogue.course.pk])
    response = client.post(
        url, {"code": "essentials-cert", "name": "Essentials", "valid_months": 24, "warn_days": 60}
    )
    assert response.status_code == 302
    assert Certification.objects.get(code="essentials-cert").exam == catalogue.course


def test_only_administrators_and_partner_operations_change_paths(
    world: World, catalogue: Catalogue
) -> None:
    cm = login(Client(), world.cm)
    url = reverse("console:path_edit", args=[catalogue.path.pk])
    cm.post(url, {"action": "add_step", "course": catalogue.exam.pk})
    assert catalogue.path.steps.count() == 1
    cm.post(reverse("console:path_new"), {"code": "nope", "name": "Nope"})
    assert not LearningPath.objects.filter(code="nope").exists()
