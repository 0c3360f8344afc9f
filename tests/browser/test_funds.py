"""Real Chromium, a marketing-fund request from the partner's form to payment: the partner
asks (its description trips a red flag), the approver reads the flag and approves part of the
amount with a note and conditions, the partner sees the approval with its campaign code and,
once the activity took place, claims with its invoice and a photo; the reviewer checks the
claim off and approves it, finance records the payment, and the partner sees it paid."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.test_pages import _shot, _sign_in
from tests.fixtures import World, _user
from trellis.funds.models import MdfRequest
from trellis.funds.services import FundInput, fund_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_partner_asks_for_funds_is_approved_claims_and_is_paid(
    page: Page, live_server: Any, world: World, tmp_path: Path
) -> None:
    base = live_server.url
    starts = timezone.localdate() + dt.timedelta(days=30)
    budget = fund_create(
        actor=world.actor(world.admin),
        data=FundInput(
            name="Global MDF",
            currency="USD",
            amount=Decimal("50000"),
            period=f"FY{starts.year}",
            program_id=world.program.pk,
        ),
    )
    _user("fin@vendor.test", ["finance"], name="Finn Finance")
    page.set_viewport_size({"width": 1280, "height": 900})
    _sign_in(page, base, "ben@bravo.test")  # Bravo holds Gold, which may ask for funds
    page.goto(f"{base}/portal/funds/")
    page.get_by_role("link", name="Ask for funds").click()
    page.select_option("#id_activity_type", "event")
    page.fill("#id_title", "Tokyo customer day")
    page.fill("#id_starts", starts.isoformat())
    page.fill("#id_ends", starts.isoformat())
    page.fill("#id_cost", "4000")
    page.fill("#id_requested_amount", "2500")  # more than half: refused, nothing stored
    page.select_option("#id_currency", "USD")
    page.fill("#id_expected_leads", "40")
    page.fill("#id_description", "Every guest receives a gift card.")
    page.click("text=Send the request")
    expect(page.locator(".error").first).to_contain_text("at most 50%")
    assert not MdfRequest.objects.exists()
    page.fill("#id_requested_amount", "2000")
    page.click("text=Send the request")
    expect(page.get_by_text("Waiting for the vendor's decision")).to_be_visible()
    expect(page.get_by_text("Cash or cash equivalents are handed out")).to_be_visible()

    page.context.clear_cookies()
    _sign_in(page, base, "admin@vendor.test")
    page.goto(f"{base}/console/mdf/")
    page.get_by_role("link", name="Tokyo customer day").click()
    expect(page.get_by_text("1 red flag to review")).to_be_visible()
    page.fill("#id_amount", "1500")
    page.fill("#id_conditions", "Our logo on the invitation")
    page.click("form:has(input[name=approve]) button[type=submit]")
    expect(page.locator(".error").first).to_contain_text("red flags")
    page.fill("#id_note", "Gift cards dropped; a printed guide instead.")
    page.click("form:has(input[name=approve]) button[type=submit]")
    expect(page.get_by_text("Approved; the amount is committed on the fund.")).to_be_visible()
    _shot(page, "console-fund-request-approved", tmp_path)
    page.goto(f"{base}/console/funds/{budget.pk}/")
    expect(page.locator("table").first).to_contain_text("Committed to a request")

    page.context.clear_cookies()
    _sign_in(page, base, "ben@bravo.test")
    made = MdfRequest.objects.get()
    page.goto(f"{base}/portal/funds/requests/{made.pk}/")
    expect(page.get_by_role("heading", name="Approved: $1,500.00")).to_be_visible()
    expect(page.get_by_text(made.campaign_code).first).to_be_visible()
    expect(page.get_by_text("Our logo on the invitation")).to_be_visible()

    # The activity took place: the partner claims with its invoice and a photo.
    MdfRequest.objects.filter(pk=made.pk).update(starts=timezone.localdate())
    invoice = tmp_path / "invoice-T-100.pdf"
    invoice.write_bytes(b"%PDF-1.4\n% Tokyo customer day\n%%EOF\n")
    room = tmp_path / "room.png"
    room.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    page.reload()
    page.fill("#id_amount", "1500")
    page.fill("#id_invoice_number", "T-100")
    page.check("#id_final")
    page.set_input_files("#invoice", str(invoice))
    page.set_input_files("#photos", str(room))
    page.click("text=Send the claim")
    expect(page.get_by_text("Your claim is sent for review.")).to_be_visible()
    _shot(page, "portal-fund-claim", tmp_path)

    page.context.clear_cookies()
    _sign_in(page, base, "admin@vendor.test")
    page.goto(f"{base}/console/mdf/{made.pk}/")
    expect(page.get_by_role("link", name="invoice-T-100.pdf")).to_be_visible()
    for check in ("invoice_matches", "proof_shown", "conditions_met"):
        page.check(f"input[name=checklist][value={check}]")
    _shot(page, "console-fund-claim-review", tmp_path)
    page.click("text=Approve for payment")
    expect(page.get_by_text("The claim is approved for payment.")).to_be_visible()

    page.context.clear_cookies()
    _sign_in(page, base, "fin@vendor.test")
    page.goto(f"{base}/console/mdf/claims/")
    page.fill("input[name=reference]", "ZENGIN-2027-0042")
    page.click("form:has(input[name=reference]) button")
    expect(page.get_by_text("Payment recorded.")).to_be_visible()

    page.context.clear_cookies()
    _sign_in(page, base, "ben@bravo.test")
    page.goto(f"{base}/portal/funds/requests/{made.pk}/")
    expect(page.get_by_text("ZENGIN-2027-0042")).to_be_visible()
    expect(page.locator(".badge.status-paid")).to_be_visible()
