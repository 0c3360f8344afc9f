"""Isolation checks for marketing funds: a partner sees its own funds and requests only, a
budget is the vendor's alone, and every write on another partner's request answers 404
(tests/test_isolation.py collects these)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.fixtures import ApiClient, World, login
from tests.isolation_learning import console_hidden
from trellis.core.models import DomainEvent
from trellis.funds.models import Fund, MdfClaim, MdfRequest
from trellis.funds.services import (
    FundInput,
    Proof,
    RequestInput,
    claim_submit,
    fund_allocate,
    fund_create,
    request_approve,
    request_submit,
)

Check = Callable[[World], None]


@dataclass
class AlphaFunds:
    budget: Fund
    fund: Fund
    request: MdfRequest
    claim: MdfClaim


def alpha_funds(world: World) -> AlphaFunds:
    """A budget, partner A's own fund from it, and a request of A's on that fund."""
    world.silver.mdf_eligible = True
    world.silver.save()
    starts = timezone.localdate() + dt.timedelta(days=30)
    admin = world.actor(world.admin)
    budget = fund_create(
        actor=admin,
        data=FundInput(
            name="Global MDF",
            currency="EUR",
            amount=Decimal("20000"),
            period=f"FY{starts.year}",
            program_id=world.program.pk,
        ),
    )
    fund = fund_allocate(
        actor=admin, fund=budget, amount=Decimal("7777"), partner_id=world.partner_a.pk
    )
    request = request_submit(
        actor=world.actor(world.a_admin),
        partner=world.partner_a,
        data=RequestInput(
            activity_type="webinar",
            title="Alpha secret webinar",
            starts=starts,
            ends=starts,
            cost=Decimal("3000"),
            requested_amount=Decimal("1500"),
            currency="EUR",
        ),
    )
    approved = request_approve(
        actor=admin,
        request=request_submit(
            actor=world.actor(world.a_admin),
            partner=world.partner_a,
            data=RequestInput(
                activity_type="event",
                title="Alpha secret event",
                starts=starts,
                ends=starts,
                cost=Decimal("2000"),
                requested_amount=Decimal("1000"),
                currency="EUR",
            ),
        ),
    )
    raw = b"%PDF-1.4 alpha invoice"
    claim = claim_submit(
        actor=world.actor(world.a_admin),
        request=approved,
        amount=Decimal("900"),
        currency="EUR",
        invoice_number="ALPHA-1",
        proofs=[Proof("invoice", io.BytesIO(raw), "alpha.pdf", len(raw))],
        today=starts,
    )
    return AlphaFunds(budget, fund, request, claim)


def _portal_funds_own_only(world: World) -> None:
    alpha_funds(world)
    page = login(Client(), world.b_admin).get(reverse("portal:mdf")).content.decode()
    assert "Alpha secret webinar" not in page and "7,777" not in page and "20,000" not in page


def _portal_request_404(world: World) -> None:
    a = alpha_funds(world)
    other = login(Client(), world.b_admin)
    url = reverse("portal:mdf_request", args=[a.request.pk])
    assert other.get(url).status_code == 404
    assert other.post(url, {"cancel": "1", "reason": "mine"}).status_code == 404
    a.request.refresh_from_db()
    assert a.request.status == "submitted"


def _portal_new_request_is_for_own_company(world: World) -> None:
    """A request is always the signed-in partner's: nothing in the form names another."""
    alpha_funds(world)
    world.gold.mdf_eligible = True
    world.gold.save()
    starts = timezone.localdate() + dt.timedelta(days=30)
    sent = login(Client(), world.b_admin).post(
        reverse("portal:mdf_new"),
        {
            "activity_type": "event",
            "title": "Bravo event",
            "starts": starts.isoformat(),
            "ends": starts.isoformat(),
            "cost": "1000",
            "requested_amount": "500",
            "currency": "EUR",
            "expected_leads": "5",
        },
    )
    assert sent.status_code in (302, 400)
    assert (
        not MdfRequest.objects.filter(partner=world.partner_a)
        .exclude(title__startswith="Alpha")
        .exists()
    )


