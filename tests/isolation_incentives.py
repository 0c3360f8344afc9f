"""Isolation checks for incentives: a partner sees its own statements, lines and disputes only,
another partner's answer 404 on every page and endpoint, and rules, imports and decisions are
the vendor's (tests/test_isolation.py collects these)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.fixtures import ApiClient, World, login
from tests.isolation_learning import console_hidden
from trellis.core.actor import SYSTEM
from trellis.core.models import DomainEvent
from trellis.deals.models import DealRegistration
from trellis.incentives.models import Dispute, IncentiveRule, ReportedSale, Statement
from trellis.incentives.services import (
    dispute_open,
    plan_for,
    rule_create,
    statement_approve,
    statements_compute,
)

Check = Callable[[World], None]


@dataclass
class AlphaEarnings:
    statement: Statement
    dispute: Dispute
    rule: IncentiveRule


def alpha_earnings(world: World) -> AlphaEarnings:
    """Partner A won a 77,777 referral last month: an approved statement with one line of
    7,777.70, disputed by A's admin."""
    admin = world.actor(world.admin)
    plan = plan_for(actor=admin, program=world.program, currency="USD")
    rule = rule_create(
        actor=admin,
        plan=plan,
        name="Referral fee",
        kind="referral",
        params={"pct": 10},
        starts=dt.date(2020, 1, 1),
    )
    day = timezone.localdate().replace(day=1) - dt.timedelta(days=3)
    closed = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
    DealRegistration.objects.create(
        partner=world.partner_a,
        program=world.program,
        customer=world.customer_a,
        customer_name="Alpha secret customer",
        customer_country="DE",
        amount=Decimal("77777"),
        currency="USD",
        expected_close=day,
        deal_type="referral",
        status="won",
        closed_at=closed,
    )
    statements_compute(actor=SYSTEM, plan=plan, period=f"{day:%Y-%m}")
    statement = statement_approve(
        actor=admin, statement=Statement.objects.get(partner=world.partner_a)
    )
    dispute = dispute_open(
        actor=world.actor(world.a_admin),
        line=statement.lines.get(),
        comment="Alpha's private complaint",
    )
    return AlphaEarnings(statement, dispute, rule)


SECRETS = ("7,777.70", "7777.70", "Alpha secret customer", "Alpha's private complaint")


def _portal_earnings_own_only(world: World) -> None:
    alpha_earnings(world)
    page = login(Client(), world.b_admin).get(reverse("portal:earnings")).content.decode()
    assert not any(s in page for s in SECRETS)


def _portal_statement_404(world: World) -> None:
    a = alpha_earnings(world)
    other = login(Client(), world.b_admin)
    url = reverse("portal:statement", args=[a.statement.pk])
    assert other.get(url).status_code == 404
    before = DomainEvent.objects.count()
    line = a.statement.lines.get().pk
    assert other.post(url, {"line": line, "comment": "mine"}).status_code == 404
    assert DomainEvent.objects.count() == before


def _api_statements_own_only(world: World) -> None:
    a = alpha_earnings(world)
    items = ApiClient(world.b_admin).get("/api/v1/statements").json()["items"]
    assert a.statement.pk not in {i["id"] for i in items}


def _api_statement_get_404(world: World) -> None:
    a = alpha_earnings(world)
    answer = ApiClient(world.b_admin).get(f"/api/v1/statements/{a.statement.pk}")
    assert answer.status_code == 404


def _api_statement_write_404(action: str, body: dict[str, object]) -> Check:
    def check(world: World) -> None:
        a = alpha_earnings(world)
        api = ApiClient(world.b_admin)
        before = DomainEvent.objects.count()
        answer = api.post(f"/api/v1/statements/{a.statement.pk}/{action}", body)
        assert answer.status_code == 404 and DomainEvent.objects.count() == before

    return check


def _api_dispute_a_foreign_line_404(world: World) -> None:
    a = alpha_earnings(world)
    line = a.statement.lines.get()
    before = Dispute.objects.count()
    answer = ApiClient(world.b_admin).post(
        f"/api/v1/statement-lines/{line.pk}/disputes", {"comment": "mine"}
    )
    assert answer.status_code == 404 and Dispute.objects.count() == before


def _api_disputes_own_only(world: World) -> None:
    a = alpha_earnings(world)
    items = ApiClient(world.b_admin).get("/api/v1/disputes").json()["items"]
    assert a.dispute.pk not in {i["id"] for i in items}


def _api_dispute_get_404(world: World) -> None:
    a = alpha_earnings(world)
    assert ApiClient(world.b_admin).get(f"/api/v1/disputes/{a.dispute.pk}").status_code == 404


