"""The console's course editor: a course, its draft, modules of every kind (quiz questions as
text), uploads checked, publishing; and who may use it."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.fixtures import World, login
from trellis.learning.authoring_forms import parse_questions
from trellis.learning.models import Course, CourseVersion, Module
from trellis.learning.samples import scorm_sample_zip

pytestmark = pytest.mark.django_db


def test_quiz_text_becomes_questions_with_feedback() -> None:
    questions = parse_questions(
        "? When?\n* Before | Right.\n- After | Too late.\n\n? Which count?\n* A\n* B\n- C"
    )
    assert [q.text for q in questions] == ["When?", "Which count?"]
    assert questions[0].answers[0].feedback == "Right." and not questions[0].multiple
    assert questions[1].multiple and [a.correct for a in questions[1].answers] == [
        True,
        True,
        False,
    ]


def _new_course(client: Client) -> CourseVersion:
    response = client.post(
        reverse("console:course_new"),
        {"code": "new-course", "title": "New course", "role": "sales"},
    )
    course = Course.objects.get(code="new-course")
    assert response["Location"] == reverse("console:course_detail", args=[course.pk])
    return course.versions.get()


def test_the_vendor_writes_a_course_of_every_kind_of_module_and_publishes_it(world: World) -> None:
    client = login(Client(), world.admin)
    draft = _new_course(client)
    url = reverse("console:version_edit", args=[draft.pk])

    def add(**fields: object) -> str:
        data = {"action": "add", "minutes": "5", "pass_mark": "80", "max_attempts": "3", **fields}
        return client.post(url, data, follow=True).content.decode()

    add(kind="text", title="Why register", body="## Protection\n\nRegister **early**.")
    add(
        kind="video",
        title="A first meeting",
        video_url="https://www.youtube.com/watch?v=aqz-KE-bpKQ",
    )
    add(kind="quiz", title="Check", questions="? When?\n* Before | Right.\n- After | Too late.")
    add(kind="document", title="Price list", file=SimpleUploadedFile("prices.pdf", b"%PDF-1.7 x"))
    add(kind="scorm", title="Lesson", file=SimpleUploadedFile("lesson.zip", scorm_sample_zip()))
    assert list(draft.modules.order_by("position").values_list("kind", flat=True)) == [
        "text",
        "video",
        "quiz",
        "document",
        "scorm",
    ]
    page = client.post(url, {"action": "publish"}, follow=True).content.decode()
    draft.refresh_from_db()
    assert draft.status == "published" and "Published" in page
    # A published version shows as read-only.
    assert 'name="action" value="add"' not in client.get(url).content.decode()


@pytest.mark.parametrize(
    ("fields", "says"),
    [
        ({"kind": "text", "title": "Bad", "body": "<script>alert(1)</script>"}, "Scripts"),
        ({"kind": "quiz", "title": "Q", "questions": "* an answer first"}, "before any question"),
        (
            {"kind": "quiz", "title": "Q", "questions": "? Only wrong\n- a\n- b"},
            "exactly one right",
        ),
        ({"kind": "quiz", "title": "Q", "questions": "oops"}, "start it with"),
        ({"kind": "video", "title": "V", "video_url": "http://insecure.example/v"}, "https://"),
        ({"kind": "scorm", "title": "S"}, "Upload the file"),
        (
            {"kind": "scorm", "title": "S", "file": SimpleUploadedFile("x.zip", b"not a zip")},
            "not a zip",
        ),
        (
            {"kind": "document", "title": "D", "file": SimpleUploadedFile("x.pdf", b"MZ\x90")},
            "Upload a PDF",
        ),
    ],
)
def test_bad_modules_are_refused_on_the_form_and_nothing_is_added(
    world: World, fields: dict, says: str
) -> None:
    client = login(Client(), world.admin)
    draft = _new_course(client)
    data = {"action": "add", "minutes": "5", "pass_mark": "80", "max_attempts": "3", **fields}
    page = client.post(reverse("console:version_edit", args=[draft.pk]), data)
    assert page.status_code == 200 and says in page.content.decode()
    assert not Module.objects.exists()


def test_a_new_draft_copies_the_published_version_and_modules_can_be_removed(
    world: World,
) -> None:
    client = login(Client(), world.admin)
    draft = _new_course(client)
    url = reverse("console:version_edit", args=[draft.pk])
    for title in ("One", "Two"):
        client.post(
            url,
            {
                "action": "add",
                "kind": "text",
                "title": title,
                "minutes": "3",
                "pass_mark": "80",
                "max_attempts": "3",
                "body": title,
            },
        )
    client.post(url, {"action": "publish"})
    course_url = reverse("console:course_detail", args=[draft.course_id])
    response = client.post(course_url, {"language": "en"})
    second = CourseVersion.objects.get(number=2)
    assert response["Location"] == reverse("console:version_edit", args=[second.pk])
    first = second.modules.get(position=1)
    client.post(
        reverse("console:version_edit", args=[second.pk]), {"action": "remove", "module": first.pk}
    )
    assert list(second.modules.values_list("title", "position")) == [("Two", 1)]
    assert draft.modules.count() == 2  # the published version is untouched


def test_only_administrators_and_partner_operations_change_courses(world: World) -> None:
    admin = login(Client(), world.admin)
    draft = _new_course(admin)
    cm = login(Client(), world.cm)
    url = reverse("console:version_edit", args=[draft.pk])
    page = cm.post(
        url,
        {
            "action": "add",
            "kind": "text",
            "title": "Sneaky",
            "minutes": "3",
            "pass_mark": "80",
            "max_attempts": "3",
        },
    )
    assert page.status_code == 200 and "You may read this draft" in page.content.decode()
    assert not Module.objects.exists()
    assert cm.post(reverse("console:course_new"), {"code": "x", "title": "X"}).status_code == 200
    assert not Course.objects.filter(code="x").exists()
