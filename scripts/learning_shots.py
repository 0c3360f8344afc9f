"""Screenshots of the learning pages from a running demo (see scripts/screenshots.py), also
used on their own while building them:

    uv run python scripts/learning_shots.py http://127.0.0.1:8000
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from screenshots import ARGS, OUT, partner_admin, sign_in

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"


def learning_pages(page: Page, base: str, partner_user: str) -> None:
    """My learning, a reading module, a quiz with its marked answers, the certificate rendered
    to an image, the public check, and the vendor's certification density."""
    sign_in(page, partner_user)
    page.goto(f"{base}/portal/learning/")
    page.screenshot(path=str(OUT / "portal-my-learning.png"), full_page=True)
    page.goto(f"{base}/portal/learning/courses/")
    page.screenshot(path=str(OUT / "portal-courses.png"), full_page=True)
    page.goto(f"{base}/portal/learning/")
    page.locator("a.btn", has_text="Resume").first.click()
    page.wait_for_load_state()
    page.screenshot(path=str(OUT / "portal-module.png"), full_page=True)
    done = page.locator("text=Mark as done and continue")
    if done.count():
        done.click()
        page.wait_for_load_state()
    page.click("nav.crumbs a:nth-child(2)")
    page.wait_for_load_state()
    page.click("text=Check your understanding")
    page.wait_for_load_state()
    page.locator("form button", has_text="Take the quiz").click()
    page.wait_for_load_state()
    page.screenshot(path=str(OUT / "portal-quiz.png"), full_page=True)
    for fieldset in page.locator("fieldset.question").all():
        fieldset.locator("input").first.check()
    page.click("text=Submit answers")
    page.wait_for_load_state()
    page.screenshot(path=str(OUT / "portal-quiz-marked.png"), full_page=True)
    page.goto(f"{base}/portal/learning/team/")
    page.screenshot(path=str(OUT / "portal-team-learning.png"), full_page=True)
    sign_in(page, "admin@trellis.example")
    page.goto(f"{base}/console/learning/certifications/")
    page.screenshot(path=str(OUT / "console-certification-density.png"), full_page=True)
    page.goto(f"{base}/console/learning/")
    page.screenshot(path=str(OUT / "console-learning.png"), full_page=True)
    page.click("text=Partner program essentials")
    page.wait_for_load_state()
    page.screenshot(path=str(OUT / "console-course.png"), full_page=True)
    page.click("text=Start a new draft")
    page.wait_for_load_state()
    page.screenshot(path=str(OUT / "console-course-editor.png"), full_page=True)


def certificate_image(page: Page, base: str) -> None:
    """The first certificate of the demo as a PNG (the PDF rendered by WeasyPrint)."""
    from trellis.learning.certificates import certificate_pdf
    from trellis.learning.models import CertificationAward

    newest = CertificationAward.objects.order_by("-earned_at")
    award = newest.select_related("certification").first()
    if award is None:
        return
    import pypdfium2

    document = pypdfium2.PdfDocument(certificate_pdf(award))
    document[0].render(scale=1.4).to_pil().save(OUT / "certificate.png")
    page.goto(f"{base}/certificates/verify/{award.code}/")
    page.screenshot(path=str(OUT / "certificate-verify.png"))


def main() -> None:
    user = partner_admin()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        learning_pages(page, BASE, user)
        certificate_image(page, BASE)
        browser.close()


if __name__ == "__main__":
    main()
