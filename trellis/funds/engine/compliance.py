"""The checks a marketing-fund request meets when it is submitted.

Some refuse it outright (the form is wrong, or the program does not fund it): the partner
fixes it and nothing is stored. Others are red flags (anti-bribery, a payee that is not the
partner, short notice): the request goes in, flagged, and the approver sees each flag's
reason and must say why it is acceptable before approving. Codes and figures only: the words
are chosen in the reader's language where they are shown.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

# Words that suggest cash or value handed to a person, or a public official involved, in the
# portal's languages. A match is a flag for a person to look at, never a refusal.
RED_FLAG_TERMS: dict[str, tuple[str, ...]] = {
    "cash_equivalents": (
        "gift card",
        "gift cards",
        "gift certificate",
        "voucher",
        "vouchers",
        "prepaid card",
        "cash",
        "cash prize",
        "geschenkkarte",
        "gutschein",
        "gutscheine",
        "bargeld",
        "carte cadeau",
        "cartes cadeaux",
        "bon d'achat",
        "especes",
        "tarjeta regalo",
        "tarjetas regalo",
        "vale de regalo",
        "efectivo",
        "ギフトカード",
        "商品券",
        "現金",
        "プリペイドカード",
    ),
    "public_officials": (
        "government official",
        "public official",
        "civil servant",
        "minister",
        "ministry",
        "customs officer",
        "mayor",
        "beamter",
        "beamte",
        "amtstrager",
        "ministerium",
        "fonctionnaire",
        "fonctionnaires",
        "agent public",
        "ministere",
        "funcionario",
        "funcionarios",
        "ministerio",
        "公務員",
        "官僚",
        "大臣",
        "省庁",
    ),
    "gifts_or_hospitality": (
        "gift",
        "gifts",
        "luxury",
        "spa",
        "golf",
        "resort",
        "first class",
        "entertainment",
        "geschenk",
        "geschenke",
        "cadeau",
        "cadeaux",
        "regalo",
        "regalos",
        "贈答",
        "接待",
        "ゴルフ",
    ),
}


@dataclass(frozen=True)
class RequestFacts:
    activity_type: str
    text: str  # title, description and audience together
    starts: dt.date
    ends: dt.date
    today: dt.date
    cost: Decimal
    requested: Decimal
    currency: str
    fund_currency: str
    collects_personal_data: bool
    consent_attested: bool
    involves_public_officials: bool
    gifts_or_hospitality: bool
    cash_equivalents: bool
    payee_name: str
    partner_name: str
    tier_eligible: bool
    tier_name: str
    allowed_types: frozenset[str] | None  # None: every type the program funds
    max_share_pct: Decimal
    notice_days: int


@dataclass(frozen=True)
class Finding:
    code: str
    field: str
    figures: dict[str, str] = dataclasses.field(default_factory=dict)


@dataclass(frozen=True)
class Outcome:
    refusals: list[Finding]
    flags: list[Finding]


def _plain(text: str) -> str:
    """Lower case without accents, so "Espèces" and "especes" match; other scripts kept."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _mentions(text: str, terms: tuple[str, ...]) -> list[str]:
    plain = _plain(text)
    found = []
    for term in terms:
        if term.isascii():
            if re.search(rf"(?<![a-z]){re.escape(term)}(?![a-z])", plain):
                found.append(term)
        elif term in plain:
            found.append(term)
    return found


def _same_payee(payee: str, partner: str) -> bool:
    def letters(s: str) -> str:
        return re.sub(r"[\W_]+", "", _plain(s))

    a, b = letters(payee), letters(partner)
    return not a or a == b or (len(b) >= 4 and b in a) or (len(a) >= 4 and a in b)


def check(facts: RequestFacts) -> Outcome:
    refusals: list[Finding] = []
    flags: list[Finding] = []
    if facts.currency != facts.fund_currency:
        refusals.append(Finding("currency", "currency", {"fund": facts.fund_currency}))
    if facts.ends < facts.starts:
        refusals.append(Finding("dates", "ends"))
    elif facts.ends < facts.today:
        refusals.append(Finding("past", "ends"))
    if facts.cost <= 0:
        refusals.append(Finding("cost", "cost"))
    if facts.requested <= 0:
        refusals.append(Finding("requested", "requested_amount"))
    elif facts.requested > facts.cost > 0:
        refusals.append(Finding("over_cost", "requested_amount"))
    elif facts.cost > 0:
        most = (facts.cost * facts.max_share_pct / 100).quantize(Decimal("0.01"))
        if facts.requested > most:
            refusals.append(
                Finding(
                    "share",
                    "requested_amount",
                    {
                        "pct": f"{Decimal(facts.max_share_pct).normalize():f}",
                        "most": f"{most:f}",
                        "currency": facts.currency,
                    },
                )
            )
    if not facts.tier_eligible:
        refusals.append(Finding("tier", "activity_type", {"tier": facts.tier_name}))
    elif facts.allowed_types is not None and facts.activity_type not in facts.allowed_types:
        refusals.append(
            Finding(
                "activity",
                "activity_type",
                {"tier": facts.tier_name, "allowed": ",".join(sorted(facts.allowed_types))},
            )
        )
    if facts.collects_personal_data and not facts.consent_attested:
        refusals.append(Finding("consent", "consent_attested"))
    # "gift card" is a cash equivalent, not also a gift: those words are taken out first.
    plain = _plain(facts.text)
    for term in RED_FLAG_TERMS["cash_equivalents"]:
        plain = plain.replace(term, " ")
    for declared, code, text in (
        (facts.involves_public_officials, "public_officials", facts.text),
        (facts.gifts_or_hospitality, "gifts_or_hospitality", plain),
        (facts.cash_equivalents, "cash_equivalents", facts.text),
    ):
        words = _mentions(text, RED_FLAG_TERMS[code])
        if declared:
            flags.append(Finding(code, code, {"declared": "1"}))
        elif words:
            flags.append(Finding(code, "description", {"words": ", ".join(words[:3])}))
    if not _same_payee(facts.payee_name, facts.partner_name):
        flags.append(Finding("payee", "payee_name", {"payee": facts.payee_name}))
    if facts.today <= facts.starts < facts.today + dt.timedelta(days=facts.notice_days):
        flags.append(
            Finding("short_notice", "starts", {"days": str((facts.starts - facts.today).days)})
        )
    return Outcome(refusals, flags)
