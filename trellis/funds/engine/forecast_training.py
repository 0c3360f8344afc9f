"""Learning the pipeline forecast from past activities (scikit-learn ridge regression on the
log of the pipeline each brought). The newest quarter of activities is held out: the model is
judged on them (median error in percent, and how often the truth fell inside the interval)
and used only when it clearly beats the plain median of past activities there."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .forecast import Activity, Model, features

MIN_TRAIN, MIN_TEST = 30, 10
LOW, HIGH = 0.1, 0.9  # an 80 % interval
# Trusted only when it beats the plain median by a tenth at least: a model that learned noise
# sometimes edges past the median by chance.
MARGIN = 0.9


@dataclass(frozen=True)
class Training:
    model: Model | None
    n_train: int
    n_test: int
    median_error_pct: float | None  # held-out median |forecast - actual| / actual, in percent
    baseline_error_pct: float | None  # the same for "the median of past activities"
    coverage_pct: float | None  # held-out actuals inside the interval
    reason: str  # "trained", "too_few", "no_better"


def _median_error(guess: np.ndarray, actual: np.ndarray) -> float:
    truth = np.expm1(actual)
    return float(np.median(np.abs(np.expm1(guess) - truth) / np.maximum(truth, 1.0)) * 100)


def train(history: list[tuple[Activity, float]]) -> Training:
    """``history``: past activities, oldest first, each with the pipeline it brought (USD)."""
    n_test = max(len(history) // 4, 0)
    n_train = len(history) - n_test
    if n_train < MIN_TRAIN or n_test < MIN_TEST:
        return Training(None, n_train, n_test, None, None, None, "too_few")
    from sklearn.linear_model import Ridge

    x = np.array([features(a) for a, _p in history])
    y = np.array([math.log1p(max(p, 0.0)) for _a, p in history])
    regression = Ridge(alpha=1.0).fit(x[:n_train], y[:n_train])
    guess = regression.predict(x[n_train:])
    residuals = y[n_train:] - guess
    low, high = (float(v) for v in np.quantile(residuals, [LOW, HIGH]))
    inside = float(np.mean((residuals >= low) & (residuals <= high)) * 100)
    error = _median_error(guess, y[n_train:])
    baseline = _median_error(np.full(n_test, float(np.median(y[:n_train]))), y[n_train:])
    model = Model(
        coefficients=tuple(float(c) for c in regression.coef_),
        intercept=float(regression.intercept_),
        low_residual=low,
        high_residual=high,
        coverage=round(inside),
    )
    trusted = error <= baseline * MARGIN
    return Training(
        model if trusted else None,
        n_train,
        n_test,
        round(error, 1),
        round(baseline, 1),
        round(inside, 1),
        "trained" if trusted else "no_better",
    )
