"""Rules a person applies to two company names: a leading article is no difference, one typo
in a word is a typo where the rest agrees, and a name that only adds a country, a business line
or a group word to another names the same corporate family. Plain Python; no Django."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz.distance import DamerauLevenshtein

# Said in front of a name in the portal's languages, never what tells two companies apart.
LEADING_ARTICLES = frozenset(
    {"the", "der", "die", "das", "le", "la", "les", "el", "los", "las", "il", "lo", "gli"}
)

# Evidence of a corporate family starts with this; such a match scores in the review band.
FAMILY = "family: "
FAMILY_LOGIT = 4.35
FAMILY_SCORE = 0.65  # inside the review band, below SAME_COMPANY
# Words that name a country or region a unit adds to its parent's name ("Red Bull Australia").
_REGION_TEXT = """
    america americas north south east west europe european asia pacific apac emea latam
    africa middle deutschland germany uk britain england ireland france italia italy espana
    spain portugal nederland netherlands belgium schweiz suisse switzerland austria osterreich
    polska poland czech nordic sverige sweden norge norway danmark denmark suomi finland japan
    nippon china hong kong taiwan korea india singapore malaysia indonesia thailand vietnam
    philippines australia zealand canada mexico brasil brazil argentina chile colombia peru
    russia turkey israel emirates arabia egypt nigeria kenya africa usa us global
"""
REGION_WORDS = frozenset(_REGION_TEXT.split())
# Words that name a line of business: a division adds one ("Bosch Power Tools"), and a short
# form drops one ("Dell" for "Dell Technologies"). A coined word ("Healthineers") is neither.
_LINE_TEXT = """
    bank capital fin ins pharma healthcare health energy power foods digital cloud software svc
    solutions sys tech networks marketing media retail logistics motors motor mobility aerospace
    defence defense chemicals materials consumer brands ventures lab research studios
    entertainment games music cargo express leasing investments mgmt asset assets operations
    division unit branch subsidiary
"""
_UNIT_TEXT = _REGION_TEXT + _LINE_TEXT
UNIT_WORDS = frozenset(_UNIT_TEXT.split())
CORPORATE_WORDS = frozenset(
    {
        "grp",
        "groupe",
        "grupo",
        "gruppe",
        "groep",
        "hldgs",
        "intl",
        "worldwide",
        "global",
        "companies",
        "com",
        "compagnie",
        "compania",
        "companhia",
        "cia",
    }
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
    changed or two swapped) in one word of four letters or more."""
    if len(toks) != len(other) or toks == other:
        return None
    pairs = [(a, b) for a, b in zip(toks, other, strict=True) if a != b]
    if len(pairs) != 1:
        return None
    a, b = pairs[0]
    # Whether a one-word name one letter from another is a typo or another company ("Phover",
    # "Phoar") depends on what else is near: the model weighs that (the "lead" feature).
    # A word beside others that agree may be as short as three letters ("Frd Motor"); alone,
    # a word needs four ("Trget").
    shortest = 3 if len(toks) >= 2 else 4
    if min(len(a), len(b)) < shortest or max(len(a), len(b)) < 4:
        return None
    if a.isdigit() or b.isdigit() or (a[0] != b[0] and min(len(a), len(b)) < 4):
        # The first letter may be the typo too ("ering" for "Kering") in a word long enough
        # that the rest still says which.
        return None
    return (a, b) if DamerauLevenshtein.distance(a, b) == 1 else None


# Names that carry their history: "X formerly Y", "X (now Y)", "X, an NTT company", "X acquired
# by Y". The other name is the same company (a former or trading name) or its parent. Markers
# that are also everyday words ("now", "part of") count only after a comma, dash or bracket.
_SAME_ALWAYS = (
    r"formerly known as|formerly|previously known as|previously|f/k/a|fka|also known as|a/k/a|"
    r"aka|trading as|d/b/a|dba|ehemals|vormals|anciennement|antiguamente"
)
_PARENT_ALWAYS = (
    r"acquired by|a division of|a subsidiary of|a unit of|a business of|a member of|"
    r"owned by|wholly owned by|ein unternehmen der|eine tochter der|une filiale de|"
    r"une soci[eé]t[eé] du groupe|filiale de|una empresa de|una filial de|una empresa del grupo"
)
_SAME_AFTER_MARK = r"now|t/a|renamed|antes|ex"
_PARENT_AFTER_MARK = r"now part of|part of|now owned by|subsidiary of|division of"
_MARK = r"(?:\s*[,;(\[]\s*|\s+[-–—]\s+)"
_HISTORY = re.compile(
    rf"^(?P<name>.+)(?:{_MARK}(?P<marked>{_PARENT_AFTER_MARK}|{_SAME_AFTER_MARK})"
    rf"|(?:{_MARK}|\s+)(?P<said>{_PARENT_ALWAYS}|{_SAME_ALWAYS}))[\s:]+(?P<other>.+?)[)\]\s]*$",
    re.IGNORECASE,
)
_COMPANY_OF = re.compile(
    rf"^(?P<name>.+){_MARK}an?\s+(?P<other>.+?)\s+(?:group\s+)?company[)\]\s]*$",
    re.IGNORECASE,
)
_PARENT_MARKERS = re.compile(rf"^(?:{_PARENT_ALWAYS}|{_PARENT_AFTER_MARK})$", re.IGNORECASE)


@dataclass(frozen=True)
class OtherName:
    """Another name a company's name carries: ``role`` is "same" (a former or trading name)
    or "parent" (the group it belongs to); ``marker`` is the words that said so."""

    text: str
    role: str
    marker: str


def name_history(name: str) -> tuple[str, tuple[OtherName, ...]]:
    """The name itself and the other names it carries ("Dimension Data, an NTT company" ->
    "Dimension Data" and the parent "NTT"); a name without history is returned unchanged."""
    others: list[OtherName] = []
    text = name.strip()
    for _ in range(3):  # "X, formerly Y, an NTT company": at most a few, outermost first
        company_of = _COMPANY_OF.match(text)
        if company_of and len(company_of["other"].split()) <= 4:
            others.append(OtherName(company_of["other"].strip(" ,"), "parent", "a company of"))
            text = company_of["name"].strip(" ,")
            continue
        found = _HISTORY.match(text)
        if not found or not found["other"].strip(" ,()"):
            break
        marker = (found["marked"] or found["said"]).lower()
        role = "parent" if _PARENT_MARKERS.match(marker) else "same"
        others.append(OtherName(found["other"].strip(" ,()"), role, marker))
        text = found["name"].strip(" ,")
    return text, tuple(others)
