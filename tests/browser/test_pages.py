"""Real Chromium against the live server: sign-in, the console directory, the portal in Japanese."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.fixtures import PASSWORD, World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _shot(page: Page, name: str, tmp_path: Path) -> None:
    """Screenshots land in docs/screenshots when TRELLIS_SCREENSHOTS=1, else in a temp dir."""
    target = SHOTS if os.environ.get("TRELLIS_SCREENSHOTS") == "1" else tmp_path
    target.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target / f"{name}.png"), full_page=True)


def _sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")


def test_admin_signs_in_and_searches_the_directory(
    page: Page, live_server: Any, world: World, tmp_path: Path
) -> None:
    page.set_viewport_size({"width": 1360, "height": 900})
    _sign_in(page, live_server.url, "admin@vendor.test")
    expect(page.get_by_role("heading", name="Waiting for you")).to_be_visible()  # the home
    page.get_by_role("link", name="Partners", exact=True).first.click()
    expect(page.get_by_role("heading", name="Partners")).to_be_visible()
    expect(page.locator("#results")).to_contain_text("Alpha Systems")
    page.fill("input[name=q]", "bravo")
    expect(page.locator("#results")).not_to_contain_text(
        "Alpha Systems"
    )  # HTMX swapped the results
    expect(page.locator("#results")).to_contain_text("Bravo Networks")
    assert "q=bravo" in page.url  # the filtered view is linkable
    page.click("text=Bravo Networks")
    expect(page.get_by_role("heading", name="Programs and tiers")).to_be_visible()
    _shot(page, "console-partner-detail", tmp_path)


def test_partner_admin_sees_portal_home_in_japanese(
    page: Page, live_server: Any, world: World, tmp_path: Path
) -> None:
    page.set_viewport_size({"width": 1280, "height": 860})
    _sign_in(page, live_server.url, "anna@alpha.test")
    expect(page.locator("h1")).to_contain_text("Welcome")
    page.select_option("#lang-switch", "ja")
    expect(page.locator("h1")).to_contain_text("ようこそ")
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    _shot(page, "portal-home-ja", tmp_path)


def test_partner_user_cannot_open_the_console(page: Page, live_server: Any, world: World) -> None:
    _sign_in(page, live_server.url, "anna@alpha.test")
    response = page.goto(f"{live_server.url}/console/partners/")
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_contain_text("Page not found")
