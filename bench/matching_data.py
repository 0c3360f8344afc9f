"""A labelled company-name benchmark: reference companies, and queries that are variants of them
(or hard negatives that are not), each with the kind of variation it carries.

Independent of the demo generator and of the engine's own word lists: names
are built from surnames, places, coined words and industry words in several
languages, and variants are produced the way CRMs and partners actually write
them.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

SURNAMES = (
    "Johnson",
    "Schmidt",
    "Dubois",
    "García",
    "Rossi",
    "Nakamura",
    "Kowalski",
    "Andersson",
    "Novák",
    "Okafor",
    "Fitzgerald",
    "Van der Berg",
    "Müller",
    "Lefèvre",
    "Sørensen",
    "Yılmaz",
    "Peña",
    "Łukasik",
    "Hoffmann",
    "Bergström",
    "Öztürk",
    "Gonçalves",
    "Brennan",
    "Whitaker",
    "Castellano",
    "Haraldsen",
    "Kaminski",
    "Moreau",
    "Ibáñez",
    "Jäger",
)
PLACES = (
    "Pacific",
    "Nordic",
    "Alpine",
    "Atlantic",
    "Baltic",
    "Danube",
    "Highland",
    "Coastal",
    "Midwest",
    "Andean",
    "Rhine",
    "Sahara",
    "Yukon",
    "Iberia",
    "Bavaria",
    "Kansai",
    "Patagonia",
    "Cascadia",
    "Lakeside",
    "Riverside",
    "Northgate",
    "Southbridge",
)
SYLLABLES = (
    "zen",
    "tri",
    "nova",
    "cor",
    "lux",
    "ver",
    "dex",
    "ora",
    "qua",
    "tel",
    "mar",
    "vio",
    "sol",
    "kin",
    "tar",
    "bri",
    "lum",
    "ex",
    "ion",
    "ar",
    "pho",
    "gen",
    "vel",
    "rax",
    "mi",
    "zo",
    "ta",
    "ri",
    "den",
)
INDUSTRY = (
    "Logistics",
    "Pharmaceuticals",
    "Steel",
    "Foods",
    "Bank",
    "Insurance",
    "Energy",
    "Software",
    "Systems",
    "Motors",
    "Textiles",
    "Chemicals",
    "Construction",
    "Telecom",
    "Hospitality",
    "Aerospace",
    "Robotics",
    "Packaging",
    "Brewing",
    "Media",
    "Healthcare",
    "Analytics",
    "Shipping",
    "Mining",
    "Semiconductors",
    "Furniture",
    "Cosmetics",
    "Agriculture",
    "Consulting",
    "Security",
)
QUALIFIERS = (
    "International",
    "Manufacturing",
    "Services",
    "Technologies",
    "Industries",
    "Laboratories",
    "Associates",
    "Brothers",
    "Group",
    "Holdings",
    "Partners",
    "Solutions",
    "Enterprises",
)
LEGAL = {
    "US": ("Inc.", "LLC", "Corp.", "Corporation", "Incorporated", "Co."),
    "GB": ("Ltd", "Limited", "plc"),
    "DE": ("GmbH", "AG", "GmbH & Co. KG"),
    "FR": ("SA", "SAS", "SARL"),
    "ES": ("S.A.", "S.L."),
    "IT": ("S.p.A.", "S.r.l."),
    "JP": ("K.K.", "Co., Ltd."),
    "NL": ("B.V.", "N.V."),
    "SE": ("AB",),
    "BR": ("Ltda.", "S.A."),
    "PL": ("Sp. z o.o.",),
    "IN": ("Pvt. Ltd.",),
    "AU": ("Pty Ltd",),
}
ABBREVIATIONS = {
    "International": "Intl",
    "Manufacturing": "Mfg",
    "Services": "Svcs",
    "Technologies": "Tech",
    "Laboratories": "Labs",
    "Associates": "Assoc",
    "Brothers": "Bros",
    "Industries": "Ind",
    "Pharmaceuticals": "Pharma",
    "Enterprises": "Ent",
    "Systems": "Sys",
    "Telecom": "Tel",
    "Construction": "Constr",
    "Insurance": "Ins",
}
CYRILLIC = {
    "a": "а",
    "b": "б",
    "v": "в",
    "g": "г",
    "d": "д",
    "e": "е",
    "z": "з",
    "i": "и",
    "k": "к",
    "l": "л",
    "m": "м",
    "n": "н",
    "o": "о",
    "p": "п",
    "r": "р",
    "s": "с",
    "t": "т",
    "u": "у",
    "f": "ф",
}
KINDS = (
    "legal_form",
    "case_punctuation",
    "abbreviation",
    "typo",
    "word_order",
    "transliteration",
    "domain_only",
)


@dataclass(frozen=True)
class Company:
    id: str
    name: str
    domain: str
    country: str


@dataclass(frozen=True)
class Query:
    id: str
    name: str
    domain: str
    country: str
    truth: str  # the reference id, or "" for a hard negative
    kind: str


def _ascii(text: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", text) if c.isalnum() and ord(c) < 128
    ).lower()


class Generator:
    def __init__(self, seed: int = 2026) -> None:
        self.rng = random.Random(seed)
        # Names as sorted word sets: a permutation of a name is the same company, never a new one.
        self.names: set[tuple[str, ...]] = set()

    def _fresh(self, core: str) -> bool:
        key = tuple(sorted(w for w in core.lower().split() if w != "&"))
        if key in self.names:
            return False
        self.names.add(key)
        return True

    def _coined(self) -> str:
        return "".join(
            self.rng.choice(SYLLABLES) for _ in range(self.rng.randint(2, 3))
        ).capitalize()

    def _core(self) -> str:
        r = self.rng
        pattern = r.randrange(7)
        if pattern == 0:
            return self._coined()
        if pattern == 1:
            return f"{self._coined()} {r.choice(INDUSTRY)}"
        if pattern == 2:
            return f"{r.choice(SURNAMES)} & {r.choice(SURNAMES)}"
        if pattern == 3:
            return f"{r.choice(PLACES)} {r.choice(INDUSTRY)} {r.choice(QUALIFIERS)}"
        if pattern == 4:
            return f"{r.choice(SURNAMES)} {r.choice(INDUSTRY)}"
        if pattern == 5:
            return f"{r.choice(QUALIFIERS)} {r.choice(PLACES)} {r.choice(INDUSTRY)}"
        return f"{self._coined()} {r.choice(INDUSTRY)} {r.choice(QUALIFIERS)}"

    def company(self, i: int) -> Company:
        while True:
            core = self._core()
            if self._fresh(core):
                break
        country = self.rng.choice(sorted(LEGAL))
        name = f"{core} {self.rng.choice(LEGAL[country])}"
        domain = ""
        if self.rng.random() < 0.7:
            words = [w for w in core.split() if w != "&"]
            tld = "com" if country == "US" else country.lower()
            domain = f"{_ascii(''.join(words[:2]))}{i % 97}.{tld}"
        return Company(f"R{i}", name, domain, country)

    def reference(self, n: int) -> list[Company]:
        return [self.company(i) for i in range(n)]

    # --- variants ----------------------------------------------------------------------

    def variant(self, c: Company, kind: str) -> tuple[str, str] | None:
        """(name, domain) of ``c`` written another way, or None when ``kind`` cannot apply."""
        r = self.rng
        core, form = self._split(c)
        domain = c.domain if r.random() < 0.5 else ""
        if kind == "legal_form":
            others = [f for f in LEGAL[c.country] if f != form] + ["", "Inc", "Ltd"]
            return f"{core} {r.choice(others)}".strip(), domain
        if kind == "case_punctuation":
            text = r.choice(
                [
                    core.upper(),
                    core.lower(),
                    core.replace(" ", ", ", 1),
                    core.replace("&", "and"),
                    core.replace(" ", "-"),
                ]
            )
            return f"{text} {form.upper() if r.random() < 0.5 else form.replace('.', '')}", domain
        if kind == "abbreviation":
            words = core.split()
            if any(w in ABBREVIATIONS for w in words):
                return " ".join(ABBREVIATIONS.get(w, w) for w in words) + f" {form}", domain
            significant = [w for w in words if w != "&"]
            if len(significant) >= 3:
                return "".join(w[0] for w in significant).upper(), domain
            return None
        if kind == "typo":
            words = core.split()
            long = [k for k, w in enumerate(words) if len(w) >= 5]
            if not long:
                return None
            k = r.choice(long)
            words[k] = self._typo(words[k])
            return " ".join(words) + f" {form}", domain
        if kind == "word_order":
            words = core.split(" & ") if "&" in core else core.split()
            if len(words) < 2:
                return None
            r.shuffle(words)
            if words == (core.split(" & ") if "&" in core else core.split()):
                words.reverse()
            return (" & " if "&" in core else " ").join(words) + f" {form}", domain
        if kind == "transliteration":
            if core != unicodedata.normalize("NFKD", core).encode("ascii", "ignore").decode():
                return self._germanic(core) + f" {form}", domain
            if " " not in core and all(ch.lower() in CYRILLIC for ch in core):
                return "".join(
                    CYRILLIC[ch.lower()] for ch in core
                ).capitalize() + f" {form}", domain
            return None
        if kind == "domain_only":
            if not c.domain:
                return None
            return f"{self._coined()} {r.choice(QUALIFIERS)}", r.choice(
                [c.domain, f"www.{c.domain}", f"sales@{c.domain}", f"https://{c.domain}/contact"]
            )
        raise ValueError(kind)

    def _split(self, c: Company) -> tuple[str, str]:
        for form in sorted(LEGAL[c.country], key=len, reverse=True):
            if c.name.endswith(" " + form):
                return c.name[: -len(form) - 1], form
        return c.name, ""

    def _typo(self, word: str) -> str:
        r = self.rng
        i = r.randrange(1, len(word) - 1)
        op = r.randrange(4)
        if op == 0:
            return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        if op == 1:
            return word[:i] + word[i + 1 :]
        if op == 2:
            return word[:i] + word[i] + word[i:]
        return word[:i] + r.choice("aeiourstnl") + word[i + 1 :]

    @staticmethod
    def _germanic(text: str) -> str:
        table = {
            "ü": "ue",
            "ö": "oe",
            "ä": "ae",
            "ß": "ss",
            "ø": "oe",
            "å": "aa",
            "Ü": "Ue",
            "Ö": "Oe",
            "Ä": "Ae",
            "Ø": "Oe",
            "Å": "Aa",
            "Ł": "L",
            "ł": "l",
            "ı": "i",
            "İ": "I",
        }
        text = "".join(table.get(ch, ch) for ch in text)
        return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()

    def hard_negative(self, reference: list[Company]) -> tuple[str, str, str]:
        """A different company that shares a word (or its whole pattern) with a reference one."""
        r = self.rng
        c = r.choice(reference)
        core, _form = self._split(c)
        words = core.split()
        while True:
            k = r.randrange(len(words))
            replacement = (
                r.choice(INDUSTRY + QUALIFIERS + PLACES + SURNAMES)
                if r.random() < 0.7
                else self._coined()
            )
            new = words.copy()
            if new[k] == "&":
                continue
            new[k] = replacement
            if len(new) == 1:
                new.append(r.choice(INDUSTRY))
            candidate = " ".join(new)
            if self._fresh(candidate):
                return f"{candidate} {r.choice(LEGAL[c.country])}", "", c.country


def benchmark(
    n_reference: int = 20_000, per_kind: int = 400, negatives: int = 1_500, seed: int = 2026
) -> tuple[list[Company], list[Query]]:
    gen = Generator(seed)
    reference = gen.reference(n_reference)
    queries: list[Query] = []
    for kind in KINDS:
        made = 0
        while made < per_kind:
            c = gen.rng.choice(reference)
            v = gen.variant(c, kind)
            if v is None:
                continue
            queries.append(Query(f"Q{len(queries)}", v[0], v[1], c.country, c.id, kind))
            made += 1
    for _ in range(negatives):
        name, domain, country = gen.hard_negative(reference)
        queries.append(Query(f"Q{len(queries)}", name, domain, country, "", "hard_negative"))
    return reference, queries
