"""The company matcher: each kind of evidence, explained in words, and its invariants."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from trellis.customers.engine.matching import (
    SAME_COMPANY,
    CompanyIndex,
    CompanyRecord,
    _best_looped,
    _best_vectorised,
    build_index,
    match_tokens,
    registrable_domain,
)
from trellis.customers.engine.names import normalize_company_name
from trellis.customers.engine.tokens import acronyms

KNOWN = [
    CompanyRecord("acme", "Acme Holdings Inc.", "acme.com", "US", "New York"),
    CompanyRecord("acme-foods", "Acme Foods GmbH", "acmefoods.de", "DE", "Berlin"),
    CompanyRecord("ibm", "International Business Machines Corp", "ibm.com", "US"),
    CompanyRecord("mueller", "Müller Maschinenbau GmbH & Co. KG", "", "DE", "München"),
    CompanyRecord("globex", "Globex K.K.", "globex.co.jp", "JP"),
    CompanyRecord("gazprom", "Газпром", "", "RU"),
]


def _best(
    index: CompanyIndex, name: str, domain: str = "", country: str = "", city: str = ""
) -> tuple[str, float, str]:
    found = index.match(CompanyRecord("q", name, domain, country, city), limit=1, min_score=0.0)
    return (found[0].id, found[0].score, "; ".join(found[0].evidence)) if found else ("", 0.0, "")


def test_legal_form_case_and_punctuation_do_not_matter() -> None:
    index = build_index(KNOWN)
    match, score, why = _best(index, "ACME HOLDINGS, INCORPORATED", country="US")
    assert match == "acme" and score >= SAME_COMPANY
    assert "names match after removing legal form" in why and "same country (US)" in why


def test_same_domain_is_strong_evidence_even_from_an_email_address() -> None:
    index = build_index(KNOWN)
    match, score, why = _best(
        index, "Acme Americas", domain="jane.doe@sales.acme.com", country="US"
    )
    assert match == "acme" and score >= SAME_COMPANY and "same domain acme.com" in why


def test_a_different_company_sharing_a_word_is_not_a_match() -> None:
    index = build_index(KNOWN)
    _, score, _ = _best(index, "Acme Steel", country="US")
    assert score < 0.5


def test_different_country_lowers_the_score_and_says_so() -> None:
    index = build_index(KNOWN)
    _, same, _ = _best(index, "Globex", country="JP")
    _, other, why = _best(index, "Globex", country="FR")
    assert other < same and "different country (FR vs JP)" in why


def test_initials_typos_umlauts_and_other_scripts() -> None:
    index = build_index(KNOWN)
    assert _best(index, "IBM", country="US")[0] == "ibm"
    assert _best(index, "Acme Holdngs", country="US")[0] == "acme"
    assert _best(index, "Mueller Maschinenbau AG", country="DE")[1] >= SAME_COMPANY
    assert _best(index, "Gazprom PJSC", country="RU")[0] == "gazprom"


def test_added_records_are_matchable_at_once_and_replacing_an_id_forgets_the_old_name() -> None:
    index = build_index(KNOWN)
    index.add(CompanyRecord("new", "Initech Software LLC", "initech.com", "US"))
    assert _best(index, "Initech Software", country="US")[0] == "new"
    index.add(CompanyRecord("new", "Hooli Inc", "hooli.com", "US"))
    assert _best(index, "Initech Software", country="US")[0] != "new"
    assert _best(index, "Hooli", country="US")[0] == "new"


def test_registrable_domain() -> None:
    assert registrable_domain("https://www.shop.acme.co.uk/about") == "acme.co.uk"
    assert registrable_domain("bob@gmail.com") == ""
    assert registrable_domain("ACME.COM") == "acme.com"


names = st.text(
    alphabet=st.characters(codec="utf-8", categories=["L", "N", "P", "Zs"]), min_size=1, max_size=40
)


@settings(max_examples=200, deadline=None)
@given(name=names, country=st.sampled_from(["", "US", "DE", "JP"]))
def test_scores_are_probabilities_and_a_record_matches_itself_best(name: str, country: str) -> None:
    index = build_index(KNOWN)
    index.add(CompanyRecord("self", name, "", country))
    for match in index.match(CompanyRecord("q", name, "", country), limit=10, min_score=0.0):
        assert 0.0 <= match.score <= 1.0
    if match_tokens(name):
        top = index.match(CompanyRecord("q", name, "", country), limit=10, min_score=0.0)
        assert top and top[0].score >= max(m.score for m in top)
        assert "self" in [m.id for m in top if m.score == top[0].score] or top[0].score >= 0.99


@settings(max_examples=200, deadline=None)
@given(name=names)
def test_normalisation_is_idempotent(name: str) -> None:
    once = normalize_company_name(name)
    assert normalize_company_name(once) == once or not once.strip()


def test_numbers_in_names_tell_companies_apart() -> None:
    index = build_index(
        [
            CompanyRecord("54", "Studio 54 LLC", "", "US"),
            CompanyRecord("45", "Studio 45 LLC", "", "US"),
        ]
    )
    match, score, _why = _best(index, "Studio 54", country="US")
    assert match == "54" and score >= SAME_COMPANY
    other = index.match(CompanyRecord("q", "Studio 54", "", "US"), limit=2, min_score=0.0)[1]
    assert other.id == "45" and other.score < 0.01 and "different numbers" in other.evidence[0]


def test_a_match_since_a_position_scores_the_records_added_since_as_a_full_match_does() -> None:
    index = build_index(KNOWN)
    since = len(index)
    index.add(CompanyRecord("acme-eu", "Acme Holdings Europe", "acme.eu", "DE"))
    index.add(
        CompanyRecord("acme-foods", "Acme Foods and Drinks GmbH", "acmefoods.de", "DE")
    )  # changed
    query = CompanyRecord("q", "Acme Foods", "", "DE")
    full = {m.id: m for m in index.match(query, limit=10, min_score=0.0)}
    newer = index.match(query, limit=10, min_score=0.0, since=since)
    assert {m.id for m in newer} == {"acme-eu", "acme-foods"}
    assert all(full[m.id] == m for m in newer)
    assert index.ids_since(since) == {"acme-eu", "acme-foods"}
    assert index.match(query, limit=10, min_score=0.0, since=len(index)) == []


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.lists(st.integers(0, 60), max_size=80).map(sorted),
            st.integers(0, 80),
            st.sampled_from([1.0, 3.0, 5.0, 100.0, 0.7, 2.3025850929940455]),
        ),
        max_size=12,
    )
)
def test_long_postings_are_summed_with_numpy_to_the_same_candidates_in_the_same_order(
    taken: list[tuple[list[int], int, float]],
) -> None:
    # Repeated positions, shared weights and ties: numpy must pick the same candidates as the
    # loop, sum the same floats in the same order, and break ties by the position met first.
    taken = [(posting, min(start, len(posting)), w) for posting, start, w in taken if posting]
    taken = [t for t in taken if t[1] < len(t[0])]
    if taken:
        assert _best_vectorised(taken) == _best_looped(taken)


def test_a_query_reading_long_postings_finds_what_short_ones_would() -> None:
    # Past _PACK_FROM a posting is packed into an array; past _VECTOR_FROM entries numpy sums them.
    index = build_index(
        CompanyRecord(str(i), f"Harbour {i} Freight Lines", "", "DE") for i in range(600)
    )
    found = index.match(CompanyRecord("", "Harbour 77 Freight Lines", "", "DE"))
    assert found[0].id == "77" and found[0].score >= SAME_COMPANY
    assert all(m.id != "77" for m in found[1:])


REAL = [
    CompanyRecord("sompo", "Sompo K.K."),
    CompanyRecord("moon", "Moon Communications Ltd"),
    CompanyRecord("ironcap", "Iron Dog Studio Ltd"),
    CompanyRecord("cypress", "Cypress Care LLC"),
    CompanyRecord("redbull", "Red Bull GmbH"),
    CompanyRecord("aclara", "Aclara Technologies LLC"),
    CompanyRecord("health-partners", "Health Partners Inc."),
    CompanyRecord("woolworths", "Woolworths Group Limited"),
    CompanyRecord("phoar", "Phoar Sp. z o.o."),
]


def _top(index: CompanyIndex, name: str) -> tuple[str, float, str, str]:
    found = index.match(CompanyRecord("q", name), limit=1, min_score=0.0)
    if not found:
        return ("", 0.0, "", "")
    return (found[0].id, found[0].score, found[0].relation, found[0].evidence[0])


def test_a_leading_article_in_any_portal_language_is_no_difference() -> None:
    index = build_index(REAL)
    for name in ("The Sompo", "the moon communications", "Die Sompo", "La Sompo", "El Sompo"):
        found, score, relation, _words = _top(index, name)
        assert found in ("sompo", "moon") and score >= SAME_COMPANY and relation == "same", name


def test_one_typo_in_a_word_is_a_typo_where_the_rest_agrees() -> None:
    index = build_index(REAL)
    for name, company in (("Irno Dog Studio", "ironcap"), ("Cypress Caore", "cypress")):
        found, score, relation, words = _top(index, name)
        assert (found, relation) == (company, "same") and score >= SAME_COMPANY
        assert "one typo" in words
    # A short word alone one letter from two known names could be either: a person looks.
    ambiguous = build_index([*REAL, CompanyRecord("phoir", "Phoir Ltd")])
    assert _top(ambiguous, "Phovr")[1] < SAME_COMPANY


def test_a_regional_unit_or_the_group_is_the_same_family_for_a_person_to_review() -> None:
    index = build_index(REAL)
    for name, company in (
        ("Red Bull Australia Pty Ltd", "redbull"),
        ("Aclara Technologies Europe", "aclara"),
    ):
        found, score, relation, words = _top(index, name)
        assert (found, relation) == (company, "family"), name
        assert 0.5 <= score < SAME_COMPANY and words.startswith("family: ")
    # A corporate word ("Group") is how one company writes its name, not another company.
    found, score, relation, words = _top(index, "Woolworths")
    assert (found, relation) == ("woolworths", "same") and score >= SAME_COMPANY
    assert "corporate word 'grp'" in words


def test_companies_sharing_a_common_word_stay_different() -> None:
    index = build_index(REAL)
    _found, score, relation, _words = _top(index, "Health Cooperative")
    assert score < SAME_COMPANY and relation != "family"


def test_bad_names_never_match_on_nothing_or_on_a_legal_form_alone() -> None:
    index = build_index([*REAL, CompanyRecord("gmbh-only", "GmbH")])
    for name in (
        "",
        "   ",
        "...",
        "GmbH",
        "Inc.",
        "x" * 10_000,
        "Sompo\x00\x07",
        "Ｓｏｍｐｏ Связь",
    ):
        found = index.match(CompanyRecord("q", name), limit=1, min_score=SAME_COMPANY)
        assert all(m.id != "gmbh-only" or name == "GmbH" for m in found), name
    assert not index.match(CompanyRecord("q", "Inc."), limit=1, min_score=SAME_COMPANY)


def test_initials_skip_small_words_and_a_dotted_legal_form_is_no_initial() -> None:
    icbc = match_tokens("Industrial and Commercial Bank of China Limited")
    assert {"icbc", "icboc"} <= acronyms(icbc)
    assert "ey" in acronyms(match_tokens("Ernst & Young Global Limited"))
    # "& C. S.p.A." is the founder's "and company" and a legal form, not the initials "cspa";
    # a name that is all initials keeps them ("P.S.A.").
    assert match_tokens("Pirelli & C. S.p.A.") == ("pirelli", "c")
    assert match_tokens("P.S.A.") == ("psa",)
    index = build_index([*KNOWN, CompanyRecord("icbc", "Industrial and Commercial Bank of China")])
    assert _best(index, "ICBC")[0] == "icbc"


def test_names_in_japanese_korean_and_chinese_keep_their_sounds_and_business_words() -> None:
    # A voicing mark is part of the kana ("デ" is "de", not "te"); business words read in English.
    assert match_tokens("デンソー") == ("denso",)
    assert match_tokens("トヨタ自動車株式会社") == ("toyota", "motor")
    assert match_tokens("삼성전자") == ("samseong", "electronics")
    assert match_tokens("华为技术有限公司") == ("huawei", "tech")
    index = build_index(
        [
            *KNOWN,
            CompanyRecord("denso", "Denso Corporation"),
            CompanyRecord("toyota", "Toyota Motor"),
        ]
    )
    assert _best(index, "デンソー")[0] == "denso"
    found, score, _evidence = _best(index, "トヨタ自動車")
    assert found == "toyota" and score >= SAME_COMPANY
