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
        "주식회사",
        "有限公司",
        "股份有限公司",
        "公司",
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
# Legal forms and business words written without spaces in Japanese, Korean and Chinese names,
# found by one pattern, longest first ("股份有限公司" before "有限公司" before "公司").
_CJK_FORMS = ("株式会社", "有限会社", "合同会社", "주식회사", "股份有限公司", "有限公司", "公司")
# Business words as those names write them, in the English a reference list most often has:
# "ソフトバンクグループ" is SoftBank Group, "현대자동차" Hyundai Motor, "华为技术" Huawei
# Technologies.
_CJK_WORDS = {
    "グループ": "group",
    "ホールディングス": "holdings",
    "ホールディング": "holding",
    "コーポレーション": "corporation",
    "インターナショナル": "international",
    "テクノロジーズ": "technologies",
    "テクノロジー": "technology",
    "システムズ": "systems",
    "システム": "systems",
    "ソリューションズ": "solutions",
    "エレクトロニクス": "electronics",
    "サービス": "services",
    "ジャパン": "japan",
    "自動車": "motor",
    "重工業": "heavy industries",
    "工業": "industries",
    "銀行": "bank",
    "証券": "securities",
    "保険": "insurance",
    "製薬": "pharmaceutical",
    "化学": "chemical",
    "電機": "electric",
    "電気": "electric",
    "電子": "electronics",
    "商事": "trading",
    "그룹": "group",
    "홀딩스": "holdings",
    "전자": "electronics",
    "자동차": "motor",
    "중공업": "heavy industries",
    "은행": "bank",
    "증권": "securities",
    "화학": "chemical",
    "생명": "life",
    "집단": "group",
    "集团": "group",
    "集團": "group",
    "控股": "holdings",
    "银行": "bank",
    "汽车": "automobile",
    "汽車": "automobile",
    "科技": "technology",
    "技术": "technologies",
    "技術": "technologies",
    "电子": "electronics",
    "保险": "insurance",
}
_CJK_WORD = re.compile("|".join(sorted([*_CJK_FORMS, *_CJK_WORDS], key=len, reverse=True)))
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
# The marks that voice a kana ("テ" -> "デ") are part of the letter, not an accent.
_KANA_VOICING = frozenset("\u3099\u309a")
# Kana, CJK ideographs and Hangul: only names holding one need the two patterns below.
_CJK_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_KANA_KANJI = re.compile(
    r"(?<=[\u3040-\u30ff])(?=[\u3400-\u9fff])|(?<=[\u3400-\u9fff])(?=[\u3040-\u30ff])"
)


def fold(text: str) -> str:
    """Case-, accent- and width-insensitive form of ``text``, punctuation as spaces."""
    text = unicodedata.normalize("NFKC", text).casefold().replace("&", " and ")
    if text.isascii():  # most names: no accent to take off, no other script to read
        return " ".join(_NON_WORD.sub(" ", text).split())
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(
        ch for ch in decomposed if not unicodedata.combining(ch) or ch in _KANA_VOICING
    )
    stripped = unicodedata.normalize("NFC", stripped.replace("ß", "ss"))
    if _CJK_CHAR.search(stripped):
        stripped = _CJK_WORD.sub(lambda m: f" {_CJK_WORDS.get(m[0], m[0])} ", stripped)
        # "トヨタ自動車": a name in katakana, then a business in kanji, written without a space.
        stripped = _KANA_KANJI.sub(" ", stripped)
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
            # After the name's first word, a run may end in a dotted legal form ("& C. S.p.A.").
            out.extend(_initials_and_form("".join(run)) if out else ["".join(run)])
            run = []
        if token:
            out.append(token)
    return out


# Legal forms written with dots that may follow a name's own initial ("Pirelli & C. S.p.A.").
_DOTTED_FORMS = ("sarl", "spa", "sas", "srl", "sa", "bv", "nv", "kk", "sl")


def _initials_and_form(letters: str) -> list[str]:
    """A run of single letters as words: "cspa" -> "c", "spa" (an initial, then a legal form
    written with dots); "ibm" stays "ibm"."""
    for form in _DOTTED_FORMS:
        if len(letters) > len(form) and letters.endswith(form):
            return [letters[: -len(form)], form]
    return [letters]


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


# A normalised name is stored for search in a column of this length; it may be longer than the
# name itself ("重工業" reads "heavy industries").
NORMALIZED_LENGTH = 250


def normalize_company_name(name: str) -> str:
    return " ".join(name_tokens(name))[:NORMALIZED_LENGTH]


def normalize_domain(value: str) -> str:
    """``https://www.Acme.com/about`` -> ``acme.com``; e-mail addresses give their domain."""
    value = value.strip().lower()
    if "@" in value:
        value = value.rsplit("@", 1)[1]
    value = re.sub(r"^[a-z][a-z0-9+.-]*://", "", value)
    value = value.split("/", 1)[0].split("?", 1)[0].split(":", 1)[0].rstrip(".")
    return value.removeprefix("www.")
