"""Company entity resolution: is this registration's customer one we already know?

An in-memory index over company records (customer accounts, which every
registration and direct opportunity points at) answers "which known
companies could this be?" in a few milliseconds at a million records, and
scores each candidate with evidence a channel manager can read.

Candidates come from blocking keys (rare name tokens, token prefixes and
suffixes for typos, the joined name, initials for abbreviations, the web
domain). Scoring adds log-odds from independent pieces of evidence (name
similarity weighted by token rarity, same or different domain, same or
different country, same city, abbreviation) and maps the sum through a
logistic function, so 0.5 means "as likely the same company as not".
Plain Python and rapidfuzz; no Django.
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
from rapidfuzz import fuzz

from .name_rules import (
    FAMILY,
    FAMILY_LOGIT,
    FAMILY_SCORE,
    name_core,
    one_typo,
    unit_of,
)
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
# SAME a person should look (the registration is routed for review).
SAME_COMPANY = 0.8
REVIEW = 0.5
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

    def _idf(self, token: str) -> float:
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
        for t in set(toks):
            df = self.token_df.get(t, 0)
            if df > MAX_RARE:
                common.append(t)
                continue
            token_key, *affix_keys = token_keys(t)
            take(token_key, self._idf(t), MAX_RARE)
            for key in affix_keys:
                take(key, 1.0, MAX_AFFIX)
        if len(common) >= 2:
            # Common words find nothing alone; two of them together are selective.
            for key in pair_keys(tuple(common)):
                a, b = key[2:].split("|")
                take(key, self._idf(a) + self._idf(b), MAX_RARE)
        if sum(len(p) - start for p, start, _ in taken) >= _VECTOR_FROM:
            best = _best_vectorised(taken)
        else:
            best = _best_looped(taken)
        return [i for i in best if self.ids[i]]

    def match(
        self, query: CompanyRecord, *, limit: int = 5, min_score: float = REVIEW, since: int = 0
    ) -> list[Match]:
        """The best matches for ``query``; with ``since``, only among records added from that
        position
        on."""
        q = _Query.of(query, self)
        scored = []
        for i in self.candidates(q.toks, q.domain, since):
            score, evidence, relation = self._score(q, i)
            if score >= min_score:
                scored.append(Match(self.ids[i], round(score, 4), evidence, relation))
        scored.sort(key=lambda m: (-m.score, m.id))
        return scored[:limit]

    def _score(self, q: _Query, i: int) -> tuple[float, tuple[str, ...], str]:
        """Log-odds from each piece of evidence, summed, through a logistic function."""
        evidence: list[str] = []
        domain = q.domain
        c_domain = self.domains[i]
        same_domain = bool(domain) and domain == c_domain
        name_logit, name_words = self._name_evidence(q, i)
        family = name_words.startswith(FAMILY)
        if same_domain:
            # One company's domain is strong proof even when its name is written differently.
            name_logit = max(name_logit, -1.0)
        logit = -3.5 + name_logit  # before any evidence, two names are rarely the same company
        evidence.append(name_words)
        if domain and c_domain:
            if same_domain:
                logit += 7.0
                evidence.append(f"same domain {domain}")
            else:
                logit -= 1.5
                evidence.append(f"different domains ({domain} vs {c_domain})")
        country, c_country = q.country, self.countries[i]
        if country and c_country:
            if country == c_country:
                logit += 0.7
                evidence.append(f"same country ({country})")
            else:
                logit -= 2.5
                evidence.append(f"different country ({country} vs {c_country})")
        if q.folded_city and q.folded_city == self.cities[i]:
            logit += 0.7
            evidence.append(f"same city ({q.city})")
        score = 1 / (1 + math.exp(-logit))
        if family and not same_domain:
            # A unit is not its parent: however strong the rest, a person decides (review band).
            score = min(score, FAMILY_SCORE)
        relation = "family" if family else "same" if score >= REVIEW else "different"
        return score, tuple(evidence), relation

    def _name_evidence(self, q: _Query, i: int) -> tuple[float, str]:
        toks, other = q.toks, self.tokens[i]
        q_joined, c_joined = q.joined, self.joined[i]
        if not toks or not other:
            return -2.0, "one of the names is empty"
        if toks == other:
            return 7.0, "names match after removing legal form, case and punctuation"
        if q.compact == c_joined.replace(" ", ""):
            return 6.0, "names match when written together"
        q_numbers = q.numbers
        c_numbers = tuple(t for t in other if t.isdigit())
        if q_numbers and c_numbers and q_numbers != c_numbers:
            # "Studio 54" and "Studio 45", "Store 12" and "Store 21": numbers name different
            # companies.
            return (
                -6.0,
                f"names carry different numbers ({' '.join(q_numbers)} vs {' '.join(c_numbers)})",
            )
        if q.acronym == c_joined or acronym(other) == q_joined:
            # Initials are only telling when few known companies share them.
            initials = q.acronym or q_joined
            sharing = len(self.postings.get(f"a:{initials}", ())) or 1
            return 6.0 - 1.5 * math.log(
                sharing
            ), f"one name is the initials of the other ({sharing} known companies share them)"
        core, c_core = name_core(toks), name_core(other)
        if core and core == c_core and set(toks) != set(other):
            extra = " ".join(sorted(set(toks) ^ set(other)))
            return FAMILY_LOGIT, f"{FAMILY}names match apart from '{extra}' (a group and a unit)"
        unit = unit_of(core or toks, c_core or other)
        if unit:
            return FAMILY_LOGIT, f"{FAMILY}one name is the other's with '{unit}' added"
        typo = one_typo(toks, other)
        if typo:
            return 5.5, f"names match but for one typo ('{typo[0]}' and '{typo[1]}')"
        idf = q.idf
        overlap = (_soft_overlap(toks, other, idf) + _soft_overlap(other, toks, idf)) / 2
        similarity = (
            fuzz.token_sort_ratio(q_joined, c_joined) + fuzz.token_set_ratio(q_joined, c_joined)
        ) / 200
        logit = 9.0 * (overlap - 0.6) + 10.0 * (similarity - 0.8)
        percent = round(similarity * 100)
        if overlap >= 0.9 and similarity >= 0.85:
            return logit, f"names are {percent}% similar (a spelling or word-order variant)"
        shared = set(toks) & set(other)
        if shared:
            rare = max(shared, key=idf.__getitem__)
            return logit, f"names share the word '{rare}' but differ otherwise ({percent}% similar)"
        return logit, f"names differ ({percent}% similar)"


@dataclass
class _Query:
    """What scoring needs of the query, worked out once per match rather than once per candidate."""

    toks: tuple[str, ...]
    joined: str
    compact: str
    numbers: tuple[str, ...]
    acronym: str
    domain: str
    country: str
    city: str
    folded_city: str
    idf: _Rarity

    @classmethod
    def of(cls, query: CompanyRecord, index: CompanyIndex) -> _Query:
        toks = match_tokens(query.name)
        joined = " ".join(toks)
        return cls(
            toks,
            joined,
            joined.replace(" ", ""),
            tuple(t for t in toks if t.isdigit()),
            acronym(toks),
            registrable_domain(query.domain),
            query.country.upper(),
            query.city,
            anyascii(query.city).lower().strip(),
            _Rarity(index),
        )


class _Rarity(dict[str, float]):
    """Each token's rarity weight in the index, looked up once per match (the index holds still
    meanwhile)."""

    def __init__(self, index: CompanyIndex) -> None:
        super().__init__()
        self.index = index

    def __missing__(self, token: str) -> float:
        weight = self[token] = self.index._idf(token)
        return weight


def _soft_overlap(toks: tuple[str, ...], other: tuple[str, ...], idf: _Rarity) -> float:
    """Share of ``toks``'s rarity that ``other`` also carries, allowing typos in a word."""
    total = got = 0.0
    for token in toks:
        best, best_token = 0.0, token
        for candidate in other:
            if candidate == token:
                best, best_token = 1.0, candidate
                break
            if len(token) >= 4 and len(candidate) >= 4:
                ratio = fuzz.ratio(token, candidate) / 100
                if ratio >= 0.8 and ratio > best:
                    best, best_token = ratio, candidate
        # A misspelt word is rare only because it is misspelt: weigh it as the word it matches.
        weight = min(idf[token], idf[best_token])
        total += weight
        got += weight * best
    return got / total if total else 0.0


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
