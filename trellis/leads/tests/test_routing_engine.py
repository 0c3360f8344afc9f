"""The routing engine on its own: hard rules, the score, fairness, and the explanation it keeps."""

from __future__ import annotations

import dataclasses
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trellis.leads.engine.facts import EXCLUSIONS
from trellis.leads.engine.routing import (
    FACTORS,
    LeadFacts,
    PartnerFacts,
    PartnerPool,
    Weights,
    route,
)


def partner(pid: int, **overrides: object) -> PartnerFacts:
    base: dict[str, object] = {
        "id": pid,
        "active": True,
        "country": "DE",
        "city": "Berlin",
        "region": "emea",
        "countries_served": frozenset({"DE", "AT"}),
        "postal_areas": {},
        "specializations": frozenset({"security"}),
        "types": frozenset({"reseller"}),
        "tier_priority": 1,
        "latitude": 52.52,
        "longitude": 13.40,
        "capacity": 5,
    }
    base.update(overrides)
    return PartnerFacts(**base)  # type: ignore[arg-type]


BERLIN_LEAD = LeadFacts(
    country="DE",
    city="Berlin",
    postal_code="10115",
    region="emea",
    latitude=52.52,
    longitude=13.40,
    wanted_specializations=frozenset({"security"}),
)


def test_every_hard_rule_excludes_with_its_reason_and_examples() -> None:
    pool = PartnerPool.build(
        [
            partner(1),
            partner(2, active=False),
            partner(3, country="FR", countries_served=frozenset({"FR"})),
            partner(4, postal_areas={"DE": ("8",)}),
            partner(5, specializations=frozenset({"networking"})),
            partner(6, types=frozenset({"isv"})),
            partner(7, open_leads=5, capacity=5),
            partner(8),
        ]
    )
    lead = LeadFacts(
        country="DE",
        postal_code="10115",
        required_specializations=frozenset({"security"}),
        allowed_types=frozenset({"reseller"}),
        exclude=frozenset({8}),
    )
    decision = route(pool, lead, Weights())
    assert [c.partner_id for c in decision.ranked] == [1]
    assert decision.excluded == {
        "status": (1, [2]),
        "territory": (1, [3]),
        "postal_area": (1, [4]),
        "specialization": (1, [5]),
        "partner_type": (1, [6]),
        "capacity": (1, [7]),
        "already_offered": (1, [8]),
    }


def test_postal_areas_admit_leads_whose_code_starts_with_one_of_them() -> None:
    pool = PartnerPool.build([partner(1, postal_areas={"DE": ("10", "12")})])
    assert route(pool, BERLIN_LEAD, Weights()).best is not None
    assert route(pool, LeadFacts(country="DE", postal_code="80331"), Weights()).best is None
    assert route(pool, LeadFacts(country="AT", postal_code="1010"), Weights()).best is not None


def test_expertise_and_proximity_rank_the_specialist_next_door_first() -> None:
    pool = PartnerPool.build(
        [
            partner(1, specializations=frozenset({"networking"})),
            partner(2, city="München", latitude=48.14, longitude=11.58),
            partner(3),
        ]
    )
    decision = route(pool, BERLIN_LEAD, Weights())
    assert [c.partner_id for c in decision.ranked] == [3, 2, 1]
    best = decision.ranked[0].factors
    assert best["expertise"] == 1.0 and best["proximity"] == 1.0
    assert decision.ranked[1].factors["proximity"] < 0.5  # ~500 km away


def test_without_coordinates_proximity_falls_back_to_city_country_and_region() -> None:
    pool = PartnerPool.build(
        [
            partner(1, latitude=None, longitude=None),
            partner(2, city="Hamburg", latitude=None, longitude=None),
            partner(
                3,
                country="AT",
                city="Wien",
                countries_served=frozenset({"DE"}),
                latitude=None,
                longitude=None,
            ),
            partner(
                4,
                country="US",
                city="Austin",
                region="na",
                countries_served=frozenset({"DE"}),
                latitude=None,
                longitude=None,
            ),
        ]
    )
    lead = LeadFacts(country="DE", city="berlin", region="emea")
    factors = {c.partner_id: c.factors["proximity"] for c in route(pool, lead, Weights()).ranked}
    assert factors == {1: 1.0, 2: 0.6, 3: 0.3, 4: 0.1}


