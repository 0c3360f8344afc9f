"""Company names as tokens and blocking keys: folded to ASCII, business words spelt one way,
and the keys that find candidates (rare words, their prefixes and suffixes for typos, the joined
name, initials, the web domain). Plain Python and rapidfuzz; no Django."""

from __future__ import annotations

import re
from functools import lru_cache

from anyascii import anyascii
from rapidfuzz import fuzz, process
from rapidfuzz.distance import DamerauLevenshtein

from .name_rules import CORPORATE_WORDS, LEADING_ARTICLES, name_core
from .names import name_tokens, normalize_domain

# Addresses at these domains say nothing about the company.
FREE_MAIL = frozenset(
    [
        "gmail.com",
        "googlemail.com",
        "yahoo.com",
        "yahoo.co.jp",
        "hotmail.com",
        "outlook.com",
        "live.com",
        "msn.com",
        "aol.com",
        "icloud.com",
        "me.com",
        "gmx.de",
        "gmx.net",
        "web.de",
        "proton.me",
        "protonmail.com",
        "mail.ru",
        "yandex.ru",
        "qq.com",
        "163.com",
        "naver.com",
        "orange.fr",
        "free.fr",
        "laposte.net",
        "libero.it",
        "t-online.de",
    ]
)
# Second-level labels under which companies register (acme.co.uk, acme.com.br).
_SECOND_LEVEL = frozenset(["co", "com", "net", "org", "ac", "gov", "edu", "ne", "or", "go", "gob"])
_GERMANIC = (("ae", "a"), ("oe", "o"), ("ue", "u"), ("aa", "a"))
# Business words and their usual abbreviations share one spelling, so "Intl Mfg Svcs"
# meets "International Manufacturing Services".
_SYNONYMS = {
    word: canonical
    for canonical, words in {
        "intl": "international intl internat",
        "natl": "national natl",
        "mfg": "manufacturing manufacturers manufacturer mfg mfrs",
        "svc": "services service svcs svc srvcs",
        "tech": "technologies technology technical tech techs",
        "lab": "laboratories laboratory labs lab",
        "assoc": "associates association associated assoc assn",
        "bros": "brothers bros",
        "ind": "industries industry industrial ind inds",
        "pharma": "pharmaceuticals pharmaceutical pharma",
        "ent": "enterprises enterprise ent",
        "sys": "systems system sys",
        "tel": "telecommunications telecommunication telecom tel",
        "constr": "construction constr",
        "ins": "insurance ins",
        "mgmt": "management mgmt",
        "eng": "engineering eng engg",
        "comms": "communications communication comms",
        "grp": "group grp",
        "hldgs": "holdings holding hldgs",
        "fin": "financial finance fin",
        "dev": "development developments dev",
        "dist": "distribution distributors distributor dist",
        "univ": "university univ",
        "ctr": "center centre ctr",
        "dept": "department dept",
        "assur": "assurance assur",
        "and": "and und et y e",
    }.items()
    for word in words.split()
}
_SYNONYM_WORDS = [w for w in _SYNONYMS if len(w) >= 6]
# Short business words a typo of four or five letters may stand for ("Grou", "roup", "Pharm").
_SHORT_SYNONYM_WORDS = [w for w in _SYNONYMS if 5 <= len(w) <= 7]
# Legal forms long enough that one typo in them ("Corporatin", "Limted") still says which.
_LONG_LEGAL_FORMS = [
    "incorporated",
    "corporation",
    "company",
    "limited",
    "aktiengesellschaft",
    "aktiebolaget",
    "aktieselskab",
    "aksjeselskap",
    "kabushiki",
]
_WORD = re.compile(r"[a-z0-9]+")
# Small words an initialism leaves out.
_CONNECTORS = frozenset({"of", "de", "des", "du", "der", "del", "di", "da", "do", "for", "the"})
_LEFT_OUT_OF_INITIALS = _CONNECTORS | CORPORATE_WORDS
_APOSTROPHES = re.compile(r"['’`´]")


def registrable_domain(value: str) -> str:
    """``mail.eu.acme.co.uk`` -> ``acme.co.uk``; free-mail domains give ''."""
    domain = normalize_domain(value)
    if not domain or "." not in domain or domain in FREE_MAIL:
        return ""
    labels = domain.split(".")
    if len(labels) >= 3 and (labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2):
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def domain_label(domain: str) -> str:
    return domain.split(".", 1)[0].replace("-", "") if domain else ""


