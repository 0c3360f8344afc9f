"""The matchmaking engine on its own: hard rules, what a partner adds, and the suggested team."""

from __future__ import annotations

from trellis.cosell.engine.matchmaking import Candidate, Need, match, score, team

BERLIN = (52.52, 13.405)
MUNICH = (48.137, 11.575)


def _c(
    pid: int,
    types: set[str],
    specs: frozenset[str] = frozenset(),
    country: str = "DE",
    **kw: object,
) -> Candidate:
    return Candidate(pid, frozenset(types), frozenset(specs), country, **kw)  # type: ignore[arg-type]


NEED = Need(
    country="DE",
    types=frozenset({"isv", "system_integrator", "msp"}),
    specializations=frozenset({"security"}),
    latitude=BERLIN[0],
    longitude=BERLIN[1],
    requester_id=1,
    requester_types=frozenset({"reseller"}),
)


def test_the_requester_partners_elsewhere_and_partners_that_add_nothing_are_ruled_out() -> None:
    assert score(NEED, _c(1, {"isv"})) is None  # oneself
    assert score(NEED, _c(2, {"isv"}, country="FR")) is None  # does not serve Germany
    assert score(NEED, _c(3, {"reseller"})) is None  # brings nothing asked for
    assert (
        score(NEED, _c(4, {"isv"}, country="FR", countries=frozenset({"DE"}))) is not None
    )  # serves it from abroad


def test_what_a_partner_adds_nearness_history_and_ratings_all_count() -> None:
    plain = score(NEED, _c(2, {"isv"}))
    assert plain is not None and plain.adds_types == ("isv",)
    richer = score(
        NEED,
        _c(3, {"isv", "msp"}, frozenset({"security"}), latitude=BERLIN[0], longitude=BERLIN[1]),
    )
    assert richer is not None and richer.score > plain.score and richer.km == 0
    trusted = score(NEED, _c(2, {"isv"}, sold_with_requester=3, rating_sum=15.0, ratings=3))
    assert trusted is not None and trusted.score > plain.score and trusted.rating == 5.0
    far = score(NEED, _c(5, {"isv"}, latitude=MUNICH[0], longitude=MUNICH[1]))
    near = score(NEED, _c(6, {"isv"}, latitude=BERLIN[0], longitude=BERLIN[1]))
    assert far is not None and near is not None and near.score > far.score and 480 < far.km < 520  # type: ignore[operator]


def test_ranking_is_best_first_and_stable() -> None:
    ranked = match(NEED, [_c(3, {"isv"}), _c(2, {"isv"}), _c(4, {"isv", "msp"})])
    assert [m.partner_id for m in ranked] == [4, 2, 3]


def test_the_team_fills_each_wanted_type_once_with_the_best() -> None:
    candidates = [
        _c(2, {"isv", "msp"}, frozenset({"security"})),
        _c(3, {"msp"}),
        _c(4, {"system_integrator"}),
        _c(5, {"isv"}),
    ]
    crew = team(NEED, match(NEED, candidates, limit=50))
    roles = {m.team_role: m.partner_id for m in crew}
    assert (
        roles["isv"] == 2 and roles["msp"] == 3 and roles["system_integrator"] == 4
    )  # nobody twice
