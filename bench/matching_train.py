"""Fit the company matcher's weights: a logistic regression over each candidate pair's features.

    uv run python -m bench.matching_train      # writes trellis/customers/engine/weights.json
    uv run python -m bench.matching_real       # then measure the new weights, held out

Labelled pairs come from two sources: the fitting share of the real-name set
(bench/realnames/: every candidate the index proposes for a query, labelled 1 when it is the
query's company or its corporate parent) and the synthetic generator (bench/matching_data.py,
another seed than its quality suite), which alone has domains, countries and cities.
Queries are split by the company they name (``for_fitting`` in bench/matching_real.py), so no
company's aliases are on both sides; the rest of the real set is held out for the figures.

Prints the held-out calibration (Brier score and a reliability table over candidate pairs)
and the fitted weights, largest first.
"""

from __future__ import annotations

import itertools
import json
import math
import os
import random
from collections.abc import Iterable

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss, roc_auc_score

from bench.matching_data import benchmark
from bench.matching_real import for_fitting, load
from trellis.customers.engine.matching import CompanyIndex, CompanyRecord, build_index
from trellis.customers.engine.pairs import FEATURES
from trellis.customers.engine.scoring import WEIGHTS_FILE

# Regularisation: held-out Brier scores differ in the fifth decimal from C = 0.3 to 3 (0.0015);
# at C = 0.3 the weights of initials and typos shrink and both real-name and synthetic recall
# fall. Fitted exactly (Newton's method to 1e-10): the default quasi-Newton solver stopped
# short on these unscaled features, and small changes to the data moved its weights by half.
C = 1.0
SYNTHETIC_SEED = 7
REAL_WEIGHT = float(os.environ.get("REAL_WEIGHT", "2"))


def pairs(
    index: CompanyIndex, queries: Iterable[tuple[CompanyRecord, str]]
) -> tuple[list[list[float]], list[int]]:
    """Features and labels of every candidate pair the index proposes for each query."""
    rows, labels = [], []
    for query, truth in queries:
        for i, pair, _ in index.compared(query):
            rows.append([pair.values[f] for f in FEATURES])
            labels.append(int(bool(truth) and index.ids[i] == truth))
    return rows, labels


def real_pairs(fitting: bool) -> tuple[list[list[float]], list[int]]:
    reference, queries = load()
    index = build_index(CompanyRecord(r["id"], r["name"]) for r in reference)
    chosen = [q for q in queries if for_fitting(q) == fitting]
    return pairs(index, ((CompanyRecord(q["id"], q["name"]), q["truth"]) for q in chosen))


def synthetic_pairs() -> tuple[list[list[float]], list[int]]:
    reference, queries = benchmark(20_000, 150, 1_000, seed=SYNTHETIC_SEED)
    index = build_index(CompanyRecord(c.id, c.name, c.domain, c.country) for c in reference)
    # Half the queries without a country, as many registrations come: what a same or a
    # different country is worth is then measured against not knowing it.
    rng = random.Random(SYNTHETIC_SEED)
    return pairs(
        index,
        (
            (
                CompanyRecord(q.id, q.name, q.domain, q.country if rng.random() < 0.5 else ""),
                q.truth,
            )
            for q in queries
        ),
    )


def reliability(labels: np.ndarray, probability: np.ndarray) -> None:
    print(f"\n{'predicted':>12} {'pairs':>8} {'mean predicted':>15} {'share true':>11}")
    edges = [0.0, 0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.9, 0.95, 1.0001]
    for low, high in itertools.pairwise(edges):
        inside = (probability >= low) & (probability < high)
        if inside.any():
            print(
                f"{low:>5.2f}–{min(high, 1):<5.2f} {int(inside.sum()):>8} "
                f"{probability[inside].mean():>15.3f} {labels[inside].mean():>11.3f}"
            )


def main() -> None:
    real_x, real_y = real_pairs(fitting=True)
    synthetic_x, synthetic_y = synthetic_pairs()
    x = np.array(real_x + synthetic_x)
    y = np.array(real_y + synthetic_y)
    print(
        f"fitting on {len(x):,} candidate pairs: {len(real_x):,} from the real-name fitting "
        f"share ({sum(real_y):,} true), {len(synthetic_x):,} synthetic ({sum(synthetic_y):,} true)"
    )
    # Real pairs count more: they are what the engine meets; synthetic pairs teach what only
    # they carry (domains, countries), and their coined names one letter apart from each other
    # would otherwise teach that a typo is rarely the same company.
    weights = np.array([REAL_WEIGHT] * len(real_x) + [1.0] * len(synthetic_x))
    model = LogisticRegression(C=C, solver="newton-cholesky", max_iter=1_000, tol=1e-10)
    model.fit(x, y, sample_weight=weights)

    held_x, held_y = real_pairs(fitting=False)
    hx, hy = np.array(held_x), np.array(held_y)
    probability = model.predict_proba(hx)[:, 1]
    brier = brier_score_loss(hy, probability)
    base = brier_score_loss(hy, np.full(len(hy), hy.mean()))
    auc = roc_auc_score(hy, probability)
    print(
        f"held out: {len(hx):,} candidate pairs ({int(hy.sum()):,} true); Brier score "
        f"{brier:.4f} (always guessing the base rate: {base:.4f}); ROC AUC {auc:.4f}"
    )
    reliability(hy, probability)

    learned = dict(zip(FEATURES, (round(float(w), 4) for w in model.coef_[0]), strict=True))
    intercept = round(float(model.intercept_[0]), 4)
    print(f"\nintercept {intercept:+.3f}")
    for name, weight in sorted(learned.items(), key=lambda kv: -abs(kv[1])):
        print(f"{name:<20} {weight:+8.3f}")
    WEIGHTS_FILE.write_text(
        json.dumps(
            {
                "fitted_by": "uv run python -m bench.matching_train",
                "pairs": len(x),
                "held_out_brier": round(float(brier), 4),
                "held_out_auc": round(float(auc), 4),
                "intercept": intercept,
                "weights": learned,
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"\nwrote {WEIGHTS_FILE} (odds at a 0.5 probability: {math.exp(0):.0f} to 1)")


if __name__ == "__main__":
    main()
