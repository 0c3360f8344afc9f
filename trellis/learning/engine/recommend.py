"""What a partner's person should learn next, and why: courses that close the gap to the
company's next tier, cover product families in its open deals and leads, renew a
certification about to expire, complete a required path, or that people at similar partners
completed. Each reason carries its weight, so the ranking explains itself. Plain Python.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

# How much each kind of reason weighs. A renewal keeps something the company already counts
# on; a tier gap and a required path are the program's own asks; open business is next; what
# peers did is a hint.
WEIGHTS = {
    "renewal": 5.0,
    "required": 4.0,
    "tier_gap": 3.5,
    "open_business": 2.5,
    "path_next": 2.0,
    "peers": 1.0,
}


@dataclass(frozen=True)
class CourseFacts:
    id: int
    title: str
    family_id: int | None = None
    family: str = ""
    certifies: tuple[str, ...] = ()  # certifications this course is the exam or last step of
    paths: tuple[int, ...] = ()  # paths that include it
    required: bool = False  # part of a path required during onboarding


@dataclass(frozen=True)
class LearnerFacts:
    done: frozenset[int]  # courses completed
    taking: frozenset[int]  # courses under way (shown as "continue", not recommended)
    expiring: Mapping[str, int] = field(default_factory=dict)  # certification -> days left
    renews: Mapping[str, tuple[int, ...]] = field(default_factory=dict)  # certification -> courses
    open_business: Mapping[int, int] = field(default_factory=dict)  # family id -> open deals+leads
    tier_gap: tuple[str, int] | None = None  # (next tier, certified people still missing)
    path_next: Mapping[int, str] = field(default_factory=dict)  # course id -> path it continues
    peers: Mapping[int, int] = field(default_factory=dict)  # course id -> completions at peers


@dataclass(frozen=True)
class Reason:
    kind: str
    weight: float
    words: dict[str, object]  # the figures the sentence is made of (translated when shown)


@dataclass(frozen=True)
class Recommendation:
    course_id: int
    title: str
    score: float
    reasons: tuple[Reason, ...]


def recommend(
    courses: Sequence[CourseFacts], learner: LearnerFacts, *, limit: int = 5
) -> list[Recommendation]:
    out = []
    peak = max(learner.peers.values(), default=0)
    for course in courses:
        if course.id in learner.taking:
            continue
        reasons = []
        for certification, days in learner.expiring.items():
            if course.id in learner.renews.get(certification, ()):
                reasons.append(
                    Reason(
                        "renewal",
                        WEIGHTS["renewal"],
                        {"certification": certification, "days": days},
                    )
                )
        if course.id in learner.done and not reasons:
            continue  # done, and nothing to renew with it
        if course.required:
            reasons.append(Reason("required", WEIGHTS["required"], {}))
        if learner.tier_gap and course.certifies:
            tier, missing = learner.tier_gap
            reasons.append(
                Reason(
                    "tier_gap",
                    WEIGHTS["tier_gap"],
                    {"tier": tier, "missing": missing, "certification": course.certifies[0]},
                )
            )
        business = learner.open_business.get(course.family_id or -1, 0)
        if business:
            # More open business, more weight, with diminishing returns past a handful.
            weight = WEIGHTS["open_business"] * min(1.0, 0.5 + business / 10)
            reasons.append(
                Reason("open_business", weight, {"count": business, "family": course.family})
            )
        if course.id in learner.path_next:
            reasons.append(
                Reason("path_next", WEIGHTS["path_next"], {"path": learner.path_next[course.id]})
            )
        completions = learner.peers.get(course.id, 0)
        if completions and peak:
            weight = WEIGHTS["peers"] * completions / peak
            reasons.append(Reason("peers", weight, {"count": completions}))
        if reasons:
            reasons.sort(key=lambda r: -r.weight)
            score = round(sum(r.weight for r in reasons), 3)
            out.append(Recommendation(course.id, course.title, score, tuple(reasons)))
    out.sort(key=lambda r: (-r.score, r.title))
    return out[:limit]