def match_tokens(name: str) -> tuple[str, ...]:
    """Name tokens folded to ASCII (transliterating other scripts) with Germanic umlaut spellings
    unified."""
    out: list[str] = []
    # An apostrophe joins ("McDonald's", "L'Oréal" are written "McDonalds", "LOreal" too).
    for token in name_tokens(_APOSTROPHES.sub("", name)):
        out.extend(_fold_token(token))
    # "and" joins names ("Johnson & Smith") but is no evidence, unless it is all there is.
    meaningful = tuple(w for w in out if w != "and")
    if len(meaningful) >= 2 and _misspelt_legal_form(meaningful[-1]):
        meaningful = meaningful[:-1]
    if len(meaningful) >= 2 and meaningful[0] in LEADING_ARTICLES:
        # "The Sompo", "Die Mobiliar", "La Caixa": the article is how people say the name, in
        # every language the portal speaks, and never what tells two companies apart.
        meaningful = meaningful[1:]
    return meaningful or tuple(out)


@lru_cache(maxsize=500_000)
def _fold_token(token: str) -> tuple[str, ...]:
    words = []
    for word in _WORD.findall(anyascii(token).lower()):
        for long, short in _GERMANIC:
            word = word.replace(long, short)
        words.append(_synonym(word))
    return tuple(words)


@lru_cache(maxsize=200_000)
def _synonym(word: str) -> str:
    """The shared spelling of a business word, tolerating a typo in the long form."""
    if word in _SYNONYMS or len(word) < 4 or word.isdigit():
        return _SYNONYMS.get(word, word)
    if len(word) < 6:
        # One letter dropped, added, changed or swapped in a short one ("Grou", "Goup").
        near = process.extractOne(
            word, _SHORT_SYNONYM_WORDS, scorer=DamerauLevenshtein.distance, score_cutoff=1
        )
        return _SYNONYMS[near[0]] if near else word
    hit = process.extractOne(word, _SYNONYM_WORDS, scorer=fuzz.ratio, score_cutoff=87)
    return _SYNONYMS[hit[0]] if hit else word


@lru_cache(maxsize=50_000)
def _misspelt_legal_form(word: str) -> bool:
    """A last word one typo from a long legal form ("Acme Corporatin") is that legal form."""
    if len(word) < 6:
        return False
    return any(
        DamerauLevenshtein.distance(word, form, score_cutoff=1) <= 1 for form in _LONG_LEGAL_FORMS
    )


def acronym(tokens: tuple[str, ...]) -> str:
    return "".join(t[0] for t in tokens) if len(tokens) >= 2 else ""


def acronyms(tokens: tuple[str, ...]) -> frozenset[str]:
    """The initials a name may go by: of every word ("BoA"), without the small words an
    initialism skips ("ICBC": Industrial and Commercial Bank of China) and without its
    corporate words ("EY": Ernst & Young Global)."""
    if _LEFT_OUT_OF_INITIALS.isdisjoint(tokens):  # most names: one way to write them
        return frozenset((acronym(tokens),)) if len(tokens) >= 2 else frozenset()
    variants = (
        tokens,
        tuple(t for t in tokens if t not in _CONNECTORS),
        name_core(tokens),
    )
    return frozenset(acronym(v) for v in variants if len(v) >= 2)


@lru_cache(maxsize=500_000)
def token_keys(t: str) -> tuple[str, ...]:
    if len(t) < 4:
        return (f"t:{t}",)
    # A typo rarely touches both ends of a word, and a swap of two letters
    # keeps the first letter and the letters themselves. Three-letter ends meet across a
    # dropped letter ("Hribo", "Haribo"); four-letter ones stay selective in a large index.
    keys = [f"t:{t}", f"p:{t[:3]}", f"s:{t[-3:]}", f"g:{t[0]}{''.join(sorted(t))}"]
    if len(t) >= 6:
        keys += [f"p:{t[:4]}", f"s:{t[-4:]}"]
    return tuple(keys)


def pair_keys(tokens: tuple[str, ...]) -> set[str]:
    """Two words of the name together: selective even when each word alone is common."""
    words = sorted(set(tokens[:5]))
    return {f"b:{a}|{b}" for i, a in enumerate(words) for b in words[i + 1 :]}


def blocking_keys(tokens: tuple[str, ...]) -> set[str]:
    keys: set[str] = pair_keys(tokens)
    for t in tokens:
        keys.update(token_keys(t))
    if len(tokens) >= 2:
        keys.add(f"j:{''.join(tokens)}")
        keys.update(f"a:{initials}" for initials in acronyms(tokens))
    elif tokens:
        keys.add(f"j:{tokens[0]}")
        keys.add(f"a:{tokens[0]}")  # a one-word name may be someone's initials
    return keys
