"""Forms of the incentives pages: a payment reference, a comment in a dispute, finance's
decision on it, and a rule's terms (new rules and new versions)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from trellis.core.forms import Form, set_choices
from trellis.core.money import CURRENCIES

from .choices import RuleKind


class PayForm(Form):
    reference = forms.CharField(label=_("Payment reference"), max_length=80)


class CommentForm(Form):
    comment = forms.CharField(
        label=_("Comment"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ResolveForm(CommentForm):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("accept", _("Accept")), ("reject", _("Reject"))]
    )
    adjustment = forms.DecimalField(
        label=_("Correction (optional)"),
        required=False,
        max_digits=14,
        decimal_places=4,
        help_text=_("Signed, in the statement's currency; paid on this month's statement."),
    )


class TermsForm(Form):
    """A rule's terms as finance types them, by kind; ``params()`` gives what the engine reads
    (the service checks it and names any field that is wrong)."""

    pct = forms.DecimalField(
        label=_("Percentage"), required=False, max_digits=7, decimal_places=3, min_value=0
    )
    sku = forms.CharField(label=_("Product (SKU)"), required=False, max_length=64)
    amount = forms.DecimalField(
        label=_("Bonus per deal"), required=False, max_digits=12, decimal_places=2, min_value=0
    )
    bands = forms.CharField(
        label=_("Bands"),
        required=False,
        max_length=400,
        help_text=_("Revenue from, and its percentage: 0:1, 100000:2, 400000:3"),
    )
    family = forms.CharField(label=_("Accelerator: product family"), required=False, max_length=40)
    min_deals = forms.IntegerField(
        label=_("Accelerator: deals in the month"), required=False, min_value=1, max_value=1000
    )
    multiplier = forms.DecimalField(
        label=_("Accelerator: multiplier"), required=False, max_digits=4, decimal_places=2
    )
    starts = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    ends = forms.DateField(
        label=_("Until (optional)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def params(self, kind: str) -> dict[str, object]:
        d = self.cleaned_data
        if kind in ("referral", "consumption", "marketplace"):
            return {"pct": float(d["pct"]) if d["pct"] is not None else None}
        if kind == "spiff":
            return {
                "sku": (d["sku"] or "").strip(),
                "amount": float(d["amount"]) if d["amount"] is not None else None,
            }
        if kind == "rebate":
            out: dict[str, object] = {"bands": bands_of(d["bands"] or "")}
            if (d["family"] or "").strip():
                out["accelerator"] = {
                    "family": d["family"].strip(),
                    "min_deals": d["min_deals"],
                    "multiplier": float(d["multiplier"]) if d["multiplier"] is not None else None,
                }
            return out
        return {}


def bands_of(text: str) -> list[list[object]]:
    """ "0:1, 100000:2.5" as [[0, 1], [100000, 2.5]]; a pair that is not two numbers is kept as
    text, so the service names the field."""
    out: list[list[object]] = []
    for part in text.replace(";", ",").split(","):
        if not part.strip():
            continue
        start, _sep, pct = part.partition(":")
        out.append([_number(start), _number(pct)])
    return out


def _number(text: str) -> object:
    cleaned = text.strip().replace(" ", "").replace("_", "")
    try:
        value = float(cleaned)
    except ValueError:
        return cleaned
    return int(value) if value.is_integer() else value


class NewRuleForm(TermsForm):
    program = forms.TypedChoiceField(label=_("Program"), coerce=int)
    currency = forms.ChoiceField(
        label=_("Paid in"),
        help_text=_("The program's statement currency, set with its first rule."),
    )
    name = forms.CharField(label=_("Name"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind"), choices=RuleKind.choices)
    field_order = ["program", "currency", "name", "kind"]

    def __init__(self, *args: Any, programs: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self.fields["program"], programs)
        set_choices(self.fields["currency"], [(c, c) for c in CURRENCIES])
