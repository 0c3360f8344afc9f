"""The learning API: the catalogue in the reader's language, enrollments (self, team,
vendor), certifications of one's own people, and the public, minimal certificate check."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.fixtures import ApiClient, World
from trellis.learning.models import CertificationAward, Enrollment

from .catalogue import Catalogue, pass_course

pytestmark = pytest.mark.django_db


def test_courses_are_listed_in_the_readers_language(world: World, catalogue: Catalogue) -> None:
    world.a_sales.language = "de"
    world.a_sales.save()
    courses = {c["code"]: c for c in ApiClient(world.a_sales).get("/api/v1/courses").json()}
    assert courses["essentials"]["title"] == "Grundlagen"
    assert courses["essentials"]["languages"] == ["de", "en"]
    assert courses["essentials"]["minutes"] == 5 and courses["essentials"]["micro"] is True
    english = ApiClient(world.a_sales).get("/api/v1/courses", language="en").json()
    assert {c["title"] for c in english} == {"Program essentials", "Specialist exam"}


def test_enrolling_oneself_a_team_member_and_as_the_vendor(
    world: World, catalogue: Catalogue
) -> None:
    mine = ApiClient(world.a_sales).post("/api/v1/enrollments", {"course": catalogue.course.pk})
    assert mine.status_code == 201 and mine.json()["source"] == "self"
    due = (timezone.localdate() + dt.timedelta(days=7)).isoformat()
    team = ApiClient(world.a_admin).post(
        "/api/v1/enrollments",
        {"course": catalogue.exam.pk, "user": world.a_sales.pk, "due_on": due},
    )
    assert team.status_code == 201 and team.json()["source"] == "team"
    assert team.json()["due_on"] == due
    vendor = ApiClient(world.admin).post(
        "/api/v1/enrollments", {"course": catalogue.course.pk, "user": world.b_admin.pk}
    )
    assert vendor.status_code == 201 and vendor.json()["source"] == "vendor"
    # A sales user sees their own; the partner admin the team's.
    assert len(ApiClient(world.a_sales).get("/api/v1/enrollments").json()["items"]) == 2
    assert len(ApiClient(world.a_admin).get("/api/v1/enrollments").json()["items"]) == 2


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"course": 999_999}, 404),
        ({"course": "essentials"}, 422),
        ({}, 422),
        ({"course": 1, "due_on": "2001-01-01"}, 422),
        ({"course": 1, "due_on": "not a date"}, 422),
    ],
)
def test_bad_enrollments_are_refused_and_nothing_is_stored(
    world: World, catalogue: Catalogue, body: dict, status: int
) -> None:
    if body.get("course") == 1:
        body["course"] = catalogue.course.pk
    response = ApiClient(world.a_sales).post("/api/v1/enrollments", body)
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    assert not Enrollment.objects.exists()


def test_a_sales_user_cannot_enrol_a_colleague(world: World, catalogue: Catalogue) -> None:
    response = ApiClient(world.a_sales).post(
        "/api/v1/enrollments", {"course": catalogue.course.pk, "user": world.a_admin.pk}
    )
    assert response.status_code == 403 and not Enrollment.objects.exists()


def test_certifications_of_ones_people_and_the_public_check(
    world: World, catalogue: Catalogue, enrolled: Enrollment
) -> None:
    pass_course(enrolled, catalogue)
    award = CertificationAward.objects.get()
    items = ApiClient(world.a_admin).get("/api/v1/certifications").json()["items"]
    assert [(i["holder"], i["certification"], i["state"]) for i in items] == [
        ("Sam Sales", "sales-pro", "valid")
    ]
    assert ApiClient(world.a_admin).get("/api/v1/certifications", valid_only="true").json()["items"]
    public = ApiClient(world.b_admin).client.get(f"/api/v1/certifications/verify/{award.code}")
    assert public.status_code == 200
    assert public.json() == {
        "holder": "Sam Sales",
        "certification": "Sales Professional",
        "earned_on": award.earned_at.date().isoformat(),
        "expires_on": award.expires_at.date().isoformat(),
        "valid": True,
        "revoked": False,
    }
    missing = ApiClient(world.b_admin).client.get("/api/v1/certifications/verify/ABCD-EFGH-JKMN")
    assert missing.status_code == 404 and missing["Content-Type"] == "application/problem+json"


def test_the_public_check_is_rate_limited(world: World, settings: object) -> None:
    settings.TRELLIS_RATE_LIMITS = {"certificate-verify": "3/m"}  # type: ignore[attr-defined]
    from django.test import Client

    client = Client()
    codes = [client.get("/api/v1/certifications/verify/ABCD-EFGH").status_code for _ in range(4)]
    assert codes == [404, 404, 404, 429]
