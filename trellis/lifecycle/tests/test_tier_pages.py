"""Tier pages and API: the status a partner and the vendor read, overrides and measures through
the API, evaluations on demand, the what-if preview, and list pages whose statement count does
not grow with their rows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.fixtures import ApiClient, World, login
from trellis.core.actor import SYSTEM
from trellis.lifecycle.models import PartnerMeasure, TierOverride
from trellis.lifecycle.services import tier_evaluate
from trellis.partners.models import TierRequirement

from .test_tiering import gold_asks, tier_of, won

pytestmark = pytest.mark.django_db


def test_the_api_tier_status_says_what_is_missing(world: World) -> None:
    gold_asks(world, annual_revenue="100000", certifications="2")
    won(world, world.partner_a.pk, "60000")
    out = ApiClient(world.a_admin).get(f"/api/v1/partners/{world.partner_a.pk}/tier-status")
    assert out.status_code == 200
    program = out.json()["programs"][0]
    assert program["tier"]["name"] == "Silver" and program["next_tier"]["tier"]["name"] == "Gold"
    assert program["next_tier"]["missing"] == (
        "USD 40,000 more sourced revenue, 2 more certified people"
    )
    assert program["figures"]["annual_revenue"] == 60000


def test_overrides_and_measures_through_the_api_are_checked_and_audited(world: World) -> None:
    api = ApiClient(world.cm)
    path = f"/api/v1/partners/{world.partner_a.pk}"
    soon = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    missing = api.post(
        f"{path}/tier-override", {"tier": world.gold.pk, "reason": " ", "ends_on": soon}
    )
    assert missing.status_code == 422
    past = api.post(
        f"{path}/tier-override",
        {"tier": world.gold.pk, "reason": "Merger", "ends_on": "2020-01-01"},
    )
    assert past.status_code == 422 and past.json()["errors"][0]["field"] == "ends_on"
    done = api.post(
        f"{path}/tier-override", {"tier": world.gold.pk, "reason": "Merger", "ends_on": soon}
    )
    assert done.status_code == 201 and tier_of(world, world.partner_a.pk) == "Gold"
    assert TierOverride.objects.get().reason == "Merger"
    bad = api.post(f"{path}/measures", {"kind": "csat", "period_end": "2026-01-01", "value": "9"})
    assert bad.status_code == 422 and not PartnerMeasure.objects.exists()
    good = api.post(
        f"{path}/measures", {"kind": "csat", "period_end": "2026-01-01", "value": "4.6"}
    )
    assert good.status_code == 201 and good.json()["value"] == "4.60"
    history = api.get(f"{path}/tier-history").json()["items"]
    assert [h["kind"] for h in history] == ["override"]


def test_only_who_configures_programs_runs_an_evaluation(world: World) -> None:
    path = f"/api/v1/programs/{world.program.pk}/tier-evaluations"
    assert ApiClient(world.cm).post(path, {}).status_code == 403
    run = ApiClient(world.admin).post(path, {})
    assert run.status_code == 201 and run.json()["evaluated"] == 2


def test_the_what_if_preview_counts_who_would_move(world: World) -> None:
    gold_asks(world, annual_revenue="100000")
    won(world, world.partner_a.pk, "150000")
    tier_evaluate(actor=SYSTEM, program_id=world.program.pk)
    admin = login(Client(), world.admin)
    page = admin.get(
        f"/console/tiers/{world.program.pk}/",
        {"tier": str(world.gold.pk), "metric": "annual_revenue", "threshold": "200000"},
    ).content.decode()
    assert "0 partners would earn a higher tier and 1 a lower one, of 2 evaluated." in page
    assert "Alpha Systems" in page  # the example named
    assert TierRequirement.objects.get(tier=world.gold).threshold == 100000  # nothing changed


def _statements(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_list_pages_read_the_same_number_of_statements_whatever_their_rows(
    world: World,
) -> None:
    from .test_recruitment import body

    admin = login(Client(), world.admin)
    gold_asks(world)
    tier_evaluate(actor=SYSTEM, program_id=world.program.pk)
    Client().post("/api/v1/applications", body(), content_type="application/json")
    urls = ["/console/applications/", f"/console/tiers/{world.program.pk}/", "/console/tiers/"]
    before = [_statements(admin, url) for url in urls]
    for n in range(6):
        Client().post(
            "/api/v1/applications",
            body(company={"name": f"C{n}", "website": f"https://c{n}.example", "country": "DE"}),
            content_type="application/json",
        )
        won(world, world.partner_b.pk, "1000")
    tier_evaluate(actor=SYSTEM, program_id=world.program.pk, at=timezone.now() + dt.timedelta(1))
    assert [_statements(admin, url) for url in urls] == before
