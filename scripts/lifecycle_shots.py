"""Screenshots of the lifecycle pages from a running demo (see scripts/screenshots.py), also
used on their own while building them:

    uv run python scripts/lifecycle_shots.py http://127.0.0.1:8000
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from screenshots import ARGS, OUT, partner_admin, sign_in

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


def tier_pages(page: Page, base: str, partner_user: str) -> None:
    """The vendor's tier evaluation with a what-if preview, one partner's tier status, and the
    partner's own progress to the next tier."""
    sign_in(page, "admin@trellis.example")
    page.goto(f"{base}/console/tiers/")
    page.locator("section.card h2 a", has_text="Reseller").click()
    page.wait_for_load_state()
    page.select_option("#id_metric", "certifications")
    page.fill("#id_threshold", "1")
    page.click("text=Preview")
    page.wait_for_load_state()
    page.screenshot(path=str(OUT / "console-tier-program.png"), full_page=True)
    page.locator("table a[href*='tier-status']").first.click()
    page.wait_for_load_state()
    page.screenshot(path=str(OUT / "console-partner-tier.png"), full_page=True)
    sign_in(page, partner_user)
    page.goto(f"{base}/portal/tier/")
    page.screenshot(path=str(OUT / "portal-tier-progress.png"), full_page=True)


def partner_admin_near_next_tier() -> str:
    """An admin of a partner whose tier is at risk, or else any partner admin: its tier page
    shows the most."""
    partner_admin()  # sets Django up
    from trellis.accounts.models import RoleGrant
    from trellis.lifecycle.models import TierStanding

    risky = TierStanding.objects.filter(downgrade_due_at__isnull=False).values("partner_id")
    grant = RoleGrant.objects.filter(role="partner_admin", partner_id__in=risky).first()
    return grant.user.email if grant is not None else partner_admin()


def onboarding_pages(page: Page, base: str) -> None:
    """The new partner's checklist and the vendor's onboarding funnel."""
    from trellis.accounts.selectors import demo_partner_admins

    newcomer = demo_partner_admins(limit=1, status="onboarding")
    if newcomer:
        sign_in(page, newcomer[0][0])
        page.goto(f"{base}/portal/onboarding/")
        page.screenshot(path=str(OUT / "portal-onboarding-checklist.png"), full_page=True)
    sign_in(page, "admin@trellis.example")
    page.goto(f"{base}/console/onboarding/")
    page.screenshot(path=str(OUT / "console-onboarding-funnel.png"), full_page=True)


def offboarding_page(page: Page, base: str) -> None:
    """The offboarding form of the partner with the most open registrations, item by item."""
    from django.db.models import Count

    from trellis.deals.models import DealRegistration

    busiest = (
        DealRegistration.objects.filter(status__in=("submitted", "approved"))
        .values("partner_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    if busiest is None:
        return
    sign_in(page, "admin@trellis.example")
    page.goto(f"{base}/console/partners/{busiest['partner_id']}/offboarding/")
    page.locator("details.handover summary").click()
    page.screenshot(path=str(OUT / "console-offboarding.png"), full_page=True)


if __name__ == "__main__":
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        lifecycle_pages(page, BASE)
        tier_pages(page, BASE, partner_admin_near_next_tier())
        onboarding_pages(page, BASE)
        offboarding_page(page, BASE)
        browser.close()
