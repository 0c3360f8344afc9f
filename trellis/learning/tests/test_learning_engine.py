"""The pure parts: quiz marking, answer checks, question order, certification coverage."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from trellis.learning.engine.coverage import Awards, coverage
from trellis.learning.engine.quiz import (
    AnswerError,
    QuestionKey,
    check_answers,
    mark,
    shown_order,
)

KEYS = [
    QuestionKey(1, (10, 11, 12), frozenset({10})),
    QuestionKey(2, (20, 21, 22), frozenset({20, 21})),
]


def test_a_multiple_answer_question_is_right_only_with_exactly_its_right_answers() -> None:
    assert mark(KEYS, {1: [10], 2: [20, 21]}, 100).score == 100
    assert mark(KEYS, {1: [10], 2: [20]}, 100).score == 50
    assert mark(KEYS, {1: [10], 2: [20, 21, 22]}, 100).score == 50  # ticking every box fails


def test_score_rounds_down_so_a_near_miss_does_not_pass() -> None:
    keys = [QuestionKey(i, (i * 10, i * 10 + 1), frozenset({i * 10})) for i in range(1, 4)]
    marked = mark(keys, {1: [10], 2: [20]}, 67)
    assert marked.score == 66 and not marked.passed


def test_unanswered_questions_count_as_wrong() -> None:
    assert mark(KEYS, {}, 50).score == 0


def test_answers_to_questions_not_shown_or_choices_not_offered_are_refused() -> None:
    shown = [[1, [10, 11, 12]]]
    with pytest.raises(AnswerError):
        check_answers(shown, {2: [20]})
    with pytest.raises(AnswerError):
        check_answers(shown, {1: [20]})
    check_answers(shown, {1: [11]})


def test_order_is_fixed_by_the_seed_and_keeps_every_question_and_choice() -> None:
    first = shown_order(KEYS, shuffle=True, seed=42)
    assert first == shown_order(KEYS, shuffle=True, seed=42)
    assert sorted(q for q, _ in first) == [1, 2]
    assert {q: sorted(c) for q, c in first} == {1: [10, 11, 12], 2: [20, 21, 22]}
    assert shown_order(KEYS, shuffle=False, seed=1) == [[1, [10, 11, 12]], [2, [20, 21, 22]]]


@given(
    st.lists(st.sets(st.integers(0, 4), min_size=1, max_size=5), min_size=1, max_size=12),
    st.lists(st.sets(st.integers(0, 4), max_size=5), max_size=12),
    st.integers(1, 100),
)
def test_marking_invariants(rights: list[set[int]], picks: list[set[int]], pass_mark: int) -> None:
    keys = [QuestionKey(i, tuple(range(5)), frozenset(r)) for i, r in enumerate(rights)]
    answers = {i: sorted(p) for i, p in enumerate(picks) if i < len(keys)}
    marked = mark(keys, answers, pass_mark)
    right = sum(r.right for r in marked.results)
    assert 0 <= marked.score <= 100
    assert marked.passed == (marked.score >= pass_mark)
    assert marked.score == 100 * right // len(keys)
    assert mark(keys, {k.id: sorted(k.right) for k in keys}, pass_mark).score == 100


def _awards(rows: list[tuple[int, int, int, float, bool]]) -> Awards:
    cols: list[tuple] = list(zip(*rows, strict=True)) if rows else [(), (), (), (), ()]
    return Awards(
        partner=np.array(cols[0], dtype=np.int64),
        user=np.array(cols[1], dtype=np.int64),
        specialization=np.array(cols[2], dtype=np.int64),
        expires=np.array(cols[3], dtype=np.float64),
        revoked=np.array(cols[4], dtype=bool),
    )


def test_coverage_counts_people_once_and_expired_or_revoked_not_at_all() -> None:
    now = 1_000_000.0
    found = coverage(
        _awards(
            [
                (1, 100, 7, now + 500_000, False),  # two certifications, one person
                (1, 100, -1, now + 500_000, False),
                (1, 101, 7, now + 10, False),  # expiring within the window
                (1, 102, 7, now - 1, False),  # expired a second ago
                (2, 200, 8, now + 500_000, True),  # revoked
                (2, 201, 8, now + 500_000, False),
            ]
        ),
        now=now,
        window_seconds=3600,
    )
    assert found.certified_people == {1: 2, 2: 1}
    assert found.expiring_people == {1: 1}
    assert found.expired_awards == 1
    assert found.by_specialization == {7: (2, 1), 8: (1, 1)}
    assert found.partner_specializations == {1: (7,), 2: (8,)}


def test_coverage_of_nothing_is_empty() -> None:
    found = coverage(_awards([]), now=0.0, window_seconds=1)
    assert found.certified_people == {} and found.by_specialization == {}
