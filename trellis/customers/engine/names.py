"""Company-name normalisation: the key that lets "ACME, Inc." and "Acme Incorporated" meet.

Folds case, accents, punctuation and full-width forms, and removes legal
forms across languages (Inc, LLC, Ltd, GmbH, AG, S.A., K.K., 株式会社...)
wherever they stand in the name.
"""

from __future__ import annotations

import re
import unicodedata

# Legal forms as token sequences after punctuation folding ("s.a." -> "s a").
_LEGAL_FORMS: tuple[tuple[str, ...], ...] = tuple(
    tuple(form.split())
    for form in [
        "incorporated",
        "inc",
        "corporation",
        "corp",
        "company",
        "co",
        "limited",
        "ltd",
        "llc",
        "llp",
        "lp",
        "plc",
        "pty",
        "gmbh",
        "ag",
        "kg",
        "kgaa",
        "ohg",
        "ug",
        "mbh",
        "se",
        "ev",
        "sa",
        "sas",
        "sarl",
        "sasu",
        "snc",
        "sca",
        "spa",
        "srl",
        "sl",
        "slu",
        "sau",
        "bv",
        "nv",
        "vof",
        "oy",
        "ab",
        "as",
        "asa",
        "aps",
        "kk",
        "gk",
        "yk",
        "pte",
        "sdn",
        "bhd",
        "pvt",
        "tbk",
        "ltda",
        "cia",
        "株式会社",
        "有限会社",
        "合同会社",
        "kabushiki",
        "kaisha",
        "aktiengesellschaft",
        "aktiebolaget",
        "aktieselskab",
        "aksjeselskap",
        "nyrt",
        "oyj",
        "pjsc",
        "jsc",
        "berhad",
        "sab",
    ]
)
_MULTI_TOKEN_FORMS: tuple[tuple[str, ...], ...] = (
    ("s", "a"),
    ("s", "a", "s"),
    ("s", "l"),
    ("s", "r", "l"),
    ("s", "p", "a"),
    ("b", "v"),
    ("n", "v"),
    ("k", "k"),
    ("g", "k"),
    ("co", "ltd"),
    ("pty", "ltd"),
    ("pvt", "ltd"),
    ("gmbh", "co", "kg"),
    ("kabushiki", "kaisha"),
    ("public", "limited", "company"),
    ("limited", "liability", "company"),
    ("sdn", "bhd"),
    ("pte", "ltd"),
    ("gmbh", "and", "co", "kg"),
    ("gmbh", "and", "co"),
    ("and", "co", "kg"),
    ("and", "co", "kgaa"),
    ("co", "kgaa"),
    ("and", "co"),
    ("sp", "z", "o", "o"),
    ("sp", "z", "oo"),
    ("sp", "zoo"),
    ("sa", "de", "cv"),
    ("gmbh", "and", "cokg"),
    ("s", "a", "de", "c", "v"),
    ("sa", "de", "cv"),
    ("s", "a", "s"),
    ("s", "a", "r", "l"),
    ("a", "s"),
    ("s", "r", "o"),
    ("co", "inc"),
    ("societe", "anonyme"),
    ("private", "limited"),
    ("joint", "stock", "company"),
    ("public", "joint", "stock", "company"),
    ("sab", "de", "cv"),
)
# Multi-word legal forms by their first word, longest first, so a scan tries few.
_FORMS_STARTING_WITH: dict[str, tuple[tuple[str, ...], ...]] = {}
for _form in sorted(_MULTI_TOKEN_FORMS, key=len, reverse=True):
    _FORMS_STARTING_WITH[_form[0]] = (*_FORMS_STARTING_WITH.get(_form[0], ()), _form)
_SINGLE = frozenset(f[0] for f in _LEGAL_FORMS if len(f) == 1)
_JP_FORMS = ("株式会社", "有限会社", "合同会社")
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


def fold(text: str) -> str:
    """Case-, accent- and width-insensitive form of ``text``, punctuation as spaces."""
    text = unicodedata.normalize("NFKC", text).casefold().replace("&", " and ")
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = unicodedata.normalize("NFC", stripped.replace("ß", "ss"))
    for form in _JP_FORMS:  # written without spaces in Japanese names
        stripped = stripped.replace(form, f" {form} ")
    return " ".join(_NON_WORD.sub(" ", stripped).split())


def _join_initials(tokens: list[str]) -> list[str]:
    """Runs of single letters are one word written with dots: "g m b h" -> "gmbh", "i b m" ->
    "ibm"."""
    out: list[str] = []
    run: list[str] = []
    for token in [*tokens, ""]:
        if len(token) == 1 and token.isascii() and token.isalpha():
            run.append(token)
            continue
        if run:
            out.append("".join(run))
            run = []
        if token:
            out.append(token)
    return out


def name_tokens(name: str) -> list[str]:
    """The significant tokens of a company name, legal forms removed."""
    tokens = _join_initials(fold(name).split())
    out: list[str] = []
    i = 0
    while i < len(tokens):
        for form in _FORMS_STARTING_WITH.get(tokens[i], ()):
            if tuple(tokens[i : i + len(form)]) == form:
                i += len(form)
                break
        else:
            if tokens[i] not in _SINGLE:
                out.append(tokens[i])
            i += 1
    # A name that is nothing but a legal form ("AG") keeps its tokens.
    return out or tokens


def normalize_company_name(name: str) -> str:
    return " ".join(name_tokens(name))


def normalize_domain(value: str) -> str:
    """``https://www.Acme.com/about`` -> ``acme.com``; e-mail addresses give their domain."""
    value = value.strip().lower()
    if "@" in value:
        value = value.rsplit("@", 1)[1]
    value = re.sub(r"^[a-z][a-z0-9+.-]*://", "", value)
    value = value.split("/", 1)[0].split("?", 1)[0].split(":", 1)[0].rstrip(".")
    return value.removeprefix("www.")
