"""SCORM 1.2: packages checked before anything is stored, unpacked safely, served sandboxed
with the API adapter, and the runtime values they report checked before they count."""

from __future__ import annotations

import io
import json
import stat
import zipfile
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse

from tests.fixtures import World, login
from trellis.core.actor import SYSTEM
from trellis.core.exceptions import InvalidInput
from trellis.learning import services
from trellis.learning.engine import scorm
from trellis.learning.models import Enrollment, Module, ModuleProgress, ScormPackage
from trellis.learning.player import launch_url
from trellis.learning.samples import SCORM_SAMPLE, scorm_sample_zip
from trellis.learning.services.authoring import course_create
from trellis.learning.services.content import scorm_module_add, scorm_record

from .catalogue import scorm_course

pytestmark = pytest.mark.django_db

MANIFEST = (SCORM_SAMPLE / "imsmanifest.xml").read_bytes()


def _zip(files: dict[str, bytes], *, link: str = "") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, body in files.items():
            package.writestr(name, body)
        if link:
            info = zipfile.ZipInfo(link)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            package.writestr(info, "/etc/passwd")
    return buffer.getvalue()


def _twice() -> bytes:
    import warnings

    buffer = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w") as package:
        warnings.simplefilter("ignore", UserWarning)  # the duplicate is the point
        for name, body in (
            ("imsmanifest.xml", MANIFEST),
            ("index.html", b"a"),
            ("index.html", b"b"),
        ):
            package.writestr(name, body)
    return buffer.getvalue()


def _draft() -> Any:
    course = course_create(actor=SYSTEM, code="pkg", title="Package course")
    return services.version_draft(actor=SYSTEM, course=course, language="en")


def _upload(raw: bytes) -> Module:
    return scorm_module_add(
        actor=SYSTEM,
        version=_draft(),
        title="Lesson",
        minutes=5,
        upload=io.BytesIO(raw),
        size=len(raw),
    )