def test_equal_partners_are_ranked_by_id_so_the_same_inputs_give_the_same_answer() -> None:
    pool = PartnerPool.build([partner(pid) for pid in (9, 4, 7)])
    assert [c.partner_id for c in route(pool, BERLIN_LEAD, Weights()).ranked] == [4, 7, 9]


def test_assignments_in_a_batch_spread_leads_through_load_and_fairness() -> None:
    pool = PartnerPool.build([partner(1, tier_priority=2), partner(2, tier_priority=1)])
    winners = []
    for _ in range(6):
        best = route(pool, BERLIN_LEAD, Weights()).best
        assert best is not None
        winners.append(best.partner_id)
        pool.assigned(best.partner_id)
    assert set(winners) == {1, 2}  # the better partner does not take everything
    assert winners.count(1) >= winners.count(2)


def test_short_histories_are_shrunk_towards_the_prior() -> None:
    pool = PartnerPool.build(
        [partner(1, offered=1, accepted=1), partner(2, offered=100, accepted=95)]
    )
    factors = {c.partner_id: c.factors for c in route(pool, BERLIN_LEAD, Weights()).ranked}
    assert factors[1]["acceptance"] < factors[2]["acceptance"]


def test_zero_weight_silences_a_factor() -> None:
    pool = PartnerPool.build([partner(1, tier_priority=0), partner(2, tier_priority=3)])
    only_tier = Weights(**{f: (1.0 if f == "tier" else 0.0) for f in FACTORS})
    decision = route(pool, BERLIN_LEAD, only_tier)
    assert decision.ranked[0].partner_id == 2 and decision.ranked[0].score == 1.0


def test_the_explanation_is_plain_json_with_weights_factors_and_exclusions() -> None:
    pool = PartnerPool.build([partner(1), partner(2, active=False)])
    stored = json.loads(json.dumps(route(pool, BERLIN_LEAD, Weights()).explanation()))
    assert stored["factors"] == list(FACTORS) and stored["ranked"][0]["partner"] == 1
    assert len(stored["ranked"][0]["values"]) == len(FACTORS)
    assert stored["excluded"] == {"status": {"count": 1, "examples": [2]}}
    assert stored["weights"]["expertise"] == 3.0 and stored["considered"] == 1


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.booleans(), st.sampled_from(["DE", "FR", "JP"]), st.integers(0, 6), st.integers(0, 3)
        ),
        min_size=1,
        max_size=40,
    ),
    st.sampled_from(["DE", "FR", "JP", "BR"]),
)
def test_every_partner_is_either_ranked_or_excluded_for_one_reason(
    rows: list[tuple[bool, str, int, int]], country: str
) -> None:
    pool = PartnerPool.build(
        [
            partner(
                i + 1,
                active=a,
                country=c,
                countries_served=frozenset({c}),
                open_leads=o,
                tier_priority=t,
            )
            for i, (a, c, o, t) in enumerate(rows)
        ]
    )
    decision = route(pool, LeadFacts(country=country), Weights(), limit=len(rows))
    assert decision.considered + sum(n for n, _ in decision.excluded.values()) == len(rows)
    assert set(decision.excluded) <= set(EXCLUSIONS)
    scores = [c.score for c in decision.ranked]
    assert scores == sorted(scores, reverse=True) and all(0.0 <= s <= 1.0 for s in scores)


def _one_by_one(pool: PartnerPool, leads: list[LeadFacts], take: int) -> list[dict[str, object]]:
    """Each lead routed on its own, its ``take`` best partners then counted as given it: what
    batches
    must match."""
    explanations = []
    for lead in leads:
        decision = route(pool, lead, Weights())
        for chosen in decision.ranked[:take]:
            pool.assigned(chosen.partner_id)
        explanations.append(decision.explanation())
    return explanations


