"""Forms of learning pages: assigning a course to a team member, and a quiz attempt built from
the questions that attempt shows."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from trellis.core.forms import Form, set_choices

from .models import Module, QuizAttempt


class AssignForm(Form):
    """A course, or a whole path (its courses one after the other), for one person."""

    user = forms.TypedChoiceField(label=_("Person"), coerce=int)
    what = forms.ChoiceField(label=_("Course or path"))
    due_on = forms.DateField(
        label=_("Due"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(
        self,
        *args: Any,
        people: list[Any],
        courses: list[Any],
        paths: list[Any] = (),  # type: ignore[assignment]
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self.fields["user"], [(p.pk, str(p)) for p in people])
        options: list[Any] = [
            (str(_("Courses")), [(f"c{o.course.pk}", o.version.title) for o in courses])
        ]
        if paths:
            options.append((str(_("Learning paths")), [(f"p{p.pk}", p.name) for p in paths]))
        set_choices(self.fields["what"], options)

    def chosen(self) -> tuple[str, int]:
        """("course" or "path", its id)."""
        value = self.cleaned_data["what"]
        return ("path" if value[0] == "p" else "course"), int(value[1:])


def quiz_questions(attempt: QuizAttempt, module: Module) -> list[dict[str, Any]]:
    """The attempt's questions in the order it shows them, each with its choices in order and,
    once submitted, the answers picked and whether the question was answered right."""
    questions = {q.pk: q for q in module.questions.all()}
    picked_all = {int(q): set(c) for q, c in (attempt.answers or {}).items()}
    shown = []
    for question_id, choice_ids in attempt.shown:
        question = questions.get(int(question_id))
        if question is None:
            continue
        choices = {c.pk: c for c in question.choices.all()}
        picked = picked_all.get(question.pk, set())
        right = {c.pk for c in choices.values() if c.correct}
        shown.append(
            {
                "question": question,
                "choices": [choices[c] for c in choice_ids if c in choices],
                "field": f"q{question.pk}",
                "picked": picked,
                "right": picked == right,
            }
        )
    return shown


def submitted_answers(data: Any, shown: list[dict[str, Any]]) -> dict[int, list[int]]:
    """Answers as posted: every ``q<id>`` field, read as choice ids. A field for a question the
    attempt did not show is kept, so the service refuses it rather than it being ignored."""
    answers: dict[int, list[int]] = {}
    for key in data:
        if not key.startswith("q") or not key[1:].isdigit():
            continue
        try:
            answers[int(key[1:])] = [int(v) for v in data.getlist(key)]
        except ValueError:
            answers[int(key[1:])] = [-1]
    return answers
