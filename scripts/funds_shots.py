"""Screenshots of the marketing-fund pages from a running demo (see scripts/screenshots.py):

uv run python scripts/funds_shots.py http://127.0.0.1:8000
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from screenshots import ARGS, OUT, partner_admin, sign_in

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"


def _examples() -> tuple[int, int, str]:
    """A budget with allocations, a flagged request waiting, and an admin of a funded partner."""
    partner_admin()  # sets Django up
    from trellis.accounts.models import RoleGrant
    from trellis.funds.models import Fund, MdfRequest

    budget = Fund.objects.filter(partner__isnull=True, children__isnull=False).first()
    flagged = MdfRequest.objects.filter(status="submitted").exclude(flags=[]).first()
    funded = Fund.objects.filter(partner__isnull=False).values("partner_id")
    grant = RoleGrant.objects.filter(role="partner_admin", partner_id__in=funded).first()
    assert budget and flagged and grant
    return budget.pk, flagged.pk, grant.user.email


def fund_pages(page: Page, base: str) -> None:
    budget, flagged, partner_user = _examples()
    sign_in(page, "admin@trellis.example")
    page.goto(f"{base}/console/funds/?show=open")
    page.screenshot(path=str(OUT / "console-funds.png"), full_page=False)
    page.goto(f"{base}/console/funds/{budget}/")
    page.screenshot(path=str(OUT / "console-fund-ledger.png"), full_page=True)
    page.goto(f"{base}/console/mdf/")
    page.screenshot(path=str(OUT / "console-fund-requests.png"), full_page=False)
    page.goto(f"{base}/console/mdf/{flagged}/")
    page.screenshot(path=str(OUT / "console-fund-request-flags.png"), full_page=True)
    sign_in(page, partner_user)
    page.goto(f"{base}/portal/funds/")
    page.screenshot(path=str(OUT / "portal-funds.png"), full_page=True)
    page.goto(f"{base}/portal/funds/new/")
    page.screenshot(path=str(OUT / "portal-fund-request-new.png"), full_page=True)


if __name__ == "__main__":
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        fund_pages(page, BASE)
        browser.close()
