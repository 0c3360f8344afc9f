"""Real Chromium, the demo's printed logins, the README's flows: nobody meets a refusal.

A small demo ecosystem is seeded the way `make demo` seeds it; then each login
`make demo` prints (vendor admin, the channel manager, three partner admins)
signs in and walks what the README shows: the partners register a deal and
answer a lead offer, the channel manager approves the registrations in the
queue, the admin reads every settings screen. Every page answers 200 without
"You do not have permission", and none is wider than a 1,400-pixel window.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from trellis.accounts.selectors import demo_partner_admins
from trellis.deals.models import DealRegistration
from trellis.demo.generator import ADMIN_EMAIL, DEMO_PASSWORD, EcosystemGenerator

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REFUSED = "You do not have permission"
WIDTH = 1400


def _sign_in(page: Page, base: str, email: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def _visit(page: Page, base: str, path: str) -> None:
    """Open ``path``: it answers 200, refuses nothing, and fits the window."""
    response = page.goto(f"{base}{path}")
    assert response is not None and response.status == 200, path
    _fits(page, path)


def _fits(page: Page, where: str) -> None:
    assert REFUSED not in page.content(), where
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= WIDTH, f"{where} is {wide} px wide"


def _register_a_deal(page: Page, base: str, n: int) -> None:
    page.goto(f"{base}/portal/deals/new/")
    page.fill("#id_customer_name", f"Quillon Aerospace Works {n}")
    page.fill("#id_customer_domain", f"quillon-aero-{n}.example")
    page.select_option("#id_customer_country", "DE")
    page.fill("#id_customer_city", "Bremen")
    page.locator("input[name=products]").first.check()
    page.fill("#id_amount", "900000")  # above automatic approval: it waits for the channel manager
    page.fill("#id_expected_close", (dt.date.today() + dt.timedelta(days=45)).isoformat())
    page.click("#deal-form button[type=submit]:not(.secondary)")
    page.wait_for_load_state()
    _fits(page, "registration submitted")
    expect(page.locator(".messages")).to_contain_text("Registration")


def _answer_an_offer(page: Page, base: str) -> None:
    _visit(page, base, "/portal/leads/")
    accept = page.locator("form[action$='/accept/'] button")
    if accept.count():
        accept.first.click()
        page.wait_for_load_state()
        _fits(page, "lead accepted")
        expect(page.locator(".messages")).to_contain_text("The lead is yours")


def _serve_a_country_found_by_typing(page: Page, email: str) -> None:
    """The company page's 250 countries: typed to find, ticked, saved, shown as a chip."""
    from trellis.partners.models import PartnerCountry

    page.fill(".picker input[type=search]", "icela")
    visible = page.locator(".picker-list label:visible")
    expect(visible).to_have_count(1)
    visible.first.locator("input").check()
    expect(page.locator(".picker-chosen")).to_contain_text("Iceland")
    page.get_by_role("button", name="Save profile").click()
    page.wait_for_load_state()
    _fits(page, "company saved")
    assert PartnerCountry.objects.filter(partner__users__email=email, country="IS").exists()


def test_every_printed_login_walks_the_readme_flows_without_a_refusal(
    page: Page, live_server: Any
) -> None:
    EcosystemGenerator(partners=40, seed=7, customers=400, deals=30, leads=60).run()
    base = live_server.url
    page.set_viewport_size({"width": WIDTH, "height": 900})
    partners = demo_partner_admins(limit=3)
    assert len(partners) == 3

    for n, (email, _name) in enumerate(partners):
        _sign_in(page, base, email)
        expect(page.get_by_role("heading", name="Waiting for you")).to_be_visible()
        _fits(page, f"{email} home")
        _register_a_deal(page, base, n)
        _answer_an_offer(page, base)
        for path in ("/portal/deals/", "/portal/deals/upload/", "/portal/accounts/mapping/"):
            _visit(page, base, path)
        for path in ("/portal/cosell/", "/portal/bundles/", "/portal/team/", "/portal/company/"):
            _visit(page, base, path)
        if n == 0:
            _serve_a_country_found_by_typing(page, email)

    _sign_in(page, base, "cm1@trellis.example")
    expect(page.get_by_role("heading", name="Waiting for you")).to_be_visible()
    waiting = DealRegistration.objects.filter(
        customer_name__startswith="Quillon Aerospace Works", status="submitted"
    )
    assert waiting.count() == 3
    for deal in waiting:
        _visit(page, base, f"/console/deals/{deal.pk}/")
        page.fill("form[action$='/approve/'] input[name=note]", "Checked with the account team")
        page.click("form[action$='/approve/'] button")
        page.wait_for_load_state()
        _fits(page, f"approval of #{deal.pk}")
        deal.refresh_from_db()
        assert deal.status == "approved", page.content()
    for path in ("/console/deals/queue/", "/console/leads/", "/console/leads/import/"):
        _visit(page, base, path)

    _sign_in(page, base, ADMIN_EMAIL)
    expect(page.get_by_role("heading", name="Waiting for you")).to_be_visible()
    for path in (
        "/console/partners/",
        "/console/settings/",
        "/console/settings/programs/",
        "/console/settings/specializations/",
        "/console/settings/products/",
        "/console/settings/staff/",
        "/console/settings/business-hours/",
        "/console/exchange-rates/",
        "/console/audit/",
        "/console/conflicts/",
        "/console/cosell/",
    ):
        _visit(page, base, path)
    page.goto(f"{base}/console/settings/programs/")
    page.locator("main h2 a").first.click()
    page.wait_for_load_state()
    _fits(page, "a program's settings")
    page.click("text=Rules of engagement")
    page.wait_for_load_state()
    _fits(page, "rules of engagement")
    page.fill("#id_protection_days", "120")  # the admin may change them
    page.get_by_role("button", name="Save changes").click()
    page.wait_for_load_state()
    expect(page.locator(".messages")).to_contain_text("Rules of engagement saved.")
    _visit(page, base, "/console/audit/?verb=program.rules_changed")
    expect(page.locator("#results")).to_contain_text("Rules of engagement changed")
