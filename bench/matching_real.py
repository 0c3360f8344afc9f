"""Matching quality on real company names: per kind of alias, against rapidfuzz + cleanco.

    uv run python -m bench.realnames.build      # (re)writes the set from the hand-written lists
    uv run python -m bench.matching_real

The set (bench/realnames/) holds 20,000 reference names, real aliases of real companies
(renames, initialisms, other scripts, divisions, regional units, legal forms, articles,
typos) and hard negatives (different companies sharing a word). Queries are names only:
no domain, no country, as a CRM export often is.

A query counts as matched when the best reference scores at least the engine's
SAME_COMPANY threshold (baseline: WRatio >= 92 on cleanco base names). A match is correct
when it is the query's company or, for a unit or subsidiary, its parent (a family match
counts, as `trellis accounts match` reports it). Precision = correct matches / matches
made; recall = correct matches / queries that have a true match.
"""

from __future__ import annotations

import argparse
import csv
import random
import time
import zlib
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from cleanco import basename
from rapidfuzz import fuzz, process, utils

from trellis.customers.engine.matching import REVIEW, SAME_COMPANY, CompanyRecord, build_index

HERE = Path(__file__).resolve().parent / "realnames"
BASELINE_THRESHOLD = 92


# The share of the set's companies whose queries fit the weights (bench/matching_train.py);
# the figures are measured on the rest.
FIT_PERCENT = 40


def for_fitting(query: dict[str, str]) -> bool:
    """Whether a query is in the fitting share: all aliases of a company fall on one side."""
    key = query["truth"] or query["name"]
    return zlib.crc32(key.encode("utf-8")) % 100 < FIT_PERCENT


def load() -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    with (HERE / "reference.csv").open(encoding="utf-8", newline="") as handle:
        reference = list(csv.DictReader(handle))
    with (HERE / "queries.csv").open(encoding="utf-8", newline="") as handle:
        queries = list(csv.DictReader(handle))
    return reference, queries


def report(
    title: str,
    predicted: dict[str, tuple[str, float]],
    queries: list[dict[str, str]],
    threshold: float,
) -> dict[str, float]:
    """Print precision, recall and F1 per kind and overall; return the overall figures."""
    stats: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # n, made, correct, positives
    for q in queries:
        best, score = predicted[q["id"]]
        s = stats[q["kind"]]
        s[0] += 1
        s[3] += bool(q["truth"])
        if best and score >= threshold:
            s[1] += 1
            s[2] += best == q["truth"]
    print(f"\n{title}")
    print(f"{'kind':<24} {'queries':>7} {'precision':>9} {'recall':>7} {'F1':>6}  false matches")
    total = [0, 0, 0, 0]
    for kind in sorted(stats, key=lambda k: (not stats[k][3], k)):
        n, made, correct, positives = stats[kind]
        total = [a + b for a, b in zip(total, stats[kind], strict=True)]
        precision = correct / made if made else 1.0
        recall = correct / positives if positives else None
        f1 = 2 * precision * recall / (precision + recall) if recall else None
        print(
            f"{kind:<24} {n:>7} {precision:>9.3f} "
            f"{'' if recall is None else f'{recall:.3f}':>7} {'' if f1 is None else f'{f1:.3f}':>6}"
            f"  {made - correct}"
        )
    n, made, correct, positives = total
    precision, recall = correct / max(1, made), correct / max(1, positives)
    f1 = 2 * precision * recall / max(1e-9, precision + recall)
    print(f"{'all':<24} {n:>7} {precision:>9.3f} {recall:>7.3f} {f1:>6.3f}  {made - correct}")
    return {"precision": precision, "recall": recall, "f1": f1}


def timed(
    run: Callable[[], dict[str, tuple[str, float]]],
) -> tuple[dict[str, tuple[str, float]], float]:
    started = time.perf_counter()
    out = run()
    return out, time.perf_counter() - started


def sweep(
    title: str, predicted: dict[str, tuple[str, float]], queries: list[dict[str, str]]
) -> None:
    """Precision and recall at each threshold: how the thresholds are chosen."""
    positives = sum(bool(q["truth"]) for q in queries)
    print(f"\n{title}\n{'threshold':>9} {'matches':>8} {'precision':>9} {'recall':>7}")
    for threshold in (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9):
        made = [q for q in queries if predicted[q["id"]][0] and predicted[q["id"]][1] >= threshold]
        correct = sum(predicted[q["id"]][0] == q["truth"] for q in made)
        print(
            f"{threshold:>9.2f} {len(made):>8} {correct / max(1, len(made)):>9.3f} "
            f"{correct / max(1, positives):>7.3f}"
        )