def _api_funds_list_own_only(world: World) -> None:
    a = alpha_funds(world)
    items = ApiClient(world.b_admin).get("/api/v1/funds").json()["items"]
    assert {i["id"] for i in items}.isdisjoint({a.budget.pk, a.fund.pk})


def _api_fund_404(path: str) -> Check:
    def check(world: World) -> None:
        a = alpha_funds(world)
        api = ApiClient(world.b_admin)
        for fund in (a.fund, a.budget):
            assert api.get(path.format(fund=fund.pk)).status_code == 404

    return check


def _api_allocate_404(world: World) -> None:
    a = alpha_funds(world)
    api = ApiClient(world.b_admin)
    before = DomainEvent.objects.count()
    answer = api.post(f"/api/v1/funds/{a.fund.pk}/allocations", {"amount": "1"})
    assert answer.status_code == 404 and DomainEvent.objects.count() == before


def _api_create_fund_vendor_only(world: World) -> None:
    answer = ApiClient(world.b_admin).post(
        "/api/v1/funds",
        {
            "name": "Mine",
            "currency": "EUR",
            "amount": "1",
            "period": "FY2030",
            "partner": world.partner_a.pk,
        },
    )
    assert answer.status_code == 403 and not Fund.objects.exists()


def _api_request_on_another_partners_fund_404(world: World) -> None:
    a = alpha_funds(world)
    world.gold.mdf_eligible = True
    world.gold.save()
    starts = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    answer = ApiClient(world.b_admin).post(
        "/api/v1/mdf-requests",
        {
            "fund": a.fund.pk,
            "activity_type": "event",
            "title": "On Alpha's money",
            "starts": starts,
            "ends": starts,
            "cost": "1000",
            "requested_amount": "500",
            "currency": "EUR",
        },
    )
    assert answer.status_code == 404
    assert not MdfRequest.objects.filter(fund=a.fund, partner=world.partner_b).exists()


def _api_requests_list_own_only(world: World) -> None:
    alpha_funds(world)
    items = ApiClient(world.b_admin).get("/api/v1/mdf-requests").json()["items"]
    assert items == []


def _api_request_get_404(world: World) -> None:
    a = alpha_funds(world)
    assert ApiClient(world.b_admin).get(f"/api/v1/mdf-requests/{a.request.pk}").status_code == 404


def _api_request_write_404(action: str, body: dict[str, object]) -> Check:
    def check(world: World) -> None:
        a = alpha_funds(world)
        api = ApiClient(world.b_admin)
        before = DomainEvent.objects.count()
        answer = api.post(f"/api/v1/mdf-requests/{a.request.pk}/{action}", body)
        assert answer.status_code == 404
        a.request.refresh_from_db()
        assert a.request.status == "submitted" and DomainEvent.objects.count() == before

    return check


def _portal_proof_404(world: World) -> None:
    a = alpha_funds(world)
    proof = a.claim.proofs.get()
    url = reverse("portal:mdf_proof", args=[proof.pk])
    assert login(Client(), world.b_admin).get(url).status_code == 404
    assert login(Client(), world.a_admin).get(url).status_code == 200


def _api_claim_on_another_partners_request_404(world: World) -> None:
    a = alpha_funds(world)
    api = ApiClient(world.b_admin)
    before = MdfClaim.objects.count()
    answer = api.client.post(
        f"/api/v1/mdf-requests/{a.claim.request_id}/claims",
        {"amount": "10", "currency": "EUR", "invoice_number": "B-1"},
        **api._headers(None),
    )
    assert answer.status_code == 404 and MdfClaim.objects.count() == before


def _api_claims_list_own_only(world: World) -> None:
    alpha_funds(world)
    assert ApiClient(world.b_admin).get("/api/v1/mdf-claims").json()["items"] == []


def _api_claim_get_404(world: World) -> None:
    a = alpha_funds(world)
    assert ApiClient(world.b_admin).get(f"/api/v1/mdf-claims/{a.claim.pk}").status_code == 404


