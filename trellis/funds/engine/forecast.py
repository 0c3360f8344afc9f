"""The pipeline an activity will likely bring, learned from past activities: a linear model on
the log of the pipeline (an activity's outcome spans orders of magnitude), with an interval
taken from the errors it made on activities it did not learn from. Plain numpy: the model's
numbers are data, learned in ``forecast_training``."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

KINDS = (
    "event",
    "webinar",
    "digital_campaign",
    "content_syndication",
    "trade_show",
    "email_campaign",
)
FEATURES = (
    *(f"kind:{k}" for k in KINDS),
    "log_cost",
    "log_expected_leads",
    "log_expected_pipeline",
)


@dataclass(frozen=True)
class Activity:
    kind: str
    cost: float  # US dollars
    expected_leads: int
    expected_pipeline: float  # US dollars, the partner's own estimate


def features(activity: Activity) -> np.ndarray:
    kinds = [1.0 if activity.kind == k else 0.0 for k in KINDS]
    return np.array(
        [
            *kinds,
            math.log1p(max(activity.cost, 0.0)),
            math.log1p(max(activity.expected_leads, 0)),
            math.log1p(max(activity.expected_pipeline, 0.0)),
        ]
    )


@dataclass(frozen=True)
class Forecast:
    pipeline: float  # US dollars
    low: float
    high: float
    coverage: int  # the interval's share of held-out activities, in percent


@dataclass(frozen=True)
class Model:
    coefficients: tuple[float, ...]
    intercept: float
    low_residual: float  # held-out residual quantiles (log scale) that bound the interval
    high_residual: float
    coverage: int

    def forecast(self, activity: Activity) -> Forecast:
        guess = float(np.dot(np.array(self.coefficients), features(activity)) + self.intercept)
        return Forecast(
            pipeline=max(math.expm1(guess), 0.0),
            low=max(math.expm1(guess + self.low_residual), 0.0),
            high=max(math.expm1(guess + self.high_residual), 0.0),
            coverage=self.coverage,
        )