def typos_anywhere(
    reference: list[dict[str, str]], queries: list[dict[str, str]]
) -> list[dict[str, str]]:
    """One edit anywhere in one word of four letters or more of each held-out real company's
    name, the first and last letters included (the set's own typos spare both ends)."""
    rng = random.Random(2026)
    known = {q["truth"] for q in queries if q["truth"] and q["relation"] != "family"}
    out: list[dict[str, str]] = []
    for r in reference:
        words = r["name"].split()
        long = [i for i, w in enumerate(words) if len(w) >= 4 and w.isalpha() and w.isascii()]
        if r["id"] not in known or not long:
            continue
        i = rng.choice(long)
        w, j = words[i], rng.randrange(len(words[i]))
        edit = rng.choice(("drop", "double", "change", "swap"))
        if edit == "drop":
            w = w[:j] + w[j + 1 :]
        elif edit == "double":
            w = w[:j] + w[j] + w[j:]
        elif edit == "change":
            w = w[:j] + rng.choice([c for c in "aeioulnrst" if c != w[j].lower()]) + w[j + 1 :]
        else:
            j = min(j, len(w) - 2)
            w = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
        if w.lower() != words[i].lower():
            name = " ".join([*words[:i], w, *words[i + 1 :]])
            out.append({"id": f"T{len(out)}", "name": name, "kind": edit, "truth": r["id"]})
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--share",
        choices=("held-out", "fitting"),
        default="held-out",
        help="measure on the held-out queries (the figures) or on the fitting share (where "
        "thresholds are chosen and errors may be studied)",
    )
    fitting = parser.parse_args().share == "fitting"
    reference, every = load()
    # The figures are for the queries held out from fitting the weights (bench/matching_train).
    queries = [q for q in every if for_fitting(q) == fitting]
    positives = sum(bool(q["truth"]) for q in queries)
    print(
        f"{len(reference)} reference names; {len(every)} queries, of which {len(queries)} "
        f"{'in the fitting share' if fitting else 'held out from fitting'}: {positives} with a "
        f"true company, {len(queries) - positives} hard negatives (names only)"
    )

    same_only: dict[str, tuple[str, float]] = {}

    def engine(chosen: list[dict[str, str]]) -> dict[str, tuple[str, float]]:
        index = build_index(CompanyRecord(r["id"], r["name"], "", "") for r in reference)
        out = {}
        for q in chosen:
            found = index.match(CompanyRecord(q["id"], q["name"], "", ""), limit=1, min_score=0.0)
            best = found[0] if found else None
            if best and best.relation == "family" and best.score >= REVIEW:
                # `trellis accounts match` reports a family match as a match ("family: ...").
                out[q["id"]] = (best.id, SAME_COMPANY)
            else:
                out[q["id"]] = (best.id, best.score) if best else ("", 0.0)
            same = best is not None and best.relation == "same"
            same_only[q["id"]] = (best.id, best.score) if best and same else ("", 0.0)
        return out

    def baseline(chosen: list[dict[str, str]]) -> dict[str, tuple[str, float]]:
        names = [basename(r["name"]) for r in reference]
        out = {}
        for q in chosen:
            hit = process.extractOne(
                basename(q["name"]), names, scorer=fuzz.WRatio, processor=utils.default_process
            )
            out[q["id"]] = (reference[hit[2]]["id"], hit[1]) if hit else ("", 0.0)
        return out

    found, took = timed(lambda: engine(queries))
    report(
        f"Trellis matcher, as `trellis accounts match` writes matches: same company at "
        f">= {SAME_COMPANY} or corporate family at >= {REVIEW} ({took:.1f} s with the index "
        "build)",
        found,
        queries,
        SAME_COMPANY,
    )
    # Same-company matches alone: the queries naming the company itself, against matches the
    # engine calls "same" (a family match is neither counted nor held against it).
    same_queries = [q for q in queries if q["relation"] != "family"]
    report(
        f"Trellis matcher, same-company matches only (relation same, score >= {SAME_COMPANY})",
        same_only,
        same_queries,
        SAME_COMPANY,
    )
    sweep("Same-company matches by threshold", same_only, same_queries)
    # Typos the set's own rule never makes (it spares a word's first and last letters).
    anywhere = typos_anywhere(reference, queries)
    for title, predicted, threshold in (
        ("Trellis matcher", engine(anywhere), SAME_COMPANY),
        (f"Baseline (WRatio >= {BASELINE_THRESHOLD})", baseline(anywhere), BASELINE_THRESHOLD),
    ):
        report(
            f"{title} on one-edit typos anywhere in a word (first and last letters too) of the "
            "held-out companies' names",
            predicted,
            anywhere,
            threshold,
        )
    found, took = timed(lambda: baseline(queries))
    report(
        f"Baseline: cleanco base names, rapidfuzz WRatio >= {BASELINE_THRESHOLD} ({took:.1f} s)",
        found,
        queries,
        BASELINE_THRESHOLD,
    )


if __name__ == "__main__":
    main()
