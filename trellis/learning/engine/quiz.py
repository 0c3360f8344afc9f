"""Marking a quiz attempt: which answers were right, the score and whether it passes.

A question counts as right only when exactly its right choices were picked (for a
multiple-answer question, all of them and nothing else): partial credit would let a
learner pass by ticking every box.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class QuestionKey:
    id: int
    choices: tuple[int, ...]  # in the author's order
    right: frozenset[int]


@dataclass(frozen=True)
class QuestionResult:
    question: int
    picked: frozenset[int]
    right: bool


@dataclass(frozen=True)
class Marked:
    score: int  # percent, rounded down: 79.9 % does not pass an 80 % mark
    passed: bool
    results: tuple[QuestionResult, ...]


class AnswerError(ValueError):
    """Answers that do not fit the attempt: a question not shown, a choice not offered."""


def shown_order(keys: Sequence[QuestionKey], *, shuffle: bool, seed: int) -> list[list]:
    """The questions and their choices in the order one attempt shows them."""
    rng = random.Random(seed)  # noqa: S311  (an order to show, not a secret)
    order = list(keys)
    if shuffle:
        rng.shuffle(order)
    shown = []
    for key in order:
        choices = list(key.choices)
        if shuffle:
            rng.shuffle(choices)
        shown.append([key.id, choices])
    return shown


def check_answers(shown: Sequence[Sequence], answers: Mapping[int, Sequence[int]]) -> None:
    """Refuse answers to questions the attempt did not show or with choices it did not offer."""
    offered = {int(q): set(choices) for q, choices in shown}
    for question, picked in answers.items():
        if question not in offered:
            raise AnswerError(f"question {question} is not in this attempt")
        stray = set(picked) - offered[question]
        if stray:
            raise AnswerError(f"choice {min(stray)} is not offered for question {question}")


def mark(
    keys: Sequence[QuestionKey], answers: Mapping[int, Sequence[int]], pass_mark: int
) -> Marked:
    """Mark ``answers`` against ``keys``; unanswered questions count as wrong."""
    results = []
    for key in keys:
        picked = frozenset(answers.get(key.id, ()))
        results.append(QuestionResult(key.id, picked, picked == key.right))
    right = sum(r.right for r in results)
    score = (100 * right) // len(keys) if keys else 0
    return Marked(score, score >= pass_mark, tuple(results))
