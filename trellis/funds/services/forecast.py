"""The pipeline forecast: learned weekly from the activities that took place at least 90 days
ago (their pipeline has had time to show), and given to each new request so the approver sees
what similar activities brought, as an interval, with the model's measured error."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from trellis.core import events
from trellis.core.actor import SYSTEM, Actor
from trellis.core.rates import NoRate, convert

from ..engine import forecast_training
from ..engine.forecast import Activity, Forecast, Model
from ..models import ForecastRun

MATURE_AFTER = dt.timedelta(days=90)
RETRAIN_EVERY = dt.timedelta(days=7)


def _usd(amount: Decimal, currency: str, day: dt.date | None = None) -> float:
    try:
        return float(convert(amount, currency, "USD", on=day).amount)
    except NoRate:
        return 0.0


def activity_of(
    kind: str, cost: Decimal, expected_leads: int, expected_pipeline: Decimal, currency: str
) -> Activity:
    return Activity(kind, _usd(cost, currency), expected_leads, _usd(expected_pipeline, currency))


def forecast_train(*, actor: Actor = SYSTEM, history: list[Any] | None = None) -> ForecastRun:
    """Learn the forecast from past activities (``history``: activity results, as
    ``selectors.activity_results`` gives them) and keep the run, trusted or not."""
    cutoff = timezone.localdate() - MATURE_AFTER
    mature = sorted(
        (h for h in history or [] if h.request.ends <= cutoff),
        key=lambda h: (h.request.starts, h.request.pk),
    )
    training = forecast_training.train(
        [
            (
                activity_of(
                    h.request.activity_type,
                    h.request.cost,
                    h.request.expected_leads,
                    h.request.expected_pipeline,
                    h.request.currency,
                ),
                float(h.usd.pipeline),
            )
            for h in mature
        ]
    )
    model = training.model
    with transaction.atomic():
        run = ForecastRun.objects.create(
            n_train=training.n_train,
            n_test=training.n_test,
            median_error_pct=training.median_error_pct,
            baseline_error_pct=training.baseline_error_pct,
            coverage_pct=training.coverage_pct,
            reason=training.reason,
            model=None
            if model is None
            else {
                "coefficients": list(model.coefficients),
                "intercept": model.intercept,
                "low": model.low_residual,
                "high": model.high_residual,
                "coverage": model.coverage,
            },
        )
        events.record(
            actor,
            "forecast.trained",
            run,
            after={
                "reason": run.reason,
                "n_train": run.n_train,
                "median_error_pct": run.median_error_pct,
            },
        )
    return run


def latest_forecast_run() -> ForecastRun | None:
    return ForecastRun.objects.first()


def forecast_due() -> bool:
    last = latest_forecast_run()
    return last is None or timezone.now() - last.trained_at >= RETRAIN_EVERY


def forecast_for(
    kind: str, cost: Decimal, expected_leads: int, expected_pipeline: Decimal, currency: str
) -> tuple[Forecast, ForecastRun] | None:
    """The likely pipeline of an activity, in US dollars, from the latest trusted run."""
    run = ForecastRun.objects.filter(model__isnull=False).first()
    if run is None or run.model is None:
        return None
    m = run.model
    model = Model(tuple(m["coefficients"]), m["intercept"], m["low"], m["high"], m["coverage"])
    activity = activity_of(kind, cost, expected_leads, expected_pipeline, currency)
    return model.forecast(activity), run


def in_currency(value: float, currency: str) -> Decimal | None:
    """A forecast in US dollars, in the request's currency (None without a rate)."""
    try:
        return convert(Decimal(str(round(value, 2))), "USD", currency).amount.quantize(
            Decimal("0.01")
        )
    except NoRate:
        return None