@pytest.mark.parametrize("take", [1, 3, 0])  # assign the best; offer to three; a person picks
def test_batch_routing_decides_exactly_as_one_lead_at_a_time(take: int) -> None:
    import random

    from trellis.leads.engine.batch import route_batch

    rng = random.Random(5)
    countries, specs = ["DE", "FR", "JP"], ["security", "cloud", "data", "network"]

    def partners() -> list[PartnerFacts]:
        r = random.Random(9)
        return [
            partner(
                i + 1,
                country=(c := r.choice(countries)),
                countries_served=frozenset({c, r.choice(countries)}),
                specializations=frozenset(r.sample(specs, r.randint(0, 2))),
                tier_priority=r.randint(0, 3),
                latitude=None if i % 7 == 0 else r.uniform(35, 55),
                longitude=r.uniform(0, 140),
                capacity=r.randint(1, 4),
                active=i % 11 != 0,
                postal_areas={"FR": ("75",)} if i % 13 == 0 else {},
            )
            for i in range(60)
        ]

    leads = [
        LeadFacts(
            country=rng.choice(countries),
            city="",
            postal_code=rng.choice(["75001", "69001", ""]),
            latitude=None if k % 5 == 0 else rng.uniform(35, 55),
            longitude=rng.uniform(0, 140),
            wanted_specializations=frozenset(rng.sample(specs, rng.randint(0, 2))),
            exclude=frozenset({3}) if k % 9 == 0 else frozenset(),
        )
        for k in range(150)
    ]
    one_by_one_pool, batch_pool = PartnerPool.build(partners()), PartnerPool.build(partners())
    expected = _one_by_one(one_by_one_pool, leads, take)
    assert [
        d.explanation() for d in route_batch(batch_pool, leads, Weights(), take=take)
    ] == expected
    if take:  # capacity ran out along the way
        assert any("capacity" in str(d["excluded"]) for d in expected)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_batch_routing_matches_with_twins_ties_and_many_leads(seed: int) -> None:
    """Many leads over many partners, with twins (identical partners, so ties at the cut) and
    capacity
    running out."""
    import random

    from trellis.leads.engine import batch

    rng = random.Random(seed)
    countries, specs = ["DE", "FR"], ["security", "cloud", "data", "network"]

    def partners() -> list[PartnerFacts]:
        r = random.Random(seed)
        made: list[PartnerFacts] = []
        for i in range(300):
            if i % 10 == 9:  # a twin of the partner before it, but for its id
                made.append(dataclasses.replace(made[-1], id=i + 1))
                continue
            made.append(
                partner(
                    i + 1,
                    country=(c := r.choice(countries)),
                    specializations=frozenset(r.sample(specs, r.randint(0, 2))),
                    tier_priority=r.randint(0, 3),
                    latitude=r.choice([48.1, 52.5, r.uniform(43, 54)]),
                    longitude=r.choice([11.6, 13.4, r.uniform(0, 14)]),
                    capacity=r.randint(1, 6),
                    offered=r.randint(0, 9),
                    accepted=r.randint(0, 4),
                    countries_served=frozenset({c}),
                )
            )
        return made

    leads = [
        LeadFacts(
            country=rng.choice(countries),
            latitude=rng.choice([48.1, rng.uniform(43, 54)]),
            longitude=rng.choice([11.6, rng.uniform(0, 14)]),
            wanted_specializations=frozenset(rng.sample(specs, rng.randint(0, 2))),
        )
        for _ in range(900)
    ]
    one_by_one_pool, batch_pool = PartnerPool.build(partners()), PartnerPool.build(partners())
    expected = _one_by_one(one_by_one_pool, leads, 2)
    got = [d.explanation() for d in batch.route_batch(batch_pool, leads, Weights(), take=2)]
    assert got == expected
    assert any("capacity" in str(d["excluded"]) for d in expected)
