"""The funds engines on their own: the ledger's arithmetic holds whatever the order of
entries (Hypothesis), periods read as finance writes them, and the compliance checks."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trellis.funds.engine import compliance, ledger, periods

KINDS = list(ledger.MOVES)


@given(
    st.lists(
        st.tuples(st.sampled_from(KINDS), st.integers(min_value=1, max_value=10_000)),
        max_size=60,
    )
)
def test_no_sequence_of_entries_overdraws_a_fund_or_loses_a_cent(
    moves: list[tuple[str, int]],
) -> None:
    balances = ledger.Balances()
    money_in = Decimal(0)
    for kind, cents in moves:
        amount = Decimal(cents) / 100
        try:
            after = ledger.apply(balances, kind, amount)
        except ledger.Overdrawn:
            continue
        if kind == "allocate":
            money_in += amount
        elif kind == "allocate_out":
            money_in -= amount
        balances = after
        for bucket in ("allocated", "committed", "claimed", "paid", "expired", "available"):
            assert getattr(balances, bucket) >= 0, (bucket, moves)
        # every cent that came in is somewhere
        spoken = balances.committed + balances.claimed + balances.paid + balances.expired
        assert balances.available + spoken == money_in == balances.allocated


def test_an_entry_that_would_overdraw_says_what_is_there() -> None:
    funded = ledger.apply(ledger.Balances(), "allocate", Decimal("100"))
    with pytest.raises(ledger.Overdrawn) as refused:
        ledger.apply(funded, "commit", Decimal("100.01"))
    assert refused.value.has == Decimal("100")
    committed = ledger.apply(funded, "commit", Decimal("60"))
    with pytest.raises(ledger.Overdrawn):
        ledger.apply(committed, "claim", Decimal("61"))
    released = ledger.apply(committed, "release", Decimal("10"))
    assert (released.available, released.returned) == (Decimal("50"), Decimal("10"))
    with pytest.raises(ValueError):
        ledger.apply(funded, "commit", Decimal("0"))


@pytest.mark.parametrize(
    ("label", "start_month", "starts", "ends"),
    [
        ("FY2027", 1, dt.date(2027, 1, 1), dt.date(2027, 12, 31)),
        ("fy2027-h2", 1, dt.date(2027, 7, 1), dt.date(2027, 12, 31)),
        ("FY2027-Q1", 4, dt.date(2026, 4, 1), dt.date(2026, 6, 30)),
        ("FY2027-Q4", 4, dt.date(2027, 1, 1), dt.date(2027, 3, 31)),
        ("FY2027", 10, dt.date(2026, 10, 1), dt.date(2027, 9, 30)),
        ("2027-02", 1, dt.date(2027, 2, 1), dt.date(2027, 2, 28)),
    ],
)
def test_periods_read_as_finance_writes_them(
    label: str, start_month: int, starts: dt.date, ends: dt.date
) -> None:
    period = periods.parse(label, year_starts_in=start_month)
    assert (period.starts, period.ends) == (starts, ends)


@pytest.mark.parametrize("label", ["2027", "FY27", "FY2027-Q5", "FY2027-H3", "2027-13", ""])
def test_anything_else_is_not_a_period(label: str) -> None:
    with pytest.raises(periods.BadPeriod):
        periods.parse(label)


def facts(**extra: object) -> compliance.RequestFacts:
    base: dict[str, object] = {
        "activity_type": "webinar",
        "text": "Cloud migration webinar for IT leaders",
        "starts": dt.date(2027, 3, 1),
        "ends": dt.date(2027, 3, 1),
        "today": dt.date(2027, 1, 10),
        "cost": Decimal("4000"),
        "requested": Decimal("2000"),
        "currency": "EUR",
        "fund_currency": "EUR",
        "collects_personal_data": False,
        "consent_attested": False,
        "involves_public_officials": False,
        "gifts_or_hospitality": False,
        "cash_equivalents": False,
        "payee_name": "Alpha Systems GmbH",
        "partner_name": "Alpha Systems",
        "tier_eligible": True,
        "tier_name": "Gold",
        "allowed_types": None,
        "max_share_pct": Decimal("50"),
        "notice_days": 14,
        **extra,
    }
    return compliance.RequestFacts(**base)  # type: ignore[arg-type]


def codes(outcome: compliance.Outcome) -> tuple[list[str], list[str]]:
    return [f.code for f in outcome.refusals], [f.code for f in outcome.flags]


def test_a_clean_request_passes_without_flags() -> None:
    assert codes(compliance.check(facts())) == ([], [])


@pytest.mark.parametrize(
    ("extra", "refused"),
    [
        ({"currency": "USD"}, "currency"),
        ({"ends": dt.date(2027, 2, 1)}, "dates"),
        ({"starts": dt.date(2027, 1, 1), "ends": dt.date(2027, 1, 2)}, "past"),
        ({"requested": Decimal("5000")}, "over_cost"),
        ({"requested": Decimal("2000.01")}, "share"),
        ({"tier_eligible": False}, "tier"),
        ({"allowed_types": frozenset({"event"})}, "activity"),
        ({"collects_personal_data": True}, "consent"),
    ],
)
def test_what_the_program_cannot_fund_is_refused(extra: dict[str, object], refused: str) -> None:
    assert refused in codes(compliance.check(facts(**extra)))[0]


@pytest.mark.parametrize(
    ("extra", "flag"),
    [
        ({"involves_public_officials": True}, "public_officials"),
        ({"text": "Dinner with the deputy minister of health"}, "public_officials"),
        ({"text": "Each attendee receives a 50 EUR gift card"}, "cash_equivalents"),
        ({"text": "Tous les participants reçoivent une carte cadeau"}, "cash_equivalents"),
        ({"text": "参加者全員に商品券を配布"}, "cash_equivalents"),
        ({"text": "Golf day at the resort for top customers"}, "gifts_or_hospitality"),
        ({"payee_name": "Event Agency Ltd"}, "payee"),
        ({"starts": dt.date(2027, 1, 15), "ends": dt.date(2027, 1, 15)}, "short_notice"),
    ],
)
def test_red_flags_go_to_review_with_their_reason(extra: dict[str, object], flag: str) -> None:
    refusals, flags = codes(compliance.check(facts(**extra)))
    assert not refusals and flag in flags


def test_a_gift_card_is_one_flag_not_two() -> None:
    outcome = compliance.check(facts(text="Every attendee gets a gift card"))
    assert codes(outcome) == ([], ["cash_equivalents"])


def test_words_inside_other_words_are_not_red_flags() -> None:
    clean = facts(text="Cashflow planning for administrators; a spatial data webinar")
    assert codes(compliance.check(clean)) == ([], [])
