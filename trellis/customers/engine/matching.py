"""Company entity resolution: is this registration's customer one we already know?

An in-memory index over company records (customer accounts, which every
registration and direct opportunity points at) answers "which known
companies could this be?" in a few milliseconds at a million records, and
scores each candidate with evidence a channel manager can read.

Candidates come from blocking keys (rare name tokens, token prefixes and
suffixes for typos, the joined name, initials for abbreviations, the web
domain). Each candidate is compared (pairs.py: name agreement, typos,
initials, units and siblings, rarity, how far it is ahead of the next-nearest
company, domain and country; the city is shown, not weighed) and a logistic
regression learned from labelled pairs (scoring.py) turns the comparison into
a probability, so 0.5 means "as likely the same company as not". A name
that carries its history ("X, formerly Y", "X, an NTT company") is also
compared by the other name. Plain Python; no Django.
"""

from __future__ import annotations

import heapq
import math
from array import array
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeAlias

import numpy as np
from anyascii import anyascii

from .name_rules import FAMILY, FAMILY_SCORE, OtherName, name_history
from .pairs import Pair, QueryName, compare, set_leads
from .scoring import MODEL, explain
from .tokens import (
    acronym,
    blocking_keys,
    domain_label,
    match_tokens,
    pair_keys,
    registrable_domain,
    token_keys,
)

# Above this, a candidate is taken to be the same company; between REVIEW and
# SAME_COMPANY a person should look (the registration is routed for review). Both were chosen
# on the fitting share of the real-name set (`bench/matching_real.py --share fitting` prints
# the sweep): there, same-company precision stays at 0.993 from 0.65 to 0.9, so 0.7 loses
# under a point of recall against 0.5 while keeping a band for a person; 0.5 is where the
# calibrated model says "as likely the same company as not".
SAME_COMPANY = 0.7
REVIEW = 0.5
# Names that carry different numbers are different companies: at most this, whatever the rest.
NUMBERS_SCORE = 0.005
# Blocking: a word carried by more records than MAX_RARE is too common to find
# candidates by; typo keys (prefix, suffix, letters) are read up to MAX_AFFIX.
MAX_POSTING = 20_000
MAX_RARE = 2_000
MAX_AFFIX = 400
MAX_SCORED = 60
# Below this many posting entries in all, summing them in Python beats numpy's set-up cost.
_VECTOR_FROM = 128
_PACK_FROM = 32

# A posting read for a query: its positions, the first one to read, the key's weight.
_Taken: TypeAlias = "tuple[list[int] | array[int], int, float]"


@dataclass(frozen=True)
class CompanyRecord:
    id: str
    name: str
    domain: str = ""
    country: str = ""
    city: str = ""


@dataclass(frozen=True)
class Match:
    id: str
    score: float
    evidence: tuple[str, ...]
    # same: the same company (or possibly, below SAME_COMPANY); family: a unit, subsidiary or
    # division of the other, or its parent ("Red Bull Australia" and "Red Bull"), which a
    # person reviews; different: nothing in common worth a look.
    relation: str = "same"


