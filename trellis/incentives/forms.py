"""Forms of the incentives pages: a payment reference, a comment in a dispute, and finance's
decision on it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from trellis.core.forms import Form


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
