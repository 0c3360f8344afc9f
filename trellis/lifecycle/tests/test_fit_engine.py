"""The fit engine on its own: points per factor add up to the score, empty targets count for
nothing, mandatory ESG facts cap the score, the learned model takes its share."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from trellis.lifecycle.engine.fit import (
    MANDATORY_CAP,
    Candidate,
    FitModel,
    Profile,
    score,
)

WEIGHTS = {
    "partner_types": 20,
    "regions": 15,
    "industries": 20,
    "specializations": 20,
    "size": 10,
    "esg": 15,
}
PROFILE = Profile(
    partner_types=frozenset({"msp", "system_integrator"}),
    regions=frozenset({"emea"}),
    industries=frozenset({"healthcare", "manufacturing", "retail"}),
    specializations=frozenset({"security", "cloud"}),
    sizes=frozenset({"50-249"}),
    esg_wanted=frozenset({"iso_14001", "anti_bribery"}),
    weights=WEIGHTS,
)


def test_a_candidate_that_meets_every_target_scores_100_and_one_that_meets_none_0() -> None:
    best = Candidate(
        frozenset({"msp"}),
        "emea",
        frozenset({"healthcare", "retail"}),
        frozenset({"security", "cloud"}),
        "50-249",
        frozenset({"iso_14001", "anti_bribery"}),
    )
    assert score(best, PROFILE).score == 100
    assert score(Candidate(frozenset({"referral"}), "apac"), PROFILE).score == 0


def test_two_wanted_industries_are_a_full_match_and_one_is_half() -> None:
    one = score(Candidate(industries=frozenset({"healthcare"})), PROFILE)
    industries = next(f for f in one.factors if f.code == "industries")
    assert industries.points == industries.max_points / 2
    assert industries.matched == ("healthcare",) and "retail" in industries.missing


def test_a_band_next_to_a_wanted_size_earns_half() -> None:
    near = next(f for f in score(Candidate(size="250-999"), PROFILE).factors if f.code == "size")
    assert near.points == near.max_points / 2


def test_a_factor_without_target_or_weight_is_left_out() -> None:
    only_types = Profile(
        partner_types=frozenset({"msp"}),
        regions=frozenset({"na"}),
        weights={"partner_types": 10, "regions": 0},
    )
    fit = score(Candidate(frozenset({"msp"}), "emea"), only_types)
    assert [f.code for f in fit.factors] == ["partner_types"] and fit.score == 100


def test_a_missing_mandatory_fact_caps_the_score_and_names_it() -> None:
    strict = Profile(**{**PROFILE.__dict__, "esg_mandatory": frozenset({"code_of_conduct"})})
    fit = score(Candidate(frozenset({"msp"}), "emea"), strict)
    assert fit.score <= MANDATORY_CAP and fit.blocked_by == ("code_of_conduct",)


def test_the_learned_model_takes_its_share_of_the_score() -> None:
    shared = Profile(**{**PROFILE.__dict__, "model_share": 40})
    sure = FitModel(coefficients={"type:msp": 30.0}, intercept=0.0)
    fit = score(Candidate(frozenset({"msp"})), shared, sure)
    model = next(f for f in fit.factors if f.code == "model")
    assert model.max_points == 40 and model.points == 40
    types = next(f for f in fit.factors if f.code == "partner_types")
    assert types.max_points == 60 * 20 / 100


codes = st.frozensets(
    st.sampled_from(
        [
            "msp",
            "var",
            "isv",
            "healthcare",
            "retail",
            "security",
            "cloud",
            "iso_14001",
            "anti_bribery",
        ]
    )
)


@given(
    types=codes,
    region=st.sampled_from(["emea", "na", "apac", ""]),
    industries=codes,
    specializations=codes,
    size=st.sampled_from(["", "1-9", "50-249", "250-999", "5000+"]),
    esg=codes,
    share=st.integers(0, 100),
    intercept=st.floats(-5, 5),
)
def test_the_score_is_the_sum_of_its_factors_and_stays_within_0_and_100(
    types: frozenset[str],
    region: str,
    industries: frozenset[str],
    specializations: frozenset[str],
    size: str,
    esg: frozenset[str],
    share: int,
    intercept: float,
) -> None:
    profile = Profile(**{**PROFILE.__dict__, "model_share": share})
    fit = score(
        Candidate(types, region, industries, specializations, size, esg),
        profile,
        FitModel(coefficients={"type:msp": 1.0}, intercept=intercept),
    )
    assert 0 <= fit.score <= 100
    assert abs(sum(f.points for f in fit.factors) - fit.score) <= 1 + 0.05 * len(fit.factors)
    assert abs(sum(f.max_points for f in fit.factors) - 100) < 0.5
