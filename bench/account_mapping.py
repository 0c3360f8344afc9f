"""Account mapping at scale: a million vendor accounts against a million partner accounts.

    uv run python -m bench.account_mapping [--vendor 1000000] [--partner 1000000] [--upload 50000]

Generates company lists the way a CRM export and a partner's upload look: a
share of the partner's accounts are the vendor's too, written differently
(legal forms dropped or changed, case, "www." and paths on domains), some with
the same name in another country (not the same account), the rest unrelated.
Keys are prepared as the product does when a list is stored (normalised name
with country, normalised domain), timed separately. Then:
  - the full overlap (target under 20 s), against a plain-Python dictionary join
    in the same run;
  - one partner's fresh upload of 50,000 accounts against the indexed vendor
    side, keys included (target under 2 s);
  - the overlap's correctness against the generator's truth (precision, recall).
"""

from __future__ import annotations

import argparse
import random
import time

import numpy as np
from rapidfuzz import fuzz, process

from trellis.cosell.engine.mapping import (
    STATUSES,
    AccountTable,
    VendorIndex,
    domain_key,
    name_key,
    overlap,
)

STEMS = [
    "Acme",
    "Globex",
    "Initech",
    "Umbrella",
    "Hooli",
    "Vandelay",
    "Stark",
    "Wayne",
    "Tyrell",
    "Cyberdyne",
    "Soylent",
    "Nakatomi",
    "Oscorp",
    "Wonka",
    "Gringotts",
    "Monarch",
    "Sterling",
    "Apex",
    "Nimbus",
    "Vertex",
]
WORDS = [
    "Logistics",
    "Manufacturing",
    "Insurance",
    "Pharma",
    "Capital",
    "Retail",
    "Energy",
    "Foods",
    "Media",
    "Chemicals",
    "Airlines",
    "Bank",
    "Holdings",
    "Systems",
    "Health",
    "Motors",
]
FORMS = ["GmbH", "AG", "Inc.", "LLC", "Ltd", "S.A.", "S.r.l.", "B.V.", "K.K.", "Corp.", ""]
COUNTRIES = ["DE", "US", "GB", "FR", "JP", "ES", "IT", "NL", "BR", "IN", "AU", "SE", "PL", "CH"]


def _company(i: int, rng: random.Random) -> tuple[str, str, str]:
    """A unique company: (name, domain, country)."""
    stem = f"{rng.choice(STEMS)} {rng.choice(WORDS)} {i}"
    domain = f"{stem.lower().replace(' ', '-')}.example" if rng.random() < 0.6 else ""
    return f"{stem} {rng.choice(FORMS)}".strip(), domain, rng.choice(COUNTRIES)


def _variant(name: str, domain: str, rng: random.Random) -> tuple[str, str]:
    """How a partner writes an account the vendor also has."""
    base = name.rsplit(" ", 1)[0] if name.split()[-1] in FORMS else name
    name = rng.choice([name.upper(), f"{base} {rng.choice(FORMS)}", base, name.lower()])
    if rng.random() < 0.1:  # a typo: exact keys miss it unless the domain carries the match
        k = rng.randrange(1, len(base) - 1)
        name = base[:k] + base[k + 1] + base[k] + base[k + 2 :]
    if domain and rng.random() < 0.7:
        domain = rng.choice([f"https://www.{domain}/", domain.upper(), f"www.{domain}"])
    else:
        domain = ""
    return name, domain


def generate(
    n_vendor: int, n_partner: int, seed: int
) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]], dict[int, int]]:
    rng = random.Random(seed)
    vendor = [_company(i, rng) for i in range(n_vendor)]
    partner: list[tuple[str, str, str]] = []
    truth: dict[int, int] = {}  # partner position -> vendor position
    for j in range(n_partner):
        roll = rng.random()
        if roll < 0.3:  # the vendor's account, written the partner's way
            v = rng.randrange(n_vendor)
            name, domain = _variant(vendor[v][0], vendor[v][1], rng)
            partner.append((name, domain, vendor[v][2]))
            truth[j] = v
        elif roll < 0.35:  # same name, another country: a different company
            v = rng.randrange(n_vendor)
            name, _domain, country = vendor[v]
            partner.append((name, "", rng.choice([c for c in COUNTRIES if c != country])))
        else:
            partner.append(_company(n_vendor + j, rng))
    return vendor, partner, truth


def _table(rows: list[tuple[str, str, str]], rng: random.Random) -> AccountTable:
    return AccountTable(
        ids=np.arange(1, len(rows) + 1, dtype=np.int64),
        domains=[domain_key(d) for _n, d, _c in rows],
        names=[name_key(n, c) for n, _d, c in rows],
        statuses=np.array([rng.randrange(len(STATUSES)) for _ in rows], dtype=np.int8),
    )


