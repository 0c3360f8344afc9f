"""The matcher's judgement: a logistic regression over a pair's features (pairs.py), fitted on
labelled pairs by ``bench/matching_train.py`` and loaded here from ``weights.json``, so each
weight is learned, not set by hand, and each decision can show what every feature added.
Plain Python; no Django."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

from .pairs import FEATURES

WEIGHTS_FILE = Path(__file__).with_name("weights.json")

# How each feature's contribution reads in a decision's evidence.
FEATURE_WORDS = {
    "names_agree": "names agree",
    "corporate_word": "names agree but for a corporate word",
    "initials": "initials (1 / companies sharing them)",
    "typo": "one typo",
    "leading": "the name is how the other begins",
    "region_unit": "a country or region added",
    "business_unit": "a line of business added",
    "adds_words": "the known name with words added",
    "siblings": "same leading name, other business",
    "letters": "letter similarity",
    "first_word": "same first word",
    "distinctive": "rarity of the shared word",
    "only_holder": "no other company has that word",
    "one_word": "a one-word name",
    "lead": "spelt nearer than any other known company",
    "word_lead": "shares more rare words than any other known company",
    "same_domain": "same domain",
    "different_domain": "different domains",
    "same_country": "same country",
    "different_country": "different countries",
}


@dataclass(frozen=True)
class Model:
    """Log-odds of "the same company (or one corporate family)" = intercept + Σ weight × value."""

    intercept: float
    weights: dict[str, float]

    def logit(self, values: dict[str, float]) -> float:
        return self.intercept + sum(w * values[k] for k, w in self.weights.items() if values[k])

    def probability(self, logit: float) -> float:
        return 1 / (1 + math.exp(-max(-50.0, min(50.0, logit))))

    def contributions(self, values: dict[str, float]) -> list[tuple[str, float]]:
        """Each present feature's share of the log-odds, the largest first."""
        parts = [(k, w * values[k]) for k, w in self.weights.items() if values[k]]
        return sorted(parts, key=lambda part: -abs(part[1]))


def load_model(path: Path = WEIGHTS_FILE) -> Model:
    data = json.loads(path.read_text(encoding="utf-8"))
    weights = {name: float(data["weights"].get(name, 0.0)) for name in FEATURES}
    return Model(float(data["intercept"]), weights)


def explain(model: Model, values: dict[str, float]) -> str:
    """What each present feature added, the largest first: "weighed: names agree +8.0; ...".
    A contribution that rounds to nothing is left out."""
    parts = []
    for name, part in model.contributions(values):
        if abs(part) < 0.05:
            continue
        value = values[name]
        shown = "" if value == 1.0 else f" {value:.2f}"
        parts.append(f"{FEATURE_WORDS[name]}{shown} {part:+.1f}")
    return f"weighed: {'; '.join(parts)} (start {model.intercept:+.1f})"


MODEL = load_model()
