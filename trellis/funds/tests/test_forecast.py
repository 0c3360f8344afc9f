"""The pipeline forecast: it learns only with enough past activities, is used only when it
beats the plain median on the newest ones it did not learn from, gives an interval, and a new
request carries its forecast for the approver, with the model's measured error."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
from django.test import Client

from tests.fixtures import World, login
from trellis.funds.engine.forecast import Activity
from trellis.funds.engine.forecast_training import train
from trellis.funds.models import ForecastRun
from trellis.funds.services import forecast_train, request_submit

from .conftest import ask, marketer


def history(n: int, noise: float = 0.3, seed: int = 7) -> list[tuple[Activity, float]]:
    """Activities whose pipeline follows their kind and the partner's estimate, with noise (a
    unit test of the learner, not a measure of it on real outcomes)."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        kind = rng.choice(["event", "webinar", "trade_show"])
        cost = rng.uniform(2000, 30000)
        estimate = cost * rng.uniform(2, 12)
        pipeline = estimate * {"event": 1.2, "webinar": 0.8, "trade_show": 1.0}[kind]
        out.append((Activity(kind, cost, 30, estimate), pipeline * rng.lognormvariate(0, noise)))
    return out


def test_with_too_few_activities_there_is_no_model() -> None:
    training = train(history(20))
    assert training.model is None and training.reason == "too_few"


def test_a_model_that_learns_beats_the_median_and_its_interval_holds() -> None:
    training = train(history(200))
    assert training.model is not None and training.reason == "trained"
    assert training.median_error_pct is not None and training.baseline_error_pct is not None
    assert training.median_error_pct < training.baseline_error_pct / 2
    assert 60 <= (training.coverage_pct or 0) <= 95
    guess = training.model.forecast(Activity("event", 10000, 30, 80000))
    assert guess.low < guess.pipeline < guess.high
    assert 60000 < guess.pipeline < 160000


@pytest.mark.parametrize("seed", range(5))
def test_noise_alone_teaches_nothing_worth_using(seed: int) -> None:
    rng = random.Random(seed)
    kinds = ["event", "webinar", "trade_show"]
    pure_noise = [
        (
            Activity(
                rng.choice(kinds),
                rng.uniform(2000, 30000),
                rng.randint(5, 50),
                rng.uniform(10000, 200000),
            ),
            rng.lognormvariate(10, 1),
        )
        for _ in range(200)
    ]
    training = train(pure_noise)
    assert training.reason == "no_better" and training.model is None


@pytest.mark.django_db
def test_a_new_request_carries_the_forecast_and_the_approver_sees_why(funds_world: World) -> None:
    run = forecast_train(history=[])
    assert run.reason == "too_few" and run.model is None
    page = login(Client(), funds_world.admin)
    made = request_submit(
        actor=funds_world.actor(marketer(funds_world)), partner=funds_world.partner_a, data=ask()
    )
    assert made.forecast_pipeline is None
    assert "No forecast yet" in page.get(f"/console/mdf/{made.pk}/").content.decode()
    training = train(history(200))
    assert training.model is not None
    m = training.model
    ForecastRun.objects.create(
        n_train=training.n_train,
        n_test=training.n_test,
        median_error_pct=training.median_error_pct,
        baseline_error_pct=training.baseline_error_pct,
        coverage_pct=training.coverage_pct,
        reason="trained",
        model={
            "coefficients": list(m.coefficients),
            "intercept": m.intercept,
            "low": m.low_residual,
            "high": m.high_residual,
            "coverage": m.coverage,
        },
    )
    made = request_submit(
        actor=funds_world.actor(marketer(funds_world)),
        partner=funds_world.partner_a,
        data=ask(activity_type="event", expected_pipeline=Decimal("30000")),
    )
    assert made.forecast_pipeline is not None and made.forecast_low is not None
    assert made.forecast_low < made.forecast_pipeline < (made.forecast_high or 0)
    shown = page.get(f"/console/mdf/{made.pk}/").content.decode()
    assert "Learned from 150 past activities" in shown and "80% interval" in shown