@dataclass
class CompanyIndex:
    """Company records, searchable by blocking key; records can be added at any time."""

    ids: list[str] = field(default_factory=list)
    tokens: list[tuple[str, ...]] = field(default_factory=list)
    joined: list[str] = field(default_factory=list)
    domains: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    cities: list[str] = field(default_factory=list)
    # Positions per blocking key, ascending. Most keys hold a record or two (a list);
    # a long posting is packed into machine integers, so it reaches numpy as one copy.
    postings: dict[str, list[int] | array[int]] = field(default_factory=dict)
    token_df: Counter[str] = field(default_factory=Counter)
    position: dict[str, int] = field(default_factory=dict)

    def __len__(self) -> int:
        """Positions used so far: the next record added (or re-added) takes this one."""
        return len(self.ids)

    def ids_since(self, position: int) -> set[str]:
        """Ids of the records added or re-added at ``position`` or later."""
        return {i for i in self.ids[position:] if i}

    def add(self, record: CompanyRecord) -> None:
        """Make ``record`` matchable at once (no rebuild); re-adding an id replaces it."""
        if record.id in self.position:
            self._forget(self.position[record.id])
        i = len(self.ids)
        toks = match_tokens(record.name)
        domain = registrable_domain(record.domain)
        self.ids.append(record.id)
        self.tokens.append(toks)
        self.joined.append(" ".join(toks))
        self.domains.append(domain)
        self.countries.append(record.country.upper())
        self.cities.append(anyascii(record.city).lower().strip())
        self.position[record.id] = i
        df = self.token_df
        for t in set(toks):
            df[t] = df.get(t, 0) + 1
        postings = self.postings
        for key in blocking_keys(toks):
            posting = postings.get(key)
            if posting is None:
                postings[key] = [i]
            else:
                posting.append(i)
                if len(posting) == _PACK_FROM:
                    postings[key] = array("q", posting)
        if domain:
            # A domain label equal to the joined name is listed twice, and counts twice.
            for key in (f"d:{domain}", f"j:{domain_label(domain)}"):
                postings.setdefault(key, []).append(i)
                if len(postings[key]) == _PACK_FROM:
                    postings[key] = array("q", postings[key])

    def add_many(self, records: Iterable[CompanyRecord]) -> None:
        for record in records:
            self.add(record)

    def _forget(self, i: int) -> None:
        # The old slot stays in the postings but can no longer be returned.
        self.ids[i] = ""
        self.token_df.subtract(set(self.tokens[i]))

    def idf(self, token: str) -> float:
        return math.log(1 + len(self.ids) / (1 + self.token_df.get(token, 0)))

    def candidates(self, toks: tuple[str, ...], domain: str, since: int = 0) -> list[int]:
        """Records sharing a blocking key with the query, the most specific first.

        Only selective keys are read: a common word ("logistics") blocks nothing
        on its own, so a query costs the same at a thousand records or a million.
        ``since`` keeps records added at that position or later (postings grow in
        position order, so the rest is skipped, not read).
        """
        taken: list[_Taken] = []
        postings = self.postings

        def take(key: str, weight: float, cap: int) -> None:
            posting = postings.get(key)
            if posting and len(posting) <= cap:
                start = bisect_left(posting, since) if since else 0
                if start < len(posting):
                    taken.append((posting, start, weight))

        if domain:
            take(f"d:{domain}", 100.0, MAX_POSTING)
            take(f"j:{domain_label(domain)}", 5.0, MAX_AFFIX)
        if toks:
            take(f"j:{''.join(toks)}", 5.0, MAX_AFFIX)
            take(f"a:{acronym(toks) or toks[0]}", 3.0, MAX_AFFIX)
        common: list[str] = []
        for t in dict.fromkeys(toks):  # in the name's order: ties between candidates are stable
            df = self.token_df.get(t, 0)
            if df > MAX_RARE:
                common.append(t)
                continue
            token_key, *affix_keys = token_keys(t)
            take(token_key, self.idf(t), MAX_RARE)
            for key in affix_keys:
                take(key, 1.0, MAX_AFFIX)
        if len(common) >= 2:
            # Common words find nothing alone; two of them together are selective.
            for key in pair_keys(tuple(common)):
                a, b = key[2:].split("|")
                take(key, self.idf(a) + self.idf(b), MAX_RARE)
        if sum(len(p) - start for p, start, _ in taken) >= _VECTOR_FROM:
            best = _best_vectorised(taken)
        else:
            best = _best_looped(taken)
        return [i for i in best if self.ids[i]]

    def match(
        self, query: CompanyRecord, *, limit: int = 5, min_score: float = REVIEW, since: int = 0
    ) -> list[Match]:
        """The best matches for ``query``; with ``since``, only among records added from that
        position on."""
        best: dict[int, Match] = {}
        for i, pair, said in self.compared(query, since):
            score, evidence, relation = self._judge(pair, said)
            if score >= min_score and (i not in best or score > best[i].score):
                best[i] = Match(self.ids[i], round(score, 4), evidence, relation)
        scored = sorted(best.values(), key=lambda m: (-m.score, m.id))
        return scored[:limit]

    def compared(
        self, query: CompanyRecord, since: int = 0
    ) -> list[tuple[int, Pair, OtherName | None]]:
        """Each candidate compared with the query's name and with any other name it carries
        ("X, formerly Y", "X, an NTT company"): position, comparison, and the other name."""
        name, others = name_history(query.name)
        out: list[tuple[int, Pair, OtherName | None]] = []
        for text, said in [(name, None), *((o.text, o) for o in others)]:
            q = QueryName.of(text, query.domain, query.country, query.city, self)
            found = self.candidates(q.toks, q.domain)
            if since:
                # How near the others are is judged among all known companies, not only the
                # newer ones, so a record scores the same whichever way it is found.
                seen = set(found)
                found += [i for i in self.candidates(q.toks, q.domain, since) if i not in seen]
            pairs = [compare(q, self, i) for i in found]
            set_leads(pairs, self)
            out.extend((i, p, said) for i, p in zip(found, pairs, strict=True) if i >= since)
        return out

    def _judge(self, pair: Pair, said: OtherName | None) -> tuple[float, tuple[str, ...], str]:
        """The learned model's probability, the evidence in words and the relation."""
        values = pair.values
        logit = MODEL.logit(values)
        score = MODEL.probability(logit)
        words, family = pair.words, pair.family
        if said is not None:
            if said.role == "parent":
                # "Dimension Data, an NTT company": NTT is its group, not the company itself.
                told = f"the name says '{said.marker} {said.text}'"
                words = f"{FAMILY}{told}; {words.removeprefix(FAMILY)}"
                family = True
            else:
                words = f"by the name it carries ('{said.marker} {said.text}'): {words}"
        if pair.different_numbers:
            score = min(score, NUMBERS_SCORE)
        if values["different_country"] and not family and not values["same_domain"]:
            # "Initech" in Canada and "Initech" in the US: one group's units in two countries
            # at most, never the same account; a person looks (review band).
            words = f"{FAMILY}registered in another country; {words}"
            family = True
        if values["region_unit"] or (said is not None and said.role == "parent"):
            # A known name with a country added ("Thomas Hotels Australia"), or a name that
            # says whose company it is, always deserves a person's look, however common its
            # words: the cost of two partners protected on one group unseen is the larger.
            score = max(score, REVIEW)
        if family and not values["same_domain"]:
            # A unit is not its parent: however strong the rest, a person decides (review band).
            score = min(score, FAMILY_SCORE)
        relation = (
            "family" if family and score >= REVIEW else "same" if score >= REVIEW else "different"
        )
        return score, (words, *pair.facts, explain(MODEL, values)), relation


