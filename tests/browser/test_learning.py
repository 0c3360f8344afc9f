"""Real Chromium: a partner user takes a course with a quiz (failing once, reading the
feedback, passing) to a certificate, downloads it, and anyone checks it by its code; and the
same course on a phone-sized screen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_pages import _shot, _sign_in
from tests.fixtures import World
from trellis.learning.models import CertificationAward
from trellis.learning.tests.catalogue import build_catalogue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _answer(page: Page, texts: list[str]) -> None:
    for text in texts:
        page.locator("label.answer", has_text=text).locator("input").check()
    page.get_by_role("button", name="Submit answers").click()


def test_a_partner_user_learns_passes_the_quiz_and_gets_a_certificate(
    page: Page, live_server: Any, world: World, tmp_path: Path
) -> None:
    build_catalogue()
    page.set_viewport_size({"width": 1280, "height": 900})
    _sign_in(page, live_server.url, "sam@alpha.test")
    page.get_by_role("link", name="Learning", exact=True).click()
    expect(page.get_by_role("heading", name="My learning")).to_be_visible()
    expect(page.locator("text=Reseller sales")).to_be_visible()  # the path for a reseller
    page.get_by_role("link", name="Browse courses").click()
    page.locator("tr", has_text="Program essentials").get_by_role("button", name="Enroll").click()
    expect(page.get_by_role("heading", name="Program essentials")).to_be_visible()
    page.get_by_role("link", name="Start the course").click()
    expect(page.locator(".prose h1")).to_have_text("Hello")
    page.get_by_role("button", name="Mark as done and continue").click()
    expect(page.get_by_role("heading", name="Check")).to_be_visible()
    page.get_by_role("button", name="Take the quiz").click()
    _answer(page, ["After signature", "Revenue"])
    expect(page.locator(".hint")).to_contain_text("Not passed: 0%")
    expect(page.locator("li.wrong").first).to_contain_text("Too late.")  # feedback on the answer
    _shot(page, "browser-quiz-feedback", tmp_path)
    page.get_by_role("button", name="Try again").click()
    _answer(page, ["Before the first quote", "Revenue", "Certified people"])
    expect(page.locator(".hint")).to_contain_text("Passed: 100%")
    page.get_by_role("link", name="My learning").first.click()
    award = CertificationAward.objects.get(user=world.a_sales)
    expect(page.locator("text=Sales Professional").first).to_be_visible()
    expect(page.locator(f"text={award.code}")).to_be_visible()
    with page.expect_download() as download:
        page.evaluate(
            "url => { const a = document.createElement('a'); a.href = url; a.download = ''; "
            "document.body.append(a); a.click(); }",
            f"/portal/learning/certifications/{award.pk}/certificate.pdf",
        )
    pdf = Path(download.value.path())
    assert pdf.read_bytes().startswith(b"%PDF")
    # Anyone holding the code checks it, signed in or not.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/certificates/verify/")
    page.fill("input[name=code]", award.code.lower())
    page.get_by_role("button", name="Check").click()
    expect(page.locator(".hint")).to_contain_text("Valid certificate")
    expect(page.locator("dl.facts")).to_contain_text("Sam Sales")


def test_a_micro_module_reads_well_on_a_phone(
    page: Page, live_server: Any, world: World, tmp_path: Path
) -> None:
    build_catalogue()
    page.set_viewport_size({"width": 390, "height": 844})
    _sign_in(page, live_server.url, "sam@alpha.test")
    page.goto(f"{live_server.url}/portal/learning/courses/")
    page.locator("tr", has_text="Program essentials").get_by_role("button", name="Enroll").click()
    page.get_by_role("link", name="Start the course").click()
    button = page.get_by_role("button", name="Mark as done and continue")
    expect(button).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400, f"the page scrolls sideways on a phone ({width}px)"
    _shot(page, "browser-module-phone", tmp_path)


def test_a_scorm_lesson_plays_in_the_portal_to_completion(
    page: Page, live_server: Any, world: World, tmp_path: Path, settings: Any
) -> None:
    from trellis.learning.models import Enrollment, ModuleProgress
    from trellis.learning.tests.catalogue import scorm_course

    settings.MEDIA_ROOT = tmp_path / "media"
    _course, module = scorm_course()
    page.set_viewport_size({"width": 1280, "height": 900})
    _sign_in(page, live_server.url, "sam@alpha.test")
    page.goto(f"{live_server.url}/portal/learning/courses/")
    page.locator("tr", has_text="Deal registration lesson").get_by_role(
        "button", name="Enroll"
    ).click()
    page.get_by_role("link", name="Start the course").click()
    lesson = page.frame_locator("iframe.scorm")
    expect(lesson.locator("[data-status]")).to_contain_text("Connected as Sales, Sam")
    lesson.get_by_role("button", name="Next").click()
    expect(page.locator("[data-scorm-status]")).to_have_text("Progress saved.")
    enrollment = Enrollment.objects.get(user=world.a_sales)
    saved = ModuleProgress.objects.get(enrollment=enrollment, module=module)
    assert saved.runtime["cmi.core.lesson_location"] == "page-2"
    lesson.get_by_label("When the vendor approves the registration").check()
    lesson.get_by_role("button", name="Finish the lesson").click()
    expect(page.locator("[data-scorm-status]")).to_have_text("Lesson completed.")
    expect(page.locator("[data-scorm-done]")).to_be_visible()
    _shot(page, "browser-scorm-lesson", tmp_path)
    saved.refresh_from_db()
    enrollment.refresh_from_db()
    assert (saved.status, saved.score, enrollment.status) == ("completed", 100, "completed")
    # The package cannot reach the portal: its frame is sandboxed (an opaque origin).
    assert page.evaluate("document.querySelector('iframe.scorm').contentDocument") is None
