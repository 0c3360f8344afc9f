"""Take the README screenshots from a running demo (`make demo`), with real Chromium.

    uv run python scripts/screenshots.py [http://127.0.0.1:8000]

Reads the demo database (development settings) to pick the partner users to show. It signs
in many times a minute: serve the demo with the sign-in limit off (TRELLIS_RATE_SIGN_IN=).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any

import django

os.environ.setdefault(
    "DJANGO_ALLOW_ASYNC_UNSAFE", "true"
)  # Playwright runs an event loop; this script reads (and registers one deal)
from playwright.sync_api import Page, sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
PASSWORD = "trellis-demo-2026"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def partner_admin(country: str | None = None) -> str:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    django.setup()
    from trellis.accounts.models import RoleGrant

    grants = RoleGrant.objects.filter(role="partner_admin", partner__status="active").order_by(
        "partner_id"
    )
    if country:
        grants = grants.filter(partner__country=country)
    return grants.select_related("user").first().user.email  # type: ignore[union-attr]


def busiest_partner_admin() -> str:
    """The partner admin with the most lead offers waiting: its home shows pending work."""
    from django.db.models import Count, Q

    from trellis.accounts.models import RoleGrant

    grants = RoleGrant.objects.filter(role="partner_admin", partner__status="active").annotate(
        waiting=Count("partner__lead_offers", filter=Q(partner__lead_offers__status="open"))
    )
    return grants.select_related("user").order_by("-waiting", "partner_id").first().user.email  # type: ignore[union-attr]


def sign_in(page: Page, email: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{BASE}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    en_user, ja_user = partner_admin(), partner_admin("JP")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(f"{BASE}/accounts/login/")
        page.screenshot(path=str(OUT / "sign-in.png"))
        sign_in(page, "cm1@trellis.example")  # lands on the console home: the work waiting
        page.screenshot(path=str(OUT / "console-home.png"), full_page=True)
        sign_in(page, "admin@trellis.example")
        page.goto(f"{BASE}/console/partners/?status=active&type=msp")
        page.screenshot(path=str(OUT / "console-directory.png"))
        page.click("#results tbody tr:nth-child(1) a")
        page.wait_for_load_state()
        page.screenshot(path=str(OUT / "console-partner-detail.png"), full_page=True)
        page.goto(f"{BASE}/console/exchange-rates/")
        page.screenshot(path=str(OUT / "console-exchange-rates.png"))
        settings_pages(page)
        sign_in(page, busiest_partner_admin())
        page.screenshot(path=str(OUT / "portal-home-en.png"), full_page=True)
        sign_in(page, ja_user)
        page.select_option("#lang-switch", "ja")
        page.wait_for_load_state()
        page.screenshot(path=str(OUT / "portal-home-ja.png"), full_page=True)
        page.goto(f"{BASE}/portal/team/")
        page.screenshot(path=str(OUT / "portal-team-ja.png"), full_page=True)
        deal_pages(page, en_user)
        lead_pages(page)
        mapping_pages(page)
        cosell_pages(page)
        matchmaking_pages(page)
        bundle_pages(page)
        routing_run_pages(page)
        from learning_shots import certificate_image, learning_pages

        learning_pages(page, BASE, en_user)
        certificate_image(page, BASE)
        browser.close()


def settings_pages(page: Page) -> None:
    """The configuration screens, as the vendor administrator sees them."""
    shots = [
        ("console/settings/", "console-settings.png"),
        ("console/settings/programs/", "console-settings-programs.png"),
        ("console/settings/specializations/", "console-settings-specializations.png"),
        ("console/settings/products/", "console-settings-products.png"),
        ("console/settings/staff/", "console-settings-staff.png"),
        ("console/settings/business-hours/", "console-settings-business-hours.png"),
    ]
    for path, name in shots:
        page.goto(f"{BASE}/{path}")
        page.screenshot(path=str(OUT / name), full_page=True)
    page.goto(f"{BASE}/console/settings/programs/")
    page.click("main h2 a")
    page.wait_for_load_state()
    page.screenshot(path=str(OUT / "console-settings-program.png"), full_page=True)
    page.click("text=Lead routing")
    page.wait_for_load_state()
    page.screenshot(path=str(OUT / "console-settings-routing.png"), full_page=True)
    page.go_back()
    page.click("tbody tr:last-child td:nth-child(2) a")
    page.wait_for_load_state()
    page.screenshot(path=str(OUT / "console-settings-tier.png"), full_page=True)


def deal_pages(page: Page, partner_user: str) -> None:
    from trellis.deals.models import DealRegistration

    protected = (
        DealRegistration.objects.filter(status="approved")
        .exclude(partner__users__email=partner_user)
        .first()
    )
    review = DealRegistration.objects.filter(status="submitted", check_outcome="review").first()
    from django.db.models import Count

    from trellis.accounts.models import RoleGrant

    busiest = (
        RoleGrant.objects.filter(role="partner_admin", partner__status="active")
        .annotate(n=Count("partner__deals"))
        .order_by("-n")
        .select_related("user")
        .first()
    )
    sign_in(page, busiest.user.email if busiest else partner_user)
    page.goto(f"{BASE}/portal/deals/new/")
    if protected is not None:
        fill_customer(page, protected, protected.customer_name.upper())
    page.screenshot(path=str(OUT / "portal-deal-form-hint.png"), full_page=True)
    page.goto(f"{BASE}/portal/deals/?view=board")
    page.screenshot(path=str(OUT / "portal-deal-board.png"))
    sign_in(page, "cm1@trellis.example")
    page.goto(f"{BASE}/console/deals/queue/")
    page.screenshot(path=str(OUT / "console-approval-queue.png"))
    if review is not None:
        page.goto(f"{BASE}/console/deals/{review.pk}/")
        page.screenshot(path=str(OUT / "console-conflict-view.png"), full_page=True)
    if protected is not None:
        family_match(page, protected, partner_user)


def fill_customer(page: Page, protected: Any, name: str) -> None:
    """The registration form with ``name`` for the protected deal's country and product, up to
    the live conflict hint."""
    page.fill("#id_customer_name", name)
    page.select_option("#id_customer_country", protected.customer_country)
    line = protected.lines.select_related("product").first()
    if line is not None:
        page.check(f"input[name=products][value='{line.product.sku}']")
    page.wait_for_selector("#conflict-hint .hint")


def family_match(page: Page, protected: Any, partner_user: str) -> None:
    """Another partner registers the protected customer's regional unit: the console shows the
    two side by side with the family evidence and what each feature added."""
    from trellis.deals.models import DealRegistration

    sign_in(page, partner_user)
    page.goto(f"{BASE}/portal/deals/new/")
    unit = f"{protected.customer_name} Australia Pty Ltd"
    fill_customer(page, protected, unit)
    page.screenshot(path=str(OUT / "portal-family-hint.png"), full_page=True)
    page.fill("#id_amount", "120000")
    page.fill("#id_expected_close", (dt.date.today() + dt.timedelta(days=45)).isoformat())
    page.click("#deal-form button[type=submit]:not(.secondary)")
    page.wait_for_load_state()
    deal = DealRegistration.objects.filter(customer_name=unit).order_by("-pk").first()
    if deal is not None:
        sign_in(page, "cm1@trellis.example")
        page.goto(f"{BASE}/console/deals/{deal.pk}/")
        page.screenshot(path=str(OUT / "console-family-match.png"), full_page=True)


def lead_pages(page: Page) -> None:
    from trellis.leads.models import LeadOffer, RoutingDecision

    explained = (
        RoutingDecision.objects.filter(automatic=True, lead__status="offered")
        .exclude(chosen=[])
        .order_by("-id")
        .first()
    )
    offer = (
        LeadOffer.objects.filter(status="open").select_related("partner").order_by("-id").first()
    )
    sign_in(page, "cm1@trellis.example")
    page.goto(f"{BASE}/console/leads/")
    page.screenshot(path=str(OUT / "console-lead-queue.png"))
    page.goto(f"{BASE}/console/leads/funnel/?period=all")
    page.screenshot(path=str(OUT / "console-lead-funnel.png"))
    from trellis.leads.models import WebForm

    form = WebForm.objects.filter(is_active=True).first()
    if form is not None:
        page.goto(f"{BASE}/forms/leads/{form.key}/")
        page.screenshot(path=str(OUT / "public-web-to-lead-form.png"), full_page=True)
    if explained is not None:
        page.goto(f"{BASE}/console/leads/{explained.lead_id}/")
        page.screenshot(path=str(OUT / "console-lead-explanation.png"), full_page=True)
    if offer is not None:
        seller = offer.partner.users.filter(
            role_grants__role__in=["partner_admin", "partner_sales"]
        ).first()
        if seller is not None:
            sign_in(page, seller.email)
            page.goto(f"{BASE}/portal/leads/")
            page.screenshot(path=str(OUT / "portal-leads.png"))
            page.goto(f"{BASE}/portal/leads/{offer.lead_id}/")
            page.screenshot(path=str(OUT / "portal-lead-offer.png"), full_page=True)


def mapping_pages(page: Page) -> None:
    from trellis.cosell.models import SharingPolicy

    policy = (
        SharingPolicy.objects.filter(vendor_level=2, partner_consent=2)
        .select_related("partner")
        .first()
        or SharingPolicy.objects.select_related("partner").first()
    )
    if policy is None:
        return
    admin = policy.partner.users.filter(role_grants__role="partner_admin").first()
    if admin is not None:
        sign_in(page, admin.email)
        page.goto(f"{BASE}/portal/accounts/mapping/")
        page.screenshot(path=str(OUT / "portal-account-mapping.png"))
    sign_in(page, "admin@trellis.example")
    page.goto(f"{BASE}/console/partners/{policy.partner_id}/mapping/")
    page.screenshot(path=str(OUT / "console-account-mapping.png"))


def cosell_pages(page: Page) -> None:
    from django.db.models import Count

    from trellis.cosell.models import CoSell

    worked = (
        CoSell.objects.filter(status="active", origin="vendor")
        .annotate(n=Count("messages") + Count("steps", distinct=True))
        .order_by("-n")
        .select_related("partner_lead")
        .first()
    )
    sign_in(page, "admin@trellis.example")
    page.goto(f"{BASE}/console/cosell/")
    page.screenshot(path=str(OUT / "console-co-selling.png"))
    if worked is None or worked.partner_lead is None:
        return
    page.goto(f"{BASE}/console/opportunities/{worked.opportunity_id}/")
    page.screenshot(path=str(OUT / "console-opportunity-invite.png"), full_page=True)
    sign_in(page, worked.partner_lead.email)
    page.goto(f"{BASE}/portal/cosell/{worked.pk}/")
    page.screenshot(path=str(OUT / "portal-co-sell.png"), full_page=True)


def matchmaking_pages(page: Page) -> None:
    from trellis.deals.models import DealRegistration

    deal = (
        DealRegistration.objects.filter(status="approved", created_by__isnull=False)
        .order_by("id")
        .first()
    )
    if deal is not None and deal.created_by is not None:
        sign_in(page, deal.created_by.email)
        page.goto(f"{BASE}/portal/partners/match/?deal={deal.pk}")
        page.click("form.card button[type=submit]")
        page.wait_for_load_state()
        page.screenshot(path=str(OUT / "portal-partner-match.png"), full_page=True)
    sign_in(page, "admin@trellis.example")
    page.goto(f"{BASE}/console/introductions/")
    page.screenshot(path=str(OUT / "console-introductions.png"))


def bundle_pages(page: Page) -> None:
    from trellis.cosell.models import Bundle

    sign_in(page, partner_admin())
    page.goto(f"{BASE}/portal/bundles/")
    page.screenshot(path=str(OUT / "portal-bundles.png"), full_page=True)
    draft = Bundle.objects.filter(status="draft").first()
    if draft is not None:
        sign_in(page, "admin@trellis.example")
        page.goto(f"{BASE}/console/bundles/{draft.pk}/")
        page.screenshot(path=str(OUT / "console-bundle-draft.png"), full_page=True)


def routing_run_pages(page: Page) -> None:
    from trellis.leads.models import RoutingRun

    run = RoutingRun.objects.order_by("-id").first()
    sign_in(page, "cm1@trellis.example")
    page.goto(f"{BASE}/console/leads/routing-runs/")
    page.screenshot(path=str(OUT / "console-routing-runs.png"), full_page=True)
    if run is not None:
        page.goto(f"{BASE}/console/leads/routing-runs/{run.pk}/")
        page.screenshot(path=str(OUT / "console-routing-run.png"), full_page=True)


if __name__ == "__main__":
    main()
