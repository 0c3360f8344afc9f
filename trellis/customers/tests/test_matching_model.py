"""The matcher's learned judgement: weights loaded as data, each decision's evidence with what
every feature added, names that carry their history, and the corporate-family rules."""

from __future__ import annotations

import json

import pytest

from trellis.customers.engine.matching import REVIEW, SAME_COMPANY, CompanyRecord, build_index
from trellis.customers.engine.name_rules import FAMILY_SCORE, name_history
from trellis.customers.engine.pairs import FEATURES
from trellis.customers.engine.scoring import MODEL, WEIGHTS_FILE, load_model

KNOWN = [
    CompanyRecord("redhat", "Red Hat Inc.", "", "US"),
    CompanyRecord("ibm", "International Business Machines Corporation", "", "US"),
    CompanyRecord("ntt", "Nippon Telegraph and Telephone Corporation", "", "JP"),
    CompanyRecord("meta", "Meta Platforms Inc.", "", "US"),
    CompanyRecord("toyota", "Toyota Motor Corporation", "", "JP"),
    CompanyRecord("initech", "Initech LLC", "", "US"),
    CompanyRecord("verizon", "Verizon Communications Inc.", "", "US"),
    CompanyRecord("dell", "Dell Technologies Inc.", "", "US"),
]


# Rarity and being ahead of the next-nearest company only mean something in a list of some
# size: the known companies sit among others, as in a real customer base
# (a thousand names: ten surnames, ten places, ten trades)
_WORDS_TEXT = """
    Weber Novak Silva Keller Okafor Lindqvist Moreau Rossi Tanaka Kowalski
    Alpine Baltic Coastal Harbor Meridian Summit Valley Cedar Falcon Orion
    Logistics Dental Foods Plastics Metals Printing Roofing Staffing Travel Wines
"""
_WORDS = _WORDS_TEXT.split()
OTHERS = [
    CompanyRecord(f"f{i}", f"{s} {p} {t} GmbH", "", "DE")
    for i, (s, p, t) in enumerate(
        (s, p, t) for s in _WORDS[:10] for p in _WORDS[10:20] for t in _WORDS[20:]
    )
]
INDEX = build_index([*KNOWN, *OTHERS])


def _values(name: str) -> dict[str, float]:
    """The best candidate's feature values for ``name``."""
    found = _top(name)[0]
    compared = INDEX.compared(CompanyRecord("q", name, "", ""))
    return next(pair.values for i, pair, _said in compared if INDEX.ids[i] == found)


def _top(name: str, country: str = "") -> tuple[str, float, str, tuple[str, ...]]:
    found = INDEX.match(CompanyRecord("q", name, "", country), limit=1, min_score=0)
    assert found, name
    return found[0].id, found[0].score, found[0].relation, found[0].evidence


def test_the_weights_are_data_for_every_feature_and_the_bands_are_ordered() -> None:
    data = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    assert set(data["weights"]) == set(FEATURES)
    assert load_model() == MODEL
    # Only disagreement (another domain, another country) lowers the odds.
    negative = {name for name, weight in MODEL.weights.items() if weight < 0}
    assert negative <= {"different_domain", "different_country"}
    assert REVIEW < FAMILY_SCORE < SAME_COMPANY < 1


def test_every_decision_shows_what_each_feature_added() -> None:
    found, score, relation, evidence = _top("Red Hat")
    assert (found, relation) == ("redhat", "same") and score >= SAME_COMPANY
    weighed = evidence[-1]
    assert weighed.startswith("weighed: names agree +") and "(start -" in weighed
    # Every feature's contribution, the largest first; the start is the model's intercept.
    parts = [float(p.rsplit(" ", 1)[1]) for p in weighed[9:].split(" (start")[0].split("; ")]
    present = [part for _name, part in MODEL.contributions(_values("Red Hat")) if abs(part) >= 0.05]
    assert len(parts) == len(present) > 4 and parts == sorted(parts, key=abs, reverse=True)
    assert sum(parts) == pytest.approx(sum(present), abs=0.05 * len(parts))
    assert f"(start {MODEL.intercept:+.1f})" in weighed


@pytest.mark.parametrize(
    ("name", "company", "relation"),
    [
        ("Red Hat, an IBM company", "redhat", "same"),
        ("Meta Platforms, formerly Facebook", "meta", "same"),
        ("Facebook (now Meta Platforms)", "meta", "same"),
        ("Dimension Data, an NTT company", "ntt", "family"),
    ],
)
def test_a_name_that_carries_its_history_is_matched_by_either_name(
    name: str, company: str, relation: str
) -> None:
    found, score, got, evidence = _top(name)
    assert (found, got) == (company, relation), evidence
    assert score >= (SAME_COMPANY if relation == "same" else REVIEW)
    if relation == "family":
        assert evidence[0].startswith("family: the name says 'a company of NTT'")


def test_history_markers_that_are_everyday_words_need_punctuation() -> None:
    assert name_history("Now TV") == ("Now TV", ())
    assert name_history("Part of Town Bakery") == ("Part of Town Bakery", ())
    name, others = name_history("Exxon, formerly Esso, a division of Standard Oil")
    assert name == "Exxon"
    assert [(o.text, o.role) for o in others] == [("Standard Oil", "parent"), ("Esso", "same")]


def test_a_short_form_is_the_company_and_a_sibling_business_is_only_family() -> None:
    assert _top("Verizon")[:3:2] == ("verizon", "same")
    found, _score, relation, evidence = _top("Dell")
    assert (found, relation) == ("dell", "same") and "a short form" in evidence[0]
    found, score, relation, evidence = _top("Toyota Tsusho")
    assert (found, relation) == ("toyota", "family") and score <= FAMILY_SCORE
    assert evidence[0] == "family: both start with 'toyota', then 'tsusho' and 'motor'"


def test_the_same_name_in_another_country_is_at_most_a_family_for_review() -> None:
    found, score, relation, evidence = _top("Initech", country="CA")
    assert (found, relation) == ("initech", "family") and REVIEW <= score <= FAMILY_SCORE
    assert evidence[0].startswith("family: registered in another country")
    assert "different country (CA vs US)" in evidence


@pytest.mark.parametrize(
    ("query", "known", "why"),
    [
        # A typo may touch a word's first letter when the word is long enough to still say which.
        ("Verizn Communications", "verizon", "one typo"),
        ("erizon Communications", "verizon", "one typo"),
        # A typo in a corporate word or a long legal form is no difference.
        ("Red Hat Grou", "redhat", "corporate word"),
        ("Red Hat Corporatin", "redhat", "names match"),
        # The name people say is how the known name begins.
        ("Toyota Mot", "toyota", "is how 'toyota motor' begins"),
    ],
)
def test_typos_anywhere_and_short_forms_meet_their_company(
    query: str, known: str, why: str
) -> None:
    found, score, relation, evidence = _top(query)
    assert (found, relation) == (known, "same") and score >= SAME_COMPANY, evidence
    assert why in evidence[0], evidence


def test_a_legal_form_alone_or_misspelt_never_matches() -> None:
    # "Corporatin" alone is all the name there is: kept, and it matches nothing known.
    found = INDEX.match(CompanyRecord("q", "Corporatin", "", ""), min_score=SAME_COMPANY)
    assert found == []