def test_the_sample_package_is_unpacked_and_its_launch_file_found(world: World) -> None:
    module = _upload(scorm_sample_zip())
    package = module.package
    assert package is not None and package.launch == "index.html" and package.files == 4
    assert package.title == "Deal registration in five minutes"
    assert default_storage.exists(f"scorm/{package.token}/lesson.js")


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        (b"not a zip at all", "not a zip"),
        (_zip({"index.html": b"<p>"}), "imsmanifest.xml is missing"),
        (_zip({"imsmanifest.xml": MANIFEST, "../evil.html": b"x", "index.html": b""}), "outside"),
        (_zip({"imsmanifest.xml": MANIFEST, "/etc/evil": b"x", "index.html": b""}), "outside"),
        (_zip({"imsmanifest.xml": MANIFEST, "index.html": b"", "run.exe": b"MZ"}), "program"),
        (_zip({"imsmanifest.xml": MANIFEST, "index.html": b"", "x.php": b"<?php"}), "program"),
        (_zip({"imsmanifest.xml": MANIFEST, "index.html": b""}, link="lesson.js"), "link"),
        (_zip({"imsmanifest.xml": b"<manifest><oops", "index.html": b""}), "cannot be read"),
        (
            _zip(
                {
                    "imsmanifest.xml": b'<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaa">]>'
                    b"<manifest>&a;</manifest>",
                    "index.html": b"",
                }
            ),
            "cannot be read",
        ),
        (
            _zip({"imsmanifest.xml": MANIFEST.replace(b"index.html", b"gone.html")}),
            "not in the package",
        ),
        (_twice(), "twice"),
    ],
)
def test_packages_that_are_not_safe_or_not_scorm_are_refused_and_nothing_is_stored(
    world: World, raw: bytes, says: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        _upload(raw)
    assert says in refused.value.message and refused.value.field == "package"
    assert not ScormPackage.objects.exists() and not Module.objects.filter(kind="scorm").exists()
    assert not default_storage.exists("scorm") or not default_storage.listdir("scorm")[0]


def test_a_zip_that_unpacks_to_more_than_it_says_is_stopped(world: World, monkeypatch: Any) -> None:
    monkeypatch.setattr(scorm, "MAX_UNPACKED", 3000)
    raw = _zip({"imsmanifest.xml": MANIFEST, "index.html": b"x" * 5000, "lesson.js": b""})
    with pytest.raises(InvalidInput, match="500 MB"):
        _upload(raw)
    assert not ScormPackage.objects.exists()


def test_a_package_too_large_to_upload_is_refused(world: World) -> None:
    raw = scorm_sample_zip()
    with pytest.raises(InvalidInput, match="100 MB"):
        scorm_module_add(
            actor=SYSTEM,
            version=_draft(),
            title="L",
            minutes=5,
            upload=io.BytesIO(raw),
            size=200 * 1024 * 1024,
        )


def test_the_launch_page_gets_the_adapter_and_the_learners_values(world: World) -> None:
    course, module = scorm_course()
    enrollment = services.enroll(
        actor=world.actor(world.a_sales), learner=world.a_sales, course=course
    )
    page = Client().get(launch_url(enrollment, module))
    body = page.content.decode()
    assert page.status_code == 200 and "scorm-api.js" in body
    data = json.loads(body.split('id="trellis-scorm">', 1)[1].split("</script>", 1)[0])
    assert data["values"]["cmi.core.student_name"] == "Sales, Sam"
    assert data["values"]["cmi.core.lesson_status"] == "not attempted"
    assert "sandbox allow-scripts allow-forms" in page["Content-Security-Policy"]
    assert page["X-Frame-Options"] == "SAMEORIGIN"
    # Without a fresh launch token the launch page is the package's own, and other files too.
    package = module.package
    assert package is not None
    plain = Client().get(reverse("scorm_file", args=[package.token, "index.html"]))
    assert plain.status_code == 200 and b"trellis-scorm" not in plain.getvalue()
    forged = Client().get(reverse("scorm_file", args=[package.token, "index.html"]) + "?launch=x")
    assert forged.status_code == 404
    assert Client().get(reverse("scorm_file", args=["nope", "index.html"])).status_code == 404


def test_runtime_values_complete_the_module_and_the_course(world: World) -> None:
    course, module = scorm_course()
    actor = world.actor(world.a_sales)
    enrollment = services.enroll(actor=actor, learner=world.a_sales, course=course)
    scorm_record(
        actor=actor,
        enrollment=enrollment,
        module=module,
        values={"cmi.core.lesson_status": "incomplete", "cmi.core.lesson_location": "page-2"},
    )
    progress = ModuleProgress.objects.get()
    assert progress.status == "started" and progress.runtime["cmi.core.lesson_location"] == "page-2"
    scorm_record(
        actor=actor,
        enrollment=enrollment,
        module=module,
        values={
            "cmi.core.score.raw": "9",
            "cmi.core.score.max": "10",
            "cmi.core.score.min": "0",
            "cmi.core.lesson_status": "passed",
            "cmi.core.session_time": "0000:04:30.50",
        },
    )
    progress.refresh_from_db()
    assert (progress.status, progress.score, progress.seconds) == ("completed", 90, 270)
    enrollment.refresh_from_db()
    assert enrollment.status == "completed"


@pytest.mark.parametrize(
    "values",
    [
        {"cmi.core.lesson_status": "aced it"},
        {"cmi.core.score.raw": "150"},
        {"cmi.core.score.raw": "NaN"},
        {"cmi.core.session_time": "forever"},
        {"cmi.core.student_id": "someone-else"},
        {"cmi.core.total_time": "9999:00:00"},
        {"cmi.suspend_data": "x" * 5000},
        {"cmi.core.lesson_status": 1},
    ],
)
def test_tampered_runtime_values_are_refused_whole(world: World, values: dict) -> None:
    course, module = scorm_course()
    actor = world.actor(world.a_sales)
    enrollment = services.enroll(actor=actor, learner=world.a_sales, course=course)
    with pytest.raises(InvalidInput):
        scorm_record(
            actor=actor,
            enrollment=enrollment,
            module=module,
            values={"cmi.core.lesson_location": "page-2", **values},
        )
    assert not ModuleProgress.objects.exists()


def test_the_portal_stores_what_the_player_reports(world: World) -> None:
    course, module = scorm_course()
    client = login(Client(), world.a_sales)
    client.post(reverse("portal:course_enroll", args=[course.pk]))
    enrollment = Enrollment.objects.get()
    page = client.get(
        reverse("portal:module_view", args=[enrollment.pk, module.pk])
    ).content.decode()
    assert 'sandbox="allow-scripts allow-forms"' in page and "launch=" in page
    url = reverse("portal:scorm_commit", args=[enrollment.pk, module.pk])
    ok = client.post(
        url,
        {"values": {"cmi.core.lesson_status": "passed", "cmi.core.score.raw": "80"}},
        content_type="application/json",
    )
    assert ok.json()["completed"] is True
    bad = client.post(
        url, {"values": {"cmi.core.lesson_status": "bogus"}}, content_type="application/json"
    )
    assert bad.status_code == 422 and "not allowed" in bad.json()["message"]
    other = login(Client(), world.a_admin)  # not their enrollment
    assert other.post(url, {"values": {}}, content_type="application/json").status_code == 404


def test_documents_are_checked_by_what_they_contain(world: World) -> None:
    from trellis.learning.services.content import document_module_add

    draft = _draft()

    def add(body: bytes, name: str) -> Module:
        return document_module_add(
            actor=SYSTEM,
            version=draft,
            title="Price list",
            minutes=2,
            upload=io.BytesIO(body),
            filename=name,
            size=len(body),
        )

    module = add(b"%PDF-1.7\n%%EOF", "price-list.pdf")
    assert module.document_type == "application/pdf" and module.document_name == "price-list.pdf"
    with pytest.raises(InvalidInput, match="not what its name says"):
        add(b"%PDF-1.7\n", "price-list.docx")
    with pytest.raises(InvalidInput, match="Upload a PDF"):
        add(b"MZ\x90\x00 an executable", "price-list.pdf")
    with pytest.raises(InvalidInput, match="25 MB"):
        document_module_add(
            actor=SYSTEM,
            version=draft,
            title="Big",
            minutes=2,
            upload=io.BytesIO(b"%PDF-"),
            filename="b.pdf",
            size=26 * 1024 * 1024,
        )
    assert draft.modules.count() == 1
