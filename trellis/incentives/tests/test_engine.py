"""The incentive engine on its own: each kind of rule, rounding once per line, rebate bands
with an accelerator, clawbacks, and what would raise a partner's earnings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from trellis.incentives.engine.earnings import Rule, Sale, clawbacks, lines_for, nudges

DAY = dt.date(2027, 2, 10)
OPEN = dt.date(2027, 1, 1)


def deal(i: int, amount: str, **extra: object) -> Sale:
    return Sale("deal", i, 7, DAY, Decimal(amount), **extra)  # type: ignore[arg-type]


def rule(kind: str, **params: object) -> Rule:
    return Rule(1, 3, kind, dict(params), OPEN)


def test_uplift_pays_registered_deals_at_the_uplift_they_were_approved_with() -> None:
    lines = lines_for(
        [deal(1, "10000", registered=True, uplift_pct=Decimal("3")), deal(2, "5000")],
        [rule("uplift")],
    )
    assert [(line.source_id, line.amount, line.version) for line in lines] == [
        (1, Decimal("300.00"), 3)
    ]


def test_rounding_is_half_to_even_once_per_line() -> None:
    lines = lines_for([deal(1, "0.25"), deal(2, "0.35")], [rule("referral", pct=10)])
    assert lines == []  # not referrals
    lines = lines_for(
        [deal(1, "0.25", deal_type="referral"), deal(2, "0.35", deal_type="referral")],
        [rule("referral", pct=10)],
    )
    assert [line.amount for line in lines] == [Decimal("0.02"), Decimal("0.04")]  # .025, .035
    yen = lines_for([deal(1, "1250", deal_type="referral")], [rule("referral", pct=10)], places=0)
    assert yen[0].amount == Decimal("125")


def test_rebate_bands_and_the_accelerator() -> None:
    bands = [[0, 1], [100000, 2], [250000, 3]]
    acc = {"family": "security", "min_deals": 2, "multiplier": "1.5"}
    sales = [deal(1, "80000", families=("security",)), deal(2, "40000")]
    lines = lines_for(sales, [rule("rebate", bands=bands, accelerator=acc)])
    assert {line.rate for line in lines} == {Decimal("2")}  # 120,000 is in the second band
    assert sum(line.amount for line in lines) == Decimal("2400.00")
    sales.append(deal(3, "10000", families=("security",)))
    lines = lines_for(sales, [rule("rebate", bands=bands, accelerator=acc)])
    assert {line.rate for line in lines} == {Decimal("3.0")}  # accelerated 2 % x 1.5


def test_spiff_consumption_and_marketplace() -> None:
    sales = [
        deal(1, "9000", skus=("SEC-100", "PLA-001")),
        Sale("usage", 5, 7, DAY, Decimal("2000")),
        Sale("marketplace", 6, 7, DAY, Decimal("1000")),
    ]
    rules = [
        Rule(2, 1, "spiff", {"sku": "SEC-100", "amount": "250"}, OPEN, dt.date(2027, 3, 31)),
        rule("consumption", pct=5),
        rule("marketplace", pct="2.5"),
    ]
    assert sorted((line.kind, line.amount) for line in lines_for(sales, rules)) == [
        ("consumption", Decimal("100.00")),
        ("marketplace", Decimal("25.00")),
        ("spiff", Decimal("250.00")),
    ]
    late = [deal(1, "9000", skus=("SEC-100",))]
    expired = Rule(2, 1, "spiff", {"sku": "SEC-100", "amount": "250"}, OPEN, dt.date(2027, 1, 31))
    assert lines_for(late, [expired]) == []


def test_a_reversed_deal_gives_back_what_it_earned() -> None:
    earned = lines_for(
        [deal(1, "10000", registered=True, uplift_pct=Decimal("3"))], [rule("uplift")]
    )
    back = clawbacks([deal(1, "10000", reversed=True)], {("deal", 1): earned})
    assert [(line.amount, line.why, line.version) for line in back] == [
        (Decimal("-300.00"), "clawback", 3)
    ]
    assert (
        lines_for(
            [deal(1, "10000", reversed=True, registered=True, uplift_pct=Decimal("3"))],
            [rule("uplift")],
        )
        == []
    )


def test_what_would_raise_earnings() -> None:
    bands = [[0, 1], [100000, 2]]
    acc = {"family": "security", "min_deals": 3, "multiplier": 2}
    sales = [deal(1, "90000", families=("security",))]
    found = nudges(sales, [rule("rebate", bands=bands, accelerator=acc)], DAY)
    codes = {n.code: n.figures for n in found}
    assert codes["rebate_band"]["short"] == "10000"
    assert codes["accelerator"] == {"more": "2", "family": "security", "multiplier": "2"}