def _api_claim_write_404(action: str, body: dict[str, object]) -> Check:
    def check(world: World) -> None:
        a = alpha_funds(world)
        api = ApiClient(world.b_admin)
        before = DomainEvent.objects.count()
        answer = api.post(f"/api/v1/mdf-claims/{a.claim.pk}/{action}", body)
        assert answer.status_code == 404
        a.claim.refresh_from_db()
        assert a.claim.status == "submitted" and DomainEvent.objects.count() == before

    return check


FUNDS_CHECKS: dict[str, Check] = {
    "console:mdf_claims": console_hidden("console:mdf_claims"),
    "console:mdf_roi": console_hidden("console:mdf_roi"),
    "console:mdf_claim_review": console_hidden("console:mdf_claim_review", claim_id=1),
    "console:mdf_claim_pay": console_hidden("console:mdf_claim_pay", claim_id=1),
    "console:mdf_proof": console_hidden("console:mdf_proof", proof_id=1),
    "portal:mdf_proof": _portal_proof_404,
    "POST /api/v1/mdf-requests/{mdf_request_id}/claims": _api_claim_on_another_partners_request_404,
    "GET /api/v1/mdf-claims": _api_claims_list_own_only,
    "GET /api/v1/mdf-claims/{mdf_claim_id}": _api_claim_get_404,
    "POST /api/v1/mdf-claims/{mdf_claim_id}/approve": _api_claim_write_404(
        "approve", {"checklist": ["invoice_matches", "proof_shown"]}
    ),
    "POST /api/v1/mdf-claims/{mdf_claim_id}/reject": _api_claim_write_404(
        "reject", {"reason": "no_proof"}
    ),
    "POST /api/v1/mdf-claims/{mdf_claim_id}/pay": _api_claim_write_404("pay", {"reference": "x"}),
    "console:fund_list": console_hidden("console:fund_list"),
    "console:fund": console_hidden("console:fund", fund_id=1),
    "console:transfer_decide": console_hidden("console:transfer_decide", transfer_id=1),
    "console:mdf_queue": console_hidden("console:mdf_queue"),
    "console:mdf_request": console_hidden("console:mdf_request", request_id=1),
    "portal:mdf": _portal_funds_own_only,
    "portal:mdf_new": _portal_new_request_is_for_own_company,
    "portal:mdf_request": _portal_request_404,
    "POST /api/v1/funds": _api_create_fund_vendor_only,
    "GET /api/v1/funds": _api_funds_list_own_only,
    "GET /api/v1/funds/{fund_id}": _api_fund_404("/api/v1/funds/{fund}"),
    "GET /api/v1/funds/{fund_id}/ledger": _api_fund_404("/api/v1/funds/{fund}/ledger"),
    "POST /api/v1/funds/{fund_id}/allocations": _api_allocate_404,
    "POST /api/v1/mdf-requests": _api_request_on_another_partners_fund_404,
    "GET /api/v1/mdf-requests": _api_requests_list_own_only,
    "GET /api/v1/mdf-requests/{mdf_request_id}": _api_request_get_404,
    "POST /api/v1/mdf-requests/{mdf_request_id}/approve": _api_request_write_404("approve", {}),
    "POST /api/v1/mdf-requests/{mdf_request_id}/reject": _api_request_write_404(
        "reject", {"reason": "x"}
    ),
    "POST /api/v1/mdf-requests/{mdf_request_id}/ask": _api_request_write_404(
        "ask", {"question": "x"}
    ),
    "POST /api/v1/mdf-requests/{mdf_request_id}/answer": _api_request_write_404(
        "answer", {"answer": "x"}
    ),
    "POST /api/v1/mdf-requests/{mdf_request_id}/cancel": _api_request_write_404(
        "cancel", {"reason": "x"}
    ),
}

# A new request is always the signed-in partner's own; creating a fund is the vendor's; a
# partner naming another's fund is refused by the service's own check as well as scoping; and
# the portal's funds page asks for the signed-in partner's rows by its id besides.
FUNDS_NOT_BY_SCOPING = {
    "portal:mdf",
    "portal:mdf_new",
    "POST /api/v1/funds",
    "POST /api/v1/mdf-requests",
}