def _api_dispute_write_404(action: str, body: dict[str, object]) -> Check:
    def check(world: World) -> None:
        a = alpha_earnings(world)
        api = ApiClient(world.b_admin)
        before = DomainEvent.objects.count()
        answer = api.post(f"/api/v1/disputes/{a.dispute.pk}/{action}", body)
        assert answer.status_code == 404 and DomainEvent.objects.count() == before
        a.dispute.refresh_from_db()
        assert a.dispute.status == "open" and a.dispute.messages.count() == 1

    return check


def _api_vendor_only(path: str, body: Callable[[World], dict[str, object]]) -> Check:
    """Rules, imports and drafting are the vendor's: a partner is refused, nothing changes."""

    def check(world: World) -> None:
        a = alpha_earnings(world)
        api = ApiClient(world.b_admin)
        before = DomainEvent.objects.count()
        answer = api.post(path.format(rule=a.rule.pk), body(world))
        assert answer.status_code in (403, 404) and DomainEvent.objects.count() == before
        assert not ReportedSale.objects.exists()

    return check


def _api_rules_are_program_terms(world: World) -> None:
    """A program's rules are its published terms: no partner's data is in them."""
    alpha_earnings(world)
    answer = ApiClient(world.b_admin).get("/api/v1/incentive-rules", program=world.program.pk)
    assert answer.status_code == 200 and not any(s in answer.content.decode() for s in SECRETS)


INCENTIVES_CHECKS: dict[str, Check] = {
    "console:statements": console_hidden("console:statements"),
    "console:statements_compute": console_hidden("console:statements_compute"),
    "console:statements_approve": console_hidden("console:statements_approve"),
    "console:incentive_rules": console_hidden("console:incentive_rules"),
    "console:statement": console_hidden("console:statement", statement_id=1),
    "console:statement_decide": console_hidden("console:statement_decide", statement_id=1),
    "console:disputes": console_hidden("console:disputes"),
    "console:dispute": console_hidden("console:dispute", dispute_id=1),
    "portal:earnings": _portal_earnings_own_only,
    "portal:statement": _portal_statement_404,
    "GET /api/v1/statements": _api_statements_own_only,
    "GET /api/v1/statements/{statement_id}": _api_statement_get_404,
    "POST /api/v1/statements/{statement_id}/approve": _api_statement_write_404("approve", {}),
    "POST /api/v1/statements/{statement_id}/pay": _api_statement_write_404(
        "pay", {"reference": "x"}
    ),
    "POST /api/v1/statement-lines/{line_id}/disputes": _api_dispute_a_foreign_line_404,
    "GET /api/v1/disputes": _api_disputes_own_only,
    "GET /api/v1/disputes/{dispute_id}": _api_dispute_get_404,
    "POST /api/v1/disputes/{dispute_id}/messages": _api_dispute_write_404(
        "messages", {"comment": "x"}
    ),
    "POST /api/v1/disputes/{dispute_id}/accept": _api_dispute_write_404(
        "accept", {"comment": "x", "adjustment": "10"}
    ),
    "POST /api/v1/disputes/{dispute_id}/reject": _api_dispute_write_404("reject", {"comment": "x"}),
    "POST /api/v1/statements/compute": _api_vendor_only(
        "/api/v1/statements/compute",
        lambda w: {"program": w.program.pk, "period": "2026-01"},
    ),
    "GET /api/v1/incentive-rules": _api_rules_are_program_terms,
    "POST /api/v1/incentive-rules": _api_vendor_only(
        "/api/v1/incentive-rules",
        lambda w: {
            "program": w.program.pk,
            "name": "Mine",
            "kind": "referral",
            "params": {"pct": 90},
            "starts": "2026-01-01",
        },
    ),
    "POST /api/v1/incentive-rules/{rule_id}/versions": _api_vendor_only(
        "/api/v1/incentive-rules/{rule}/versions",
        lambda w: {"params": {"pct": 90}, "starts": "2030-01-01"},
    ),
    "POST /api/v1/reported-sales": _api_vendor_only(
        "/api/v1/reported-sales",
        lambda w: {
            "program": w.program.pk,
            "period": "2026-01",
            "rows": [
                {
                    "partner": w.partner_b.pk,
                    "kind": "usage",
                    "sold_on": "2026-01-10",
                    "reference": "U1",
                    "customer": "c",
                    "amount": "1000000",
                    "currency": "USD",
                }
            ],
        },
    ),
}

# Program terms are not partner data; rules, imports and drafting are refused to any partner
# by policy before any partner-owned row is read; the earnings page asks for the signed-in
# partner's own rows by its id besides.
INCENTIVES_NOT_BY_SCOPING = {
    "portal:earnings",
    "GET /api/v1/incentive-rules",
    "POST /api/v1/statements/compute",
    "POST /api/v1/incentive-rules",
    "POST /api/v1/incentive-rules/{rule_id}/versions",
    "POST /api/v1/reported-sales",
}
