"""Forms of the console's course editor: a course, a version's title, and each kind of module.
Quiz questions are written as text, one line each ("?" a question, "*" a right answer, "-" a
wrong one, "|" then the feedback), which is quicker to write and review than a form per answer."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trellis.core.forms import Form, set_choices

from .choices import LearnerRole
from .services.authoring import AnswerIn, QuestionIn

QUIZ_EXAMPLE = """? When do you register a deal?
* Before the first quote | Protection starts at approval.
- After the customer signs | Too late: another partner may protect it.

? What counts towards your tier?
* Revenue
* Certified people
- Portal logins | Activity in the portal is not a requirement."""


def parse_questions(text: str) -> list[QuestionIn]:
    """Questions from the editor's text; a question with several right answers takes several."""
    questions: list[tuple[str, list[AnswerIn]]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        mark, rest = line[0], line[1:].strip()
        if mark == "?":
            questions.append((rest, []))
            continue
        if mark not in "*-":
            raise forms.ValidationError(
                _("Line %(n)s: start it with ?, * or -.") % {"n": number}, code="quiz_line"
            )
        if not questions:
            raise forms.ValidationError(
                _("Line %(n)s: an answer before any question.") % {"n": number}, code="quiz_line"
            )
        answer, _bar, feedback = rest.partition("|")
        questions[-1][1].append(AnswerIn(answer.strip(), mark == "*", feedback.strip()))
    return [
        QuestionIn(text, answers, multiple=sum(a.correct for a in answers) > 1)
        for text, answers in questions
    ]


class CourseForm(Form):
    code = forms.SlugField(label=gettext_lazy("Code"), max_length=60)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=160)
    product_family = forms.TypedChoiceField(
        label=gettext_lazy("Product family"), coerce=int, required=False, empty_value=None
    )
    role = forms.ChoiceField(
        label=gettext_lazy("For"),
        required=False,
        choices=[("", gettext_lazy("Everyone")), *LearnerRole.choices],
    )

    def __init__(self, *args: Any, families: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self.fields["product_family"], [("", _("None")), *families])


class DraftForm(Form):
    language = forms.ChoiceField(label=gettext_lazy("Language"), choices=settings.LANGUAGES)


class ModuleForm(Form):
    """One form for every kind: the fields a kind does not use are ignored."""

    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        choices=[
            ("text", gettext_lazy("Reading")),
            ("video", gettext_lazy("Video")),
            ("quiz", gettext_lazy("Quiz")),
            ("document", gettext_lazy("Document")),
            ("scorm", gettext_lazy("SCORM package")),
        ],
    )
    title = forms.CharField(label=gettext_lazy("Title"), max_length=160)
    minutes = forms.IntegerField(
        label=gettext_lazy("Minutes"), min_value=1, max_value=600, initial=5
    )
    body = forms.CharField(
        label=gettext_lazy("Text (Markdown)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=50_000,
    )
    video_url = forms.URLField(
        label=gettext_lazy("Video address (https)"),
        required=False,
        assume_scheme="https",
        max_length=500,
    )
    questions = forms.CharField(
        label=gettext_lazy("Questions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10, "placeholder": QUIZ_EXAMPLE}),
        help_text=gettext_lazy(
            "One line each: ? a question, * a right answer, - a wrong one; | then the feedback."
        ),
        max_length=50_000,
    )
    pass_mark = forms.IntegerField(
        label=gettext_lazy("Pass mark (%)"), min_value=1, max_value=100, initial=80
    )
    max_attempts = forms.IntegerField(
        label=gettext_lazy("Attempts allowed"), min_value=1, max_value=20, initial=3
    )
    file = forms.FileField(
        label=gettext_lazy("File (document or SCORM zip)"),
        required=False,
        help_text=gettext_lazy("Documents up to 25 MB; SCORM 1.2 packages up to 100 MB."),
    )

    def clean_questions(self) -> list[QuestionIn]:
        return parse_questions(self.cleaned_data.get("questions") or "")


class PathForm(Form):
    code = forms.SlugField(label=gettext_lazy("Code"), max_length=60)
    name = forms.CharField(label=gettext_lazy("Name"), max_length=160)
    description = forms.CharField(
        label=gettext_lazy("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    role = forms.ChoiceField(
        label=gettext_lazy("For"),
        required=False,
        choices=[("", gettext_lazy("Everyone")), *LearnerRole.choices],
    )
    partner_types = forms.MultipleChoiceField(
        label=gettext_lazy("Partner types (none: every type)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    required_for_onboarding = forms.BooleanField(
        label=gettext_lazy("Required during onboarding"), required=False
    )
    tiers = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Required for tiers"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self, *args: Any, types: list[tuple[str, str]], tiers: list[tuple[int, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self.fields["partner_types"], types)
        set_choices(self.fields["tiers"], tiers)


class StepForm(Form):
    course = forms.TypedChoiceField(label=gettext_lazy("Course"), coerce=int)
    requires_previous = forms.BooleanField(
        label=gettext_lazy("Needs the steps before it"), required=False, initial=True
    )

    def __init__(self, *args: Any, courses: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self.fields["course"], courses)


class CertificationForm(Form):
    code = forms.SlugField(label=gettext_lazy("Code"), max_length=60)
    name = forms.CharField(label=gettext_lazy("Name"), max_length=160)
    valid_months = forms.IntegerField(
        label=gettext_lazy("Valid for (months)"), min_value=1, max_value=120, initial=24
    )
    warn_days = forms.IntegerField(
        label=gettext_lazy("Warn before expiry (days)"), min_value=1, max_value=365, initial=60
    )
    specialization = forms.TypedChoiceField(
        label=gettext_lazy("Counts towards the specialization"),
        coerce=int,
        required=False,
        empty_value=None,
    )

    def __init__(self, *args: Any, specializations: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self.fields["specialization"], [("", _("None")), *specializations])