def _best_looped(taken: Sequence[_Taken]) -> list[int]:
    """The MAX_SCORED positions with the most weight; ties in the order they were first met."""
    hits: defaultdict[int, float] = defaultdict(float)
    for posting, start, weight in taken:
        for i in posting[start:] if start else posting:
            hits[i] += weight
    return [i for i, _ in heapq.nlargest(MAX_SCORED, hits.items(), key=lambda item: item[1])]


def _best_vectorised(taken: Sequence[_Taken]) -> list[int]:
    """What _best_looped returns, to the bit, for long postings.

    A stable sort groups each position's entries in the order they were taken,
    so each sum adds the same floats in the same order as the loop; ties keep
    the order in which positions were first met, as heapq.nlargest does.
    """
    positions = np.concatenate([np.array(p, dtype=np.int64)[start:] for p, start, _ in taken])
    weights = np.repeat(
        np.array([w for _, _, w in taken]), [len(p) - start for p, start, _ in taken]
    )
    order = np.argsort(positions, kind="stable")
    grouped = positions[order]
    starts = np.flatnonzero(np.r_[True, grouped[1:] != grouped[:-1]])
    sums = np.add.reduceat(weights[order], starts)
    first_met = order[starts]
    best = np.lexsort((first_met, -sums))[:MAX_SCORED]
    return [int(i) for i in grouped[starts[best]]]


def build_index(records: Iterable[CompanyRecord]) -> CompanyIndex:
    index = CompanyIndex()
    index.add_many(records)
    return index
