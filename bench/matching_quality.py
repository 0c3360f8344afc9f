"""Matching quality: precision and recall per variant kind, against a plain rapidfuzz baseline.

    uv run python -m bench.matching_quality [--reference 20000] [--per-kind 400] [--negatives 1500]

A query counts as matched when the best candidate scores at least the
engine's SAME_COMPANY threshold (baseline: WRatio >= 90 on the raw names, the
usual rapidfuzz recipe). Precision = correct matches / all matches made;
recall = correct matches / queries that have a true match.
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict

from rapidfuzz import fuzz, process, utils

from bench.matching_data import KINDS, benchmark
from trellis.customers.engine.matching import REVIEW, SAME_COMPANY, CompanyRecord, build_index


def _report(
    title: str, predictions: dict[str, tuple[str, float]], queries: list, threshold: float
) -> None:  # type: ignore[type-arg]
    per_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # correct, predicted, positives
    for q in queries:
        best, score = predictions[q.id]
        stats = per_kind[q.kind]
        if q.truth:
            stats[2] += 1
        if best and score >= threshold:
            stats[1] += 1
            stats[0] += best == q.truth
    print(f"\n{title}")
    print(f"{'kind':<18} {'queries':>8} {'precision':>10} {'recall':>8}")
    total = [0, 0, 0]
    for kind in (*KINDS, "hard_negative"):
        correct, predicted, positives = per_kind[kind]
        total = [total[0] + correct, total[1] + predicted, total[2] + positives]
        n = sum(1 for q in queries if q.kind == kind)
        precision = correct / predicted if predicted else 1.0
        recall = f"{correct / positives:8.3f}" if positives else f"{'-':>8}"
        note = f"  ({predicted} false matches)" if kind == "hard_negative" else ""
        print(f"{kind:<18} {n:>8} {precision:>10.3f} {recall}{note}")
    print(
        f"{'all':<18} {len(queries):>8} {total[0] / max(1, total[1]):>10.3f} "
        f"{total[0] / max(1, total[2]):8.3f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reference", type=int, default=20_000)
    parser.add_argument("--per-kind", type=int, default=400)
    parser.add_argument("--negatives", type=int, default=1_500)
    args = parser.parse_args()
    reference, queries = benchmark(args.reference, args.per_kind, args.negatives)
    print(
        f"{len(reference)} reference companies, {len(queries)} queries ({args.per_kind} per kind, "
        f"{args.negatives} hard negatives)"
    )

    started = time.perf_counter()
    index = build_index(CompanyRecord(c.id, c.name, c.domain, c.country) for c in reference)
    built = time.perf_counter() - started
    started = time.perf_counter()
    engine: dict[str, tuple[str, float]] = {}
    review = 0
    for q in queries:
        found = index.match(
            CompanyRecord(q.id, q.name, q.domain, q.country), limit=1, min_score=0.0
        )
        engine[q.id] = (found[0].id, found[0].score) if found else ("", 0.0)
        review += bool(found) and REVIEW <= found[0].score < SAME_COMPANY
    took = time.perf_counter() - started
    _report(
        f"Trellis matcher (score >= {SAME_COMPANY}; index {built:.1f} s, "
        f"{took / len(queries) * 1e3:.2f} ms/query; "
        f"{review} queries in the review band {REVIEW}-{SAME_COMPANY})",
        engine,
        queries,
        SAME_COMPANY,
    )

    started = time.perf_counter()
    choices = [c.name for c in reference]
    baseline: dict[str, tuple[str, float]] = {}
    for q in queries:
        hit = process.extractOne(
            q.name, choices, scorer=fuzz.WRatio, processor=utils.default_process
        )
        baseline[q.id] = (reference[hit[2]].id, hit[1] / 100) if hit else ("", 0.0)
    took = time.perf_counter() - started
    _report(
        f"Baseline: rapidfuzz WRatio >= 90 on names ({took / len(queries) * 1e3:.2f} ms/query)",
        baseline,
        queries,
        0.9,
    )


if __name__ == "__main__":
    main()