def _dictionary_join(vendor: AccountTable, partner: AccountTable) -> int:
    """The baseline: two Python dictionaries, one partner row at a time."""
    by_domain: dict[str, int] = {}
    by_name: dict[str, int] = {}
    for i, (d, n) in enumerate(zip(vendor.domains, vendor.names, strict=True)):
        if d:
            by_domain.setdefault(d, i)
        if n:
            by_name.setdefault(n, i)
    found = 0
    for d, n in zip(partner.domains, partner.names, strict=True):
        if (d and d in by_domain) or (n and n in by_name):
            found += 1
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--vendor", type=int, default=1_000_000)
    parser.add_argument("--partner", type=int, default=1_000_000)
    parser.add_argument("--upload", type=int, default=50_000)
    args = parser.parse_args()
    rng = random.Random(3)
    started = time.perf_counter()
    vendor_rows, partner_rows, truth = generate(args.vendor, args.partner, seed=5)
    print(
        f"generated {args.vendor:,} vendor and {args.partner:,} partner accounts in "
        f"{time.perf_counter() - started:.0f} s"
    )

    started = time.perf_counter()
    vendor = _table(vendor_rows, rng)
    partner = _table(partner_rows, rng)
    keys = time.perf_counter() - started
    rate = (args.vendor + args.partner) / keys
    print(f"keys prepared (as when lists are stored): {keys:.1f} s, {rate:,.0f} accounts/s")

    started = time.perf_counter()
    found = overlap(vendor, partner)
    full = time.perf_counter() - started
    matrix = found.matrix(vendor, partner)
    started = time.perf_counter()
    baseline_found = _dictionary_join(vendor, partner)
    baseline = time.perf_counter() - started
    print(
        f"\nfull overlap, {args.vendor:,} x {args.partner:,}: {full:.2f} s (target < 20 s), "
        f"{len(found.partner):,} shared accounts ({found.by_domain.sum():,} by domain)"
    )
    print(f"baseline, Python dictionary join: {baseline:.2f} s ({baseline_found:,} shared)")
    sample = partner_rows[:200]
    choices = [n for n, _d, _c in vendor_rows]
    started = time.perf_counter()
    for name, _d, _c in sample:
        process.extractOne(name, choices, scorer=fuzz.token_sort_ratio, score_cutoff=90)
    fuzzy = (time.perf_counter() - started) / len(sample) * args.partner
    print(
        f"baseline, rapidfuzz extractOne per partner account (measured on 200, "
        f"extrapolated): {fuzzy / 3600:,.1f} hours"
    )
    print("matrix (rows: vendor status, columns: partner status):")
    for s, row in zip(STATUSES, matrix.tolist(), strict=True):
        print(f"  {s:<12} " + " ".join(f"{v:>9,}" for v in row))

    pairs = dict(zip(found.partner.tolist(), found.vendor.tolist(), strict=True))
    correct = sum(1 for p, v in pairs.items() if truth.get(p) == v)
    print(
        f"quality against the generator's truth: precision {correct / len(pairs):.4f}, "
        f"recall {correct / len(truth):.4f}"
    )

    _second_look(vendor_rows, partner_rows, truth, pairs)

    index_started = time.perf_counter()
    index = VendorIndex.build(vendor)
    index_time = time.perf_counter() - index_started
    upload_rows = partner_rows[
        : args.upload
    ]  # as the partner would upload them: a third are our accounts
    started = time.perf_counter()
    upload = _table(upload_rows, rng)
    found_upload = overlap(index, upload)
    one = time.perf_counter() - started
    print(
        f"\none partner's upload of {args.upload:,} accounts against the indexed vendor side "
        f"(index built once in {index_time:.2f} s): {one:.2f} s including its keys (target < 2 s), "
        f"{len(found_upload.partner):,} shared"
    )


def _second_look(
    vendor_rows: list[tuple[str, str, str]],
    partner_rows: list[tuple[str, str, str]],
    truth: dict[int, int],
    exact: dict[int, int],
    subset: int = 100_000,
    sample: int = 3_000,
) -> None:
    """What the customers matcher adds on the accounts the exact keys missed (the product's
    background pass).

    The matcher's index is built over the first ``subset`` vendor accounts; the sample is the
    missed accounts whose company is among them, and as many that are no vendor account at all
    (hard negatives included: same name, another country).
    """
    from trellis.customers.engine.matching import SAME_COMPANY, CompanyRecord, build_index

    started = time.perf_counter()
    index = build_index(
        CompanyRecord(str(i), n, d, c) for i, (n, d, c) in enumerate(vendor_rows[:subset])
    )
    built = time.perf_counter() - started
    missed = [j for j, v in truth.items() if v < subset and j not in exact][:sample]
    others = [j for j in range(len(partner_rows)) if j not in truth and j not in exact][:sample]
    started = time.perf_counter()
    right = wrong = 0
    for j in missed + others:
        name, domain, country = partner_rows[j]
        best = index.match(
            CompanyRecord("", name, domain, country), limit=1, min_score=SAME_COMPANY
        )
        if best:
            right, wrong = (
                (right + 1, wrong) if truth.get(j) == int(best[0].id) else (right, wrong + 1)
            )
    each = (time.perf_counter() - started) / len(missed + others) * 1000
    missed_total = sum(1 for j, v in truth.items() if j not in exact)
    correct_exact = sum(1 for p, v in exact.items() if truth.get(p) == v)
    recall = (correct_exact + missed_total * right / max(len(missed), 1)) / len(truth)
    print(
        f"\nsecond look with the customers matcher (index of {subset:,} vendor accounts "
        f"built in {built:.1f} s): "
        f"{right:,} of {len(missed):,} missed accounts found; {wrong:,} wrong matches "
        f"over those and "
        f"{len(others):,} accounts the vendor does not have; {each:.2f} ms an account; "
        f"recall with it (estimated) {recall:.4f}"
    )


if __name__ == "__main__":
    main()
