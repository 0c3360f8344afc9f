"""The tier engine: which tier each partner's figures earn, what it still lacks for the next
one, and what to do about the tier it holds (upgrade at once, warn and wait out a grace period
before a downgrade, or hold a manual override).

Plain data in, plain data out; the whole program is judged in one numpy pass, so ten thousand
partners take milliseconds here and the time goes to reading their figures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class TierRule:
    tier_id: int
    rank: int
    name: str
    thresholds: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Gap:
    metric: str
    have: float
    need: float

    @property
    def short(self) -> float:
        return max(0.0, self.need - self.have)


def qualified(figures: np.ndarray, metrics: Sequence[str], rules: Sequence[TierRule]) -> np.ndarray:
    """For each partner (a row of ``figures``, one column per metric), the index in ``rules``
    (ordered by rank) of the highest tier whose every threshold it meets. The entry tier is the
    floor: a partner never qualifies for less."""
    column = {m: i for i, m in enumerate(metrics)}
    best = np.zeros(figures.shape[0], dtype=np.int64)
    for k, rule in enumerate(rules):
        if k == 0:
            continue
        meets = np.ones(figures.shape[0], dtype=bool)
        for metric, threshold in rule.thresholds.items():
            meets &= figures[:, column[metric]] >= threshold
        best[meets] = k
    return best


def gaps(have: Mapping[str, float], rule: TierRule) -> list[Gap]:
    """What ``rule``'s tier asks that the figures do not reach yet, in the tier's order."""
    return [
        Gap(metric, float(have.get(metric, 0.0)), float(need))
        for metric, need in rule.thresholds.items()
        if float(have.get(metric, 0.0)) < float(need)
    ]


# What to do about one partner's tier.
KEEP = "keep"  # qualifies for the tier it holds
UPGRADE = "upgrade"  # qualifies higher: move up now
WARN = "warn"  # qualifies lower: warn, start the grace period
PENDING = "pending"  # still within the grace period
DOWNGRADE = "downgrade"  # grace period over: move down
RECOVERED = "recovered"  # qualified again before the grace period ended
HELD = "held"  # a manual override holds the tier


@dataclass(frozen=True)
class Decision:
    action: str
    to_rank_index: int  # the tier (index in the rules) the partner holds after this run
    due_at: dt.datetime | None = None  # when a pending downgrade takes effect


def decide(
    *,
    holds: int,
    earns: int,
    due_at: dt.datetime | None,
    overridden: bool,
    now: dt.datetime,
    grace: dt.timedelta,
) -> Decision:
    """One partner: ``holds`` and ``earns`` are indexes into the rules; ``due_at`` is the end of
    a grace period already running."""
    if overridden:
        return Decision(HELD, holds)
    if earns > holds:
        return Decision(UPGRADE, earns)
    if earns == holds:
        return Decision(RECOVERED if due_at is not None else KEEP, holds)
    if due_at is None:
        return Decision(WARN, holds, now + grace)
    if now >= due_at:
        return Decision(DOWNGRADE, earns)
    return Decision(PENDING, holds, due_at)


def what_if(
    figures: np.ndarray,
    metrics: Sequence[str],
    rules: Sequence[TierRule],
    tier_id: int,
    metric: str,
    threshold: float | None,
) -> tuple[np.ndarray, np.ndarray]:
    """If ``tier_id`` asked ``threshold`` of ``metric`` (None: no longer asked), which tier would
    each partner earn? Returns the earned index before and after the change."""
    changed = [
        TierRule(
            r.tier_id,
            r.rank,
            r.name,
            {k: v for k, v in r.thresholds.items() if k != metric}
            | ({metric: threshold} if threshold is not None else {}),
        )
        if r.tier_id == tier_id
        else r
        for r in rules
    ]
    return qualified(figures, metrics, rules), qualified(figures, metrics, changed)
