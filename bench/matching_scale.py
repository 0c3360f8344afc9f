"""Conflict-check latency at scale: one customer against 1,000,000 known companies.

    uv run python -m bench.matching_scale [--records 1000000] [--queries 3000]

Reports index build time, the memory the index takes, per-query p50/p99
(variants of known companies and hard negatives, as in matching_quality),
and the cost of adding one record (matchable at once, no rebuild). Baseline
in the same run: rapidfuzz's extractOne over all names, on a few queries.
"""

from __future__ import annotations

import argparse
import gc
import resource
import statistics
import time

from rapidfuzz import fuzz, process, utils

from bench.matching_data import KINDS, Generator
from trellis.customers.engine.matching import CompanyRecord, build_index


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 1e6


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=3_000)
    args = parser.parse_args()

    gen = Generator(seed=7)
    started = time.perf_counter()
    reference = [gen.company(i) for i in range(args.records)]
    print(f"generated {len(reference)} companies in {time.perf_counter() - started:.1f} s")
    records = [CompanyRecord(c.id, c.name, c.domain, c.country) for c in reference]
    gc.collect()
    before = _rss_mb()
    started = time.perf_counter()
    index = build_index(records)
    build = time.perf_counter() - started
    gc.collect()
    memory = _rss_mb() - before
    print(f"index build: {build:.1f} s for {len(index)} records; index memory ~{memory:.0f} MB")

    queries: list[CompanyRecord] = []
    while len(queries) < args.queries:
        kind = KINDS[len(queries) % len(KINDS)]
        c = gen.rng.choice(reference)
        if len(queries) % 4 == 3:
            name, domain, country = gen.hard_negative(reference)
        else:
            v = gen.variant(c, kind)
            if v is None:
                continue
            name, domain, country = v[0], v[1], c.country
        queries.append(CompanyRecord(f"q{len(queries)}", name, domain, country))
    for q in queries[:50]:  # warm caches
        index.match(q)
    timings = []
    for q in queries:
        t = time.perf_counter()
        index.match(q)
        timings.append((time.perf_counter() - t) * 1000)
    timings.sort()
    p99 = timings[int(0.99 * (len(timings) - 1))]
    print(
        f"conflict check: p50 {statistics.median(timings):.2f} ms, p99 {p99:.2f} ms, max "
        f"{timings[-1]:.2f} ms "
        f"over {len(timings)} queries"
    )

    adds = []
    for i in range(1000):
        t = time.perf_counter()
        index.add(
            CompanyRecord(f"new{i}", f"Freshly Added Company {i} Ltd", f"fresh{i}.example", "GB")
        )
        adds.append((time.perf_counter() - t) * 1e6)
    found = index.match(CompanyRecord("q", "Freshly Added Company 999", "", "GB"), limit=1)
    assert found and found[0].id == "new999", found
    print(f"incremental add: median {statistics.median(adds):.0f} us per record; matchable at once")

    names = [c.name for c in reference]
    sample = queries[:10]
    t = time.perf_counter()
    for q in sample:
        process.extractOne(q.name, names, scorer=fuzz.WRatio, processor=utils.default_process)
    per = (time.perf_counter() - t) / len(sample) * 1000
    print(
        f"baseline: rapidfuzz extractOne (WRatio) over all {len(names)} names: {per:.0f} "
        f"ms per query"
    )
    from bench.machine import pace_line

    print(pace_line())


if __name__ == "__main__":
    main()
