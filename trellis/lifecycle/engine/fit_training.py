"""Learning the fit model from the vendor's own partners: which profiles reached revenue within
the window after joining.

The newest quarter of partners (by joining date) is held out: the model learns from the older
ones and is judged on partners it never saw, the way it will be used on tomorrow's applicants.
Its ranking quality there (ROC AUC: the chance a partner that reached revenue is ranked above
one that did not) decides whether the product trusts it; the model shipped is the one judged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .fit import Candidate, features

HOLD_OUT = 0.25
MIN_TEST = 30  # fewer held-out partners than this measure nothing
MIN_AUC = 0.6  # below this the model ranks little better than a coin
REGULARISATION = 1.0


@dataclass(frozen=True)
class Outcome:
    """One existing partner: its profile, when it joined, and whether it reached revenue."""

    candidate: Candidate
    joined_at: dt.datetime
    reached: bool


@dataclass(frozen=True)
class Trained:
    coefficients: dict[str, float]
    intercept: float
    trained_on: int
    tested_on: int
    base_rate: float
    auc: float | None
    top_fifth_rate: float | None
    trusted: bool
    why: str  # a code: trusted | too_few | one_class | weak


def _matrix(rows: Sequence[Candidate], names: list[str]) -> np.ndarray:
    index = {n: i for i, n in enumerate(names)}
    x = np.zeros((len(rows), len(names)))
    for r, candidate in enumerate(rows):
        for name, value in features(candidate):
            if name in index:
                x[r, index[name]] = value
    return x


def train(outcomes: Sequence[Outcome]) -> Trained:
    """Fit on the older partners, judge on the newest ones."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score

    ordered = sorted(outcomes, key=lambda o: o.joined_at)
    cut = int(len(ordered) * (1 - HOLD_OUT))
    fit_on, test_on = ordered[:cut], ordered[cut:]
    y_test = np.array([o.reached for o in test_on], dtype=bool)
    base = float(y_test.mean()) if len(test_on) else 0.0
    y_fit = np.array([o.reached for o in fit_on], dtype=bool)
    if len(test_on) < MIN_TEST or len(fit_on) < MIN_TEST:
        return Trained({}, 0.0, len(fit_on), len(test_on), base, None, None, False, "too_few")
    if y_fit.all() or not y_fit.any() or y_test.all() or not y_test.any():
        return Trained({}, 0.0, len(fit_on), len(test_on), base, None, None, False, "one_class")
    names = sorted({n for o in ordered for n, _v in features(o.candidate)})
    model = LogisticRegression(C=REGULARISATION, max_iter=1000)
    model.fit(_matrix([o.candidate for o in fit_on], names), y_fit)
    p = model.predict_proba(_matrix([o.candidate for o in test_on], names))[:, 1]
    auc = float(roc_auc_score(y_test, p))
    top = np.argsort(-p)[: max(1, len(p) // 5)]
    top_rate = float(y_test[top].mean())
    trusted = auc >= MIN_AUC
    return Trained(
        coefficients={n: round(float(c), 6) for n, c in zip(names, model.coef_[0], strict=True)},
        intercept=round(float(model.intercept_[0]), 6),
        trained_on=len(fit_on),
        tested_on=len(test_on),
        base_rate=round(base, 4),
        auc=round(auc, 4),
        top_fifth_rate=round(top_rate, 4),
        trusted=trusted,
        why="trusted" if trusted else "weak",
    )
