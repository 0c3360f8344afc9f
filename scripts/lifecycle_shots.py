"""Screenshots of the lifecycle pages from a running demo (see scripts/screenshots.py), also
used on their own while building them:

    uv run python scripts/lifecycle_shots.py http://127.0.0.1:8000
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from screenshots import ARGS, OUT, sign_in

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"


def lifecycle_pages(page: Page, base: str) -> None:
    """The public application page, the review queue, one application and the profile."""
    page.context.clear_cookies()
    page.goto(f"{base}/apply/")
    page.screenshot(path=str(OUT / "public-partner-application.png"), full_page=True)
    sign_in(page, "admin@trellis.example")
    page.goto(f"{base}/console/applications/")
    page.screenshot(path=str(OUT / "console-applications.png"), full_page=True)
    page.locator("table a").first.click()
    page.wait_for_load_state()
    page.screenshot(path=str(OUT / "console-application.png"), full_page=True)
    page.goto(f"{base}/console/settings/ideal-partner-profile/")
    page.screenshot(path=str(OUT / "console-ideal-profile.png"), full_page=True)
    page.goto(f"{base}/console/applications/prospects/")
    page.locator("table a").first.click()
    page.wait_for_load_state()
    page.locator("details summary").first.click()
    page.screenshot(path=str(OUT / "console-prospects.png"), full_page=True)


if __name__ == "__main__":
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        lifecycle_pages(browser.new_page(viewport={"width": 1400, "height": 900}), BASE)
        browser.close()
