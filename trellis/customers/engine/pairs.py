"""What two company records have in common, as the numbers the matcher weighs and the words a
channel manager reads: word overlap weighted by rarity, string similarity, containment,
initials, typos, numbers, corporate-family words, domain, country and city. Plain Python and
rapidfuzz; no Django."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from anyascii import anyascii
from rapidfuzz import fuzz

from .name_rules import FAMILY, REGION_WORDS, UNIT_WORDS, name_core, one_typo, unit_of
from .tokens import acronyms, match_tokens, registrable_domain

if TYPE_CHECKING:
    from .matching import CompanyIndex

# The order of a pair's features, as the weights list them (weights.json).
FEATURES = (
    "names_agree",
    "corporate_word",
    "initials",
    "typo",
    "leading",
    "region_unit",
    "business_unit",
    "adds_words",
    "siblings",
    "letters",
    "first_word",
    "distinctive",
    "only_holder",
    "one_word",
    "lead",
    "word_lead",
    "same_domain",
    "different_domain",
    "same_country",
    "different_country",
)


_NUMBERS = "names carry different numbers"
_AGREEMENT = {
    ("domain", True): "same domain {ours}",
    ("domain", False): "different domains ({ours} vs {theirs})",
    ("country", True): "same country ({ours})",
    ("country", False): "different country ({ours} vs {theirs})",
}
# A leading word carried by at most this many known companies is a name, not a common word.
SIBLINGS = 3
# The reference list the weights were fitted on holds this many companies (bench/realnames).
FITTED_AT = 20_000


@dataclass
class QueryName:
    """What comparing needs of the query, worked out once per match rather than per candidate."""

    toks: tuple[str, ...]
    joined: str
    compact: str
    numbers: tuple[str, ...]
    acronyms: frozenset[str]
    domain: str
    country: str
    city: str
    folded_city: str
    idf: Rarity

    @classmethod
    def of(cls, name: str, domain: str, country: str, city: str, index: CompanyIndex) -> QueryName:
        toks = match_tokens(name)
        joined = " ".join(toks)
        return cls(
            toks,
            joined,
            joined.replace(" ", ""),
            tuple(t for t in toks if t.isdigit()),
            acronyms(toks),
            registrable_domain(domain),
            country.upper(),
            city,
            anyascii(city).lower().strip(),
            Rarity(index),
        )


class Rarity(dict[str, float]):
    """Each token's rarity weight in the index, looked up once per match (the index holds still
    meanwhile)."""

    def __init__(self, index: CompanyIndex) -> None:
        super().__init__()
        self.index = index

    def __missing__(self, token: str) -> float:
        weight = self[token] = self.index.idf(token)
        return weight


@dataclass(frozen=True)
class Pair:
    """A query and one known company compared: feature values, the name evidence in words and
    whether the names say the two are one corporate family."""

    values: dict[str, float]
    words: str
    family: bool
    facts: tuple[str, ...]  # domain, country and city, in words
    # Names that carry different numbers ("Studio 54", "Studio 45") name different companies,
    # whatever else they share: a rule, not a weight.
    different_numbers: bool = False
    known: str = ""  # the known company's name as compared (duplicates share it)


def compare(q: QueryName, index: CompanyIndex, i: int) -> Pair:
    # The weighed features, and what the words and the leads read besides (overlap, similarity
    # of words, each name's share found in the other: kept out of the weights, where they only
    # echo the others and took weights of the wrong sign).
    values = dict.fromkeys(
        (*FEATURES, "overlap", "similarity", "query_covered", "candidate_covered"), 0.0
    )
    facts = []
    for what, ours, theirs in (
        ("domain", q.domain, index.domains[i]),
        ("country", q.country, index.countries[i]),
    ):
        if ours and theirs:
            same = ours == theirs
            values[f"{'same' if same else 'different'}_{what}"] = 1.0
            facts.append(_AGREEMENT[what, same].format(ours=ours, theirs=theirs))
    if q.folded_city and q.folded_city == index.cities[i]:
        # Shown to the reviewer; not weighed, for no labelled pairs say what a city is worth.
        facts.append(f"same city ({q.city})")
    words, family = _names(q, index, i, values)
    return Pair(values, words, family, tuple(facts), words.startswith(_NUMBERS), index.joined[i])


def _names(q: QueryName, index: CompanyIndex, i: int, v: dict[str, float]) -> tuple[str, bool]:
    """Fill the name features; return the name evidence in words and the family flag."""
    toks, other = q.toks, index.tokens[i]
    if not toks or not other:
        return "one of the names is empty", False
    q_joined, c_joined = q.joined, index.joined[i]
    idf = q.idf
    c_compact = c_joined.replace(" ", "")
    q_set, c_set = set(toks), set(other)
    shared = q_set & c_set
    v["one_word"] = float(min(len(toks), len(other)) == 1)
    v["first_word"] = float(toks[0] == other[0])
    v["query_covered"] = soft_overlap(toks, other, idf)
    v["candidate_covered"] = soft_overlap(other, toks, idf)
    v["overlap"] = (v["query_covered"] + v["candidate_covered"]) / 2
    similarity = (
        fuzz.token_sort_ratio(q_joined, c_joined) + fuzz.token_set_ratio(q_joined, c_joined)
    ) / 200
    v["similarity"] = similarity
    core, c_core = name_core(toks) or toks, name_core(other) or other
    v["letters"] = fuzz.ratio("".join(core), "".join(c_core)) / 100
    # "Citi" of "Citigroup", "JPMorgan" of "JPMorgan Chase", "Sun Pharma" of "Sun
    # Pharmaceutical": the name people say is how the known name begins.
    v["leading"] = float(
        len(q.compact) >= 4 and len(c_compact) > len(q.compact) and c_compact.startswith(q.compact)
    )
    top = math.log(1 + len(index.ids))
    # Sorted first, so equally rare words give the same answer in every process.
    rarest = max(sorted(shared), key=idf.__getitem__) if shared else ""
    if rarest:
        v["distinctive"] = idf[rarest] / top
        # Telling only when that word is most of one name ("Disney", "Walt Disney"), not when
        # each name has another word the other lacks ("Gold Customer", "Silver Customer").
        contained = max(v["query_covered"], v["candidate_covered"])
        alone = float(index.token_df.get(rarest, 0) <= 1)
        v["only_holder"] = alone * contained**2
    if toks == other:
        v["names_agree"] = 1.0
        return "names match after removing legal form, case and punctuation", False
    if q.compact == c_compact:
        v["names_agree"] = 1.0
        return "names match when written together", False
    if sorted(toks) == sorted(other):
        v["names_agree"] = 1.0
        return "names have the same words in another order", False
    c_numbers = tuple(t for t in other if t.isdigit())
    if q.numbers and c_numbers and q.numbers != c_numbers:
        # "Studio 54" and "Studio 45": numbers name different companies.
        return f"{_NUMBERS} ({' '.join(q.numbers)} vs {' '.join(c_numbers)})", False
    spelt_out = acronyms(other) & {q.compact, q_joined}
    if c_compact in q.acronyms or spelt_out:
        initials = c_compact if c_compact in q.acronyms else min(spelt_out)
        # Initials are only telling when few known companies share them.
        sharing = index.postings.get(f"a:{initials}", ())
        if q.country:
            # Only companies that could be this one count: those in the query's country (or of
            # no known country), as a person reading "BMW, DE" would think.
            countries = index.countries
            sharing = [j for j in sharing if countries[j] in ("", q.country)]
        crowd = len(sharing) or 1
        v["initials"] = 1 / crowd
        return f"one name is the initials of the other ({crowd} known companies share them)", False
    if core == c_core:
        # "Schindler Holding" and "Schindler", "Woolworths Group" and "Woolworths": a corporate
        # word is how a company writes its name on one paper and not on another.
        v["corporate_word"] = 1.0
        extra = " ".join(sorted(q_set ^ c_set))
        return f"names match apart from the corporate word '{extra}'", False
    core_set, c_core_set = set(core), set(c_core)
    unit = unit_of(core, c_core)
    if unit and (len(core) > len(c_core) or REGION_WORDS & set(unit.split())):
        # A country or region added ("Red Bull Australia") names a unit far more surely than
        # a line of business ("Visa Steel" is another company): two weights, learned apart.
        regional = bool(REGION_WORDS & set(unit.split()))
        v["region_unit" if regional else "business_unit"] = 1.0
        return f"{FAMILY}one name is the other's with '{unit}' added", True
    if unit:
        # "Dell" for "Dell Technologies": the registration drops the line of business from the
        # known company's name, as people say it; the known name is no unit of the shorter one.
        return f"'{q_joined}' is '{c_joined}' without '{unit}' (a short form)", False
    typo = one_typo(core, c_core) or one_typo(toks, other)
    if typo:
        v["typo"] = 1.0
        return f"names match but for one typo ('{typo[0]}' and '{typo[1]}')", False
    if v["leading"]:
        return f"'{q_joined}' is how '{c_joined}' begins (a short form?)", False
    percent = round(similarity * 100)
    if c_core_set < core_set and v["distinctive"] >= 0.5:
        # "Siemens Healthineers" of "Siemens", "Kerry Foods" of "Kerry Group": the known name,
        # with a line of business or a brand added.
        v["adds_words"] = 1.0
        added = " ".join(t for t in core if t not in c_core_set)
        return f"{FAMILY}the name adds '{added}' to '{c_joined}'", True
    if q_set < c_set:
        return f"every word of '{q_joined}' is in '{c_joined}' (a short form?)", False
    if v["overlap"] >= 0.9 and similarity >= 0.85:
        return f"names are {percent}% similar (a spelling or word-order variant)", False
    brand = core[0]
    ours = " ".join(t for t in core if t not in c_core_set)
    theirs = " ".join(t for t in c_core if t not in core_set)
    if (
        ours
        and theirs
        and brand == c_core[0]
        and brand == rarest
        and index.token_df.get(brand, 0) <= SIBLINGS
        and brand not in UNIT_WORDS  # "Health Partners", "Health Cooperative": a trade word
        and fuzz.ratio(ours, theirs) < 80  # not one business misspelt ("Tellcom", "Telecom")
    ):
        # "Toyota Tsusho" and "Toyota Motor": one rare name, each with its own business after
        # it: two companies of one group at most, never one company; a person looks.
        v["siblings"] = 1.0
        return f"{FAMILY}both start with '{brand}', then '{ours}' and '{theirs}'", True
    if rarest:
        return f"names share the word '{rarest}' but differ otherwise ({percent}% similar)", False
    return f"names differ ({percent}% similar)", False


def set_leads(pairs: list[Pair], index: CompanyIndex) -> None:
    """How far each candidate is ahead of the next-nearest known company, in spelling ("lead":
    a name one letter from a single known company is a typo of it; from two, either) and in
    rare words shared ("word_lead": "Verizon" shares its word with one known company only)."""
    # Being ahead means little where little is known: in an index of a few companies every
    # word is rare and every candidate alone ("Gold Customer" beside "Silver Customer"). The
    # leads count in full from the size the weights were fitted at.
    trust = sure_of_rarity(len(index.ids)) if pairs else 1.0
    for measure, lead in (("letters", "lead"), ("overlap", "word_lead")):
        # Per name, not per record: two records of one name (a duplicate account) are one
        # company to be ahead of the others, not two rivals that cancel each other out.
        best: dict[str, float] = {}
        for pair in pairs:
            best[pair.known] = max(best.get(pair.known, 0.0), pair.values[measure])
        ranked = sorted(best.values(), reverse=True)
        if not ranked:
            return
        first, second = ranked[0], ranked[1] if len(ranked) > 1 else 0.0
        for pair in pairs:
            value = best[pair.known]
            pair.values[lead] = trust * max(0.0, value - (second if value == first else first))


def sure_of_rarity(known: int) -> float:
    """How far rarity and uniqueness can be trusted in an index of ``known`` companies: 1 from
    the size the weights were fitted at (FITTED_AT), less below it, on a log scale."""
    return min(1.0, math.log(1 + known) / math.log(1 + FITTED_AT))


def soft_overlap(toks: tuple[str, ...], other: tuple[str, ...], idf: Rarity) -> float:
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
