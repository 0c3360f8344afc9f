"""Real Chromium, a month of partner earnings from statement to payment: finance approves the
month's statement, the partner reads every line (a euro deal converted at its day's rate, a
bonus, a rebate) and disputes one with a comment, finance accepts it with a correction and
records the payment, and the partner sees it paid, with the answer in the thread and the
correction pending on this month's statement."""

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
from trellis.catalog.models import Product, ProductFamily
from trellis.core.actor import SYSTEM
from trellis.deals.models import DealProduct, DealRegistration
from trellis.incentives.models import Statement
from trellis.incentives.services import plan_for, rule_create, statements_compute

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _won(world: World, amount: str, currency: str, sku: str, day: dt.date) -> None:
    closed = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
    deal = DealRegistration.objects.create(
        partner=world.partner_a,
        program=world.program,
        customer=world.customer_a,
        customer_name="Acme GmbH",
        customer_country="DE",
        amount=Decimal(amount),
        currency=currency,
        expected_close=day,
        status="won",
        closed_at=closed,
        decided_at=closed - dt.timedelta(days=20),
        uplift_pct=Decimal(4),
    )
    product = Product.objects.get(sku=sku)
    DealProduct.objects.create(deal=deal, product=product, family_id=product.family_id)


def test_a_statement_is_approved_disputed_corrected_and_paid(
    page: Page, live_server: Any, world: World, tmp_path: Path
) -> None:
    base = live_server.url
    _user("fin@vendor.test", ["finance"], name="Finn Finance")
    security = ProductFamily.objects.create(code="security", name="Security")
    Product.objects.create(sku="SEC-100", name="Secure Edge", family=security)
    admin = world.actor(world.admin)
    plan = plan_for(actor=admin, program=world.program, currency="USD")
    since = dt.date(2020, 1, 1)
    for name, kind, params in (
        ("Registration uplift", "uplift", {}),
        ("Monthly rebate", "rebate", {"bands": [[0, 1], [100000, 2]]}),
        ("Secure Edge SPIFF", "spiff", {"sku": "SEC-100", "amount": 250}),
    ):
        rule_create(actor=admin, plan=plan, name=name, kind=kind, params=params, starts=since)
    day = timezone.localdate().replace(day=1) - dt.timedelta(days=10)
    _won(world, "30000", "EUR", "SEC-100", day)
    _won(world, "12000", "USD", "PLA-001", day)
    statements_compute(actor=SYSTEM, plan=plan, period=f"{day:%Y-%m}")  # the nightly draft
    statement = Statement.objects.get()
    page.set_viewport_size({"width": 1280, "height": 900})

    _sign_in(page, base, "fin@vendor.test")
    page.goto(f"{base}/console/earnings/?period={day:%Y-%m}")
    page.get_by_role("link", name="Alpha Systems").click()
    page.click("button[name=approve]")
    expect(page.get_by_text("Statement approved; the partner is told.")).to_be_visible()

    page.context.clear_cookies()
    _sign_in(page, base, "anna@alpha.test")
    page.goto(f"{base}/portal/earnings/")
    expect(page.get_by_text("Next payout (approved, to be paid)")).to_be_visible()
    page.get_by_role("link", name=f"{day:%Y-%m}").click()
    expect(page.get_by_text("Bonus for SEC-100.")).to_be_visible()
    expect(page.locator("tbody")).to_contain_text("Acme GmbH")
    expect(page.locator("tbody")).to_contain_text("€30,000.00")
    _shot(page, "portal-earnings-statement", tmp_path)
    uplift = statement.lines.get(kind="uplift", source_currency="EUR")
    page.select_option("#line", str(uplift.pk))
    page.fill("#id_comment", "The uplift on this deal should be 5 %, we are Gold since May.")
    page.click("button:text-is('Send the dispute')")
    expect(page.get_by_text("Line disputed; finance answers here.")).to_be_visible()

    page.context.clear_cookies()
    _sign_in(page, base, "fin@vendor.test")
    page.goto(f"{base}/console/earnings/disputes/")
    page.get_by_role("link", name="Alpha Systems").click()
    expect(page.get_by_text("we are Gold since May")).to_be_visible()
    page.select_option("#id_decision", "accept")
    page.fill("#id_adjustment", "75.50")
    page.fill("#id_comment", "Confirmed: Gold from May 1, 1 % more.")
    page.click("button:text-is('Decide')")
    expect(page.get_by_text("Dispute decided; the partner is told.")).to_be_visible()
    page.goto(f"{base}/console/earnings/{statement.pk}/")
    page.fill("#reference", "SEPA-2027-0117")
    page.click("text=Record payment")
    expect(page.get_by_text("Payment recorded.")).to_be_visible()

    page.context.clear_cookies()
    _sign_in(page, base, "anna@alpha.test")
    page.goto(f"{base}/portal/earnings/{statement.pk}/")
    expect(page.get_by_text("SEPA-2027-0117")).to_be_visible()
    expect(page.get_by_text("Confirmed: Gold from May 1, 1 % more.")).to_be_visible()
    statements_compute(actor=SYSTEM, plan=plan, period=f"{timezone.localdate():%Y-%m}")
    page.goto(f"{base}/portal/earnings/")
    expect(page.locator(".stat").nth(1)).to_contain_text("$75.50")
