"""The hand-written lists beside this file that are not plain CSV tables: the grouped list of
real hard negatives (hard_negatives.txt) and the names that carry their history (history.csv)."""

from __future__ import annotations

import csv
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Words every kind of company uses: sharing one of them is no hard negative on its own.
_EMPTY_TEXT = """the of and de du la le el del des group grp holdings hldgs company companies
co corp corporation inc ltd limited plc sa ag se nv bv"""
_EMPTY_WORDS = frozenset(_EMPTY_TEXT.split())


def hard_negatives() -> list[dict[str, str]]:
    """Rows like negatives.csv (query, near, kind, source) from hard_negatives.txt."""
    rows: list[dict[str, str]] = []
    near = kind = source = ""
    for line in (HERE / "hard_negatives.txt").read_text(encoding="utf-8").splitlines():
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        if text.startswith("="):
            near, kind, source = (part.strip() for part in text[1:].split("|"))
            continue
        rows.append({"query": text, "near": near, "kind": kind, "source": source})
    return rows


def history() -> list[dict[str, str]]:
    with (HERE / "history.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def shares_with(query_words: set[str], reference_words: dict[str, set[str]]) -> bool:
    """Whether a name shares a telling word with some reference name (not only "group")."""
    return any(w in reference_words for w in query_words - _EMPTY_WORDS)
