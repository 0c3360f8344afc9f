"""The fit model learned from the partners' own outcomes: judged on the newest partners it did
not learn from, trusted only when it ranks them better than chance, and used in scores only
then."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from tests.fixtures import World, login
from trellis.core.actor import SYSTEM
from trellis.core.models import DomainEvent
from trellis.deals.models import DealRegistration
from trellis.lifecycle.models import Application, FitModelRun, IdealProfile
from trellis.lifecycle.services import fit_model_train
from trellis.lifecycle.tasks import fit_model_sweep
from trellis.partners.models import Partner, PartnerRegion, PartnerTypeAssignment

pytestmark = pytest.mark.django_db


def history(world: World, n: int = 160, seed: int = 7) -> None:
    """Integrators sell within months of joining, referral partners rarely do."""
    rng = random.Random(seed)
    now = timezone.now()
    for i in range(n):
        kind = "system_integrator" if i % 2 else "referral"
        partner = Partner.objects.create(
            name=f"P{i}", country="DE", status="active", domain=f"p{i}.test"
        )
        joined = now - dt.timedelta(days=200 + i * 4)
        Partner.objects.filter(pk=partner.pk).update(created_at=joined)
        PartnerTypeAssignment.objects.create(partner=partner, partner_type=kind)
        PartnerRegion.objects.create(partner=partner, region="emea")
        fast = rng.random() < (0.85 if kind == "system_integrator" else 0.15)
        closed = joined + dt.timedelta(days=60 if fast else 400)
        if closed < now:
            DealRegistration.objects.create(
                partner=partner,
                program=world.program,
                customer=world.customer_vendor,
                customer_name="Initech Inc.",
                customer_country="US",
                amount=Decimal(50000),
                currency="USD",
                expected_close=closed.date(),
                deal_type="new",
                status="won",
                closed_at=closed,
            )


def test_a_model_that_ranks_new_partners_well_is_trusted_and_used_in_scores(
    world: World,
) -> None:
    history(world)
    IdealProfile.objects.update_or_create(pk=1, defaults={"regions": ["emea"], "model_share": 50})
    run = fit_model_train(actor=SYSTEM)
    assert run.trusted and run.auc is not None and run.auc > 0.75
    assert run.tested_on == 40 and run.trained_on == 120
    assert run.coefficients["type:system_integrator"] > run.coefficients["type:referral"]
    assert "newer partners" in run.explanation
    assert DomainEvent.objects.filter(verb="fit_model.trained").exists()
    scores = {}
    for kind in ("system_integrator", "referral"):
        site = kind.replace("_", "-")
        body = {
            "company": {
                "name": f"New {kind}",
                "website": f"https://{site}.example",
                "country": "FR",
            },
            "contact": {"name": "C", "email": f"c@{site}.example"},
            "partner_types": [kind],
        }
        out = Client().post("/api/v1/applications", body, content_type="application/json")
        scores[kind] = out.json()["fit_score"]
        stored = Application.objects.get(pk=out.json()["id"])
        assert stored.fit_model_id == run.pk
        assert any(f["code"] == "model" for f in stored.fit_factors)
    assert scores["system_integrator"] > scores["referral"] + 20


def test_too_few_partners_to_judge_means_no_model_in_the_scores(world: World) -> None:
    history(world, n=40)
    run = fit_model_train(actor=SYSTEM)
    assert not run.trusted and run.reason == "too_few" and "30" in run.explanation
    IdealProfile.objects.update_or_create(pk=1, defaults={"regions": ["emea"]})
    body = {
        "company": {"name": "Lone", "website": "https://lone.example", "country": "FR"},
        "contact": {"name": "C", "email": "c@lone.example"},
        "partner_types": ["msp"],
    }
    out = Client().post("/api/v1/applications", body, content_type="application/json").json()
    assert out["fit_score"] == 100  # the profile alone: EMEA, its only target
    assert Application.objects.get(pk=out["id"]).fit_model_id is None


def test_the_weekly_job_trains_once_however_often_it_runs(world: World) -> None:
    history(world, n=40)
    assert fit_model_sweep()["trained"] is True
    assert fit_model_sweep() == {"trained": False}
    assert FitModelRun.objects.count() == 1


def test_the_profile_page_shows_what_the_model_learned_and_trains_on_demand(
    world: World,
) -> None:
    history(world)
    admin = login(Client(), world.admin)
    assert admin.post("/console/settings/ideal-partner-profile/train/").status_code == 302
    page = admin.get("/console/settings/ideal-partner-profile/").content.decode()
    assert "Partner type: System integrator" in page and "newer partners" in page
    cm = login(Client(), world.cm)  # channel managers review, they do not configure
    assert cm.post("/console/settings/ideal-partner-profile/train/").status_code == 302
    assert FitModelRun.objects.count() == 1
