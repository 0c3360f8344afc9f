"""Rules a person applies to two company names: a leading article is no difference, one typo
in a word is a typo where the rest agrees, and a name that only adds a country, a business line
or a group word to another names the same corporate family. Plain Python; no Django."""

from __future__ import annotations

from rapidfuzz.distance import DamerauLevenshtein

# Said in front of a name in the portal's languages, never what tells two companies apart.
LEADING_ARTICLES = frozenset(
    {"the", "der", "die", "das", "le", "la", "les", "el", "los", "las", "il", "lo", "gli"}
)

# Evidence of a corporate family starts with this; such a match scores in the review band.
FAMILY = "family: "
FAMILY_LOGIT = 4.35
FAMILY_SCORE = 0.7
# Words that name a country, region or line of business a unit adds to its parent's name
# ("Red Bull Australia", "Siemens Healthineers" is not one: a coined word is not a unit word).
_UNIT_TEXT = """
    america americas north south east west europe european asia pacific apac emea latam
    africa middle deutschland germany uk britain england ireland france italia italy espana
    spain portugal nederland netherlands belgium schweiz suisse switzerland austria osterreich
    polska poland czech nordic sverige sweden norge norway danmark denmark suomi finland japan
    nippon china hong kong taiwan korea india singapore malaysia indonesia thailand vietnam
    philippines australia zealand canada mexico brasil brazil argentina chile colombia peru
    russia turkey israel emirates arabia egypt nigeria kenya africa usa us global
    bank capital fin ins pharma healthcare health energy power foods digital cloud software svc
    solutions sys tech networks marketing media retail logistics motors mobility aerospace
    defence defense chemicals materials consumer brands ventures lab research studios
    entertainment games music cargo express leasing investments mgmt asset assets operations
    division unit branch subsidiary
"""
UNIT_WORDS = frozenset(_UNIT_TEXT.split())
CORPORATE_WORDS = frozenset(
    {"grp", "groupe", "grupo", "gruppe", "groep", "hldgs", "intl", "worldwide", "global"}
)


def name_core(toks: tuple[str, ...]) -> tuple[str, ...]:
    """The name without its corporate-structure words (empty when that is all it has)."""
    core = tuple(t for t in toks if t not in CORPORATE_WORDS)
    return core if core != toks or core else ()


def unit_of(toks: tuple[str, ...], other: tuple[str, ...]) -> str:
    """The words one name adds to the other when they are all country, region or business-line
    words and the shorter name starts the longer one ("Red Bull Australia" of "Red Bull");
    else ''."""
    short, long = (toks, other) if len(toks) < len(other) else (other, toks)
    if not short or len(short) == len(long) or long[: len(short)] != short:
        return ""
    added = long[len(short) :]
    if all(t in UNIT_WORDS for t in added) and not all(t in UNIT_WORDS for t in short):
        return " ".join(added)
    return ""


def one_typo(toks: tuple[str, ...], other: tuple[str, ...]) -> tuple[str, str] | None:
    """The two spellings when the names differ only by one typo (one letter added, dropped,
    changed or two swapped) in one word of four letters or more that starts the same."""
    if len(toks) != len(other) or toks == other:
        return None
    pairs = [(a, b) for a, b in zip(toks, other, strict=True) if a != b]
    if len(pairs) != 1:
        return None
    a, b = pairs[0]
    # Alone, a short word one letter from another is as likely another company ("Phover",
    # "Phoar"): a one-word name needs six letters, a word beside others four.
    shortest = 4 if len(toks) >= 2 else 6
    if min(len(a), len(b)) < shortest or a[0] != b[0] or a.isdigit() or b.isdigit():
        return None
    return (a, b) if DamerauLevenshtein.distance(a, b) == 1 else None
