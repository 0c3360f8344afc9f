"""Real Chromium, the whole beginning of a partnership: a company applies on the public page,
the channel team accepts it, its new admin signs in from the invitation, accepts the partner
agreement, registers a first deal that the vendor approves and the partner wins, onboarding
completes, and the next tier evaluation moves the partner up."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_pages import _shot, _sign_in
from tests.fixtures import World
from trellis.core.actor import SYSTEM
from trellis.core.models import OutboundEmail
from trellis.deals.models import DealRegistration
from trellis.lifecycle.models import Journey, JourneyStep
from trellis.lifecycle.services import agreement_publish
from trellis.partners.models import Partner, TierRequirement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _program(world: World) -> None:
    TierRequirement.objects.create(tier=world.gold, metric="annual_revenue", threshold=100000)
    agreement_publish(actor=SYSTEM, title="Partner agreement", body="# Terms\n\nSell fairly.")
    journey = Journey.objects.create(name="First 90 days")
    for n, (kind, title) in enumerate(
        [
            ("accept_agreement", "Accept the agreement"),
            ("first_deal", "Register a first deal"),
            ("first_revenue", "Win a first deal"),
        ],
        start=1,
    ):
        JourneyStep.objects.create(
            journey=journey, position=n, kind=kind, title=title, due_days=30 * n
        )


def _apply(page: Page, base: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/apply/")
    page.fill("#id_company_name", "Kestrel Integration")
    page.fill("#id_website", "kestrel-integration.example")
    page.select_option("#id_country", "DE")
    page.locator("label.opt", has_text="System integrator").locator("input").check()
    page.locator("label.opt", has_text="Healthcare").locator("input").check()
    page.fill("#id_contact_name", "Kira Kestrel")
    page.fill("#id_contact_email", "kira@kestrel-integration.example")
    page.locator("#id_consent").check()
    page.wait_for_timeout(3200)  # people take a few seconds; the form refuses faster senders
    page.get_by_role("button", name="Send application").click()
    expect(page.get_by_role("heading", name="Thank you for applying")).to_be_visible()


def test_from_application_to_onboarding_to_first_deal_to_a_tier_upgrade(
    page: Page, live_server: Any, world: World, tmp_path: Path
) -> None:
    base = live_server.url
    _program(world)
    page.set_viewport_size({"width": 1280, "height": 900})
    _apply(page, base)

    _sign_in(page, base, "admin@vendor.test")
    page.goto(f"{base}/console/applications/")
    page.get_by_role("link", name="Kestrel Integration").click()
    expect(page.get_by_role("heading", name="Why this score")).to_be_visible()
    page.locator("label.opt", has_text="Accept").locator("input").check()
    page.select_option("#id_tier", label="Reseller program: Silver")
    page.select_option("#id_channel_manager", label="Carl Manager")
    page.fill("#id_reason", "Strong healthcare practice")
    page.get_by_role("button", name="Record decision").click()
    expect(page.locator(".messages")).to_contain_text("is now a partner in onboarding")
    partner = Partner.objects.get(name="Kestrel Integration")
    assert partner.status == "onboarding"

    letter = OutboundEmail.objects.filter(
        to="kira@kestrel-integration.example", body_text__contains="/invite/"
    ).first()
    assert letter is not None
    link = re.search(r"https?://\S+/invite/\S+/", letter.body_text)
    assert link is not None
    page.context.clear_cookies()
    page.goto(base + "/invite/" + link.group(0).rstrip("/").rsplit("/", 1)[-1] + "/")
    page.fill("#id_password1", "a-long-partner-password-1")
    page.fill("#id_password2", "a-long-partner-password-1")
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_load_state()

    page.goto(f"{base}/portal/onboarding/")
    expect(page.locator(".checklist-head h2")).to_have_text("0 of 3 steps done")
    page.locator("input[name=agree]").check()
    page.get_by_role("button", name="Accept the agreement").click()
    expect(page.locator(".messages")).to_contain_text("the agreement is accepted")
    expect(page.locator(".checklist-head h2")).to_have_text("1 of 3 steps done")
    _shot(page, "browser-onboarding-checklist", tmp_path)

    page.goto(f"{base}/portal/deals/new/")
    page.fill("#id_customer_name", "Harbor Clinics Group")
    page.fill("#id_customer_domain", "harbor-clinics.example")
    page.select_option("#id_customer_country", "DE")
    page.fill("#id_customer_city", "Hamburg")
    page.locator("input[name=products]").first.check()
    page.fill("#id_amount", "150000")
    page.fill("#id_expected_close", (dt.date.today() + dt.timedelta(days=30)).isoformat())
    page.click("#deal-form button[type=submit]:not(.secondary)")
    page.wait_for_load_state()
    deal = DealRegistration.objects.get(customer_name="Harbor Clinics Group")

    page.context.clear_cookies()
    _sign_in(page, base, "cm@vendor.test")
    page.goto(f"{base}/console/deals/{deal.pk}/")
    if page.get_by_role("button", name="Approve").count():
        page.get_by_role("button", name="Approve").click()
        page.wait_for_load_state()
    deal.refresh_from_db()
    assert deal.status == "approved"

    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=login]", "kira@kestrel-integration.example")
    page.fill("input[name=password]", "a-long-partner-password-1")
    page.click("button[type=submit]")
    page.wait_for_load_state()
    page.goto(f"{base}/portal/deals/{deal.pk}/")
    page.get_by_role("button", name="Mark won").click()
    page.wait_for_load_state()
    page.goto(f"{base}/portal/onboarding/")
    expect(page.locator(".checklist-head h2")).to_have_text("Onboarding complete")
    partner.refresh_from_db()
    assert partner.status == "active"

    page.context.clear_cookies()
    _sign_in(page, base, "admin@vendor.test")
    page.goto(f"{base}/console/tiers/{world.program.pk}/")
    page.get_by_role("button", name="Evaluate now").click()
    expect(page.locator(".messages")).to_contain_text("up")

    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=login]", "kira@kestrel-integration.example")
    page.fill("input[name=password]", "a-long-partner-password-1")
    page.click("button[type=submit]")
    page.wait_for_load_state()
    page.goto(f"{base}/portal/tier/")
    expect(page.locator(".tier-name").first).to_have_text("Gold")
    expect(page.locator("table")).to_contain_text("Silver → Gold")
    _shot(page, "browser-tier-upgraded", tmp_path)
