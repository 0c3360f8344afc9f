"""`trellis accounts match` at 50,000 references and 5,500 name-only queries, beside a brute-force
rapidfuzz pass over the same names.

    uv run python -m bench.accounts_match_speed

The references are the real-name set's 20,000 names (bench/realnames) and 30,000 more filler
companies composed the same way; the queries are the set's 3,421 queries and 2,079 one-edit
typos of filler names, names only. The command runs as a user runs it (its own process,
reading and writing CSV files); the baseline is rapidfuzz `extractOne` with
`token_sort_ratio` over every reference name for each query, in this process.
"""

from __future__ import annotations

import csv
import random
import subprocess
import tempfile
import time
from pathlib import Path

from rapidfuzz import fuzz, process, utils

from bench.realnames.build import filler, name_key, typo

HERE = Path(__file__).resolve().parent / "realnames"
REFERENCES = 50_000
QUERIES = 5_500


def _data(rng: random.Random) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    with (HERE / "reference.csv").open(encoding="utf-8", newline="") as handle:
        reference = [(r["id"], r["name"]) for r in csv.DictReader(handle)]
    with (HERE / "queries.csv").open(encoding="utf-8", newline="") as handle:
        queries = [(r["id"], r["name"]) for r in csv.DictReader(handle)]
    taken = {name_key(name) for _id, name in reference}
    extra: list[str] = []
    while len(reference) + len(extra) < REFERENCES:
        name = filler(rng)
        if name_key(name) not in taken:
            taken.add(name_key(name))
            extra.append(name)
    reference += [(f"X{i:05d}", name) for i, name in enumerate(extra, start=1)]
    for name in rng.sample(extra, len(extra)):
        if len(queries) >= QUERIES:
            break
        if changed := typo(rng, name):
            queries.append((f"T{len(queries):05d}", changed))
    return reference, queries


def _write(path: Path, rows: list[tuple[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name"])
        writer.writerows(rows)


def main() -> None:
    reference, queries = _data(random.Random(50))
    print(f"{len(reference)} reference companies, {len(queries)} name-only queries")
    with tempfile.TemporaryDirectory() as tmp:
        ref, qs, out = Path(tmp) / "ref.csv", Path(tmp) / "q.csv", Path(tmp) / "out.csv"
        _write(ref, reference)
        _write(qs, queries)
        started = time.perf_counter()
        subprocess.run(
            [
                "trellis",
                "accounts",
                "match",
                "--reference",
                str(ref),
                "--queries",
                str(qs),
                "--output",
                str(out),
            ],
            check=True,
        )
        engine = time.perf_counter() - started
        with out.open(encoding="utf-8", newline="") as handle:
            matched = sum(1 for r in csv.DictReader(handle) if r["match_id"])
    names = [name for _id, name in reference]
    started = time.perf_counter()
    for _id, name in queries:
        process.extractOne(
            name, names, scorer=fuzz.token_sort_ratio, processor=utils.default_process
        )
    baseline = time.perf_counter() - started
    print(f"trellis accounts match: {engine:.1f} s in all ({matched} matched)")
    print(f"rapidfuzz token_sort_ratio, brute force: {baseline:.1f} s")
    print(f"ratio: {engine / baseline:.3f} of the brute-force time (target: under 0.25)")


if __name__ == "__main__":
    main()
