"""Forms for funds: setting one up, allocating and moving money, asking for funds and
deciding on a request."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from trellis.core.forms import Form
from trellis.core.money import CURRENCIES
from trellis.partners.choices import Region

from . import services
from .choices import ActivityType, ClaimCheck, ClaimRejection, FundKind, ProofKind

DATE = forms.DateInput(attrs={"type": "date"})
AMOUNT = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})


def _amount(label: Any, required: bool = True, help_text: Any = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=14,
        decimal_places=2,
        min_value=0,
        widget=AMOUNT,
        help_text=help_text,
    )


class FundForm(Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind"), choices=FundKind.choices)
    period = forms.CharField(
        label=_("Period"), max_length=12, help_text=_("FY2027, FY2027-H1, FY2027-Q3 or 2027-05")
    )
    currency = forms.ChoiceField(label=_("Currency"), choices=[(c, c) for c in CURRENCIES])
    amount = _amount(_("First allocation"))
    program = forms.TypedChoiceField(
        label=_("Program"), coerce=int, required=False, empty_value=None
    )
    region = forms.ChoiceField(
        label=_("Region"), required=False, choices=[("", _("Every region")), *Region.choices]
    )
    tier = forms.TypedChoiceField(label=_("Tier"), coerce=int, required=False, empty_value=None)


class AllocateForm(Form):
    amount = _amount(_("Amount"))
    partner = forms.TypedChoiceField(label=_("To"), coerce=int, required=False, empty_value=None)
    note = forms.CharField(label=_("Note"), max_length=2000, required=False)


class TransferForm(Form):
    target = forms.TypedChoiceField(label=_("To the budget"), coerce=int)
    amount = _amount(_("Amount"))
    reason = forms.CharField(label=_("Why"), max_length=2000)


class DecideTransferForm(Form):
    note = forms.CharField(label=_("Note"), max_length=2000, required=False)


class ApproveForm(Form):
    amount = _amount(_("Amount approved"), help_text=_("Less than asked is a partial approval."))
    conditions = forms.CharField(
        label=_("Conditions"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "What the partner must do for the claim to be paid, e.g. our logo on every asset."
        ),
    )
    note = forms.CharField(
        label=_("Decision note"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReasonForm(Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )


class QuestionForm(Form):
    question = forms.CharField(
        label=_("Question to the partner"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AnswerForm(Form):
    answer = forms.CharField(
        label=_("Your answer"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class RequestForm(Form):
    """What a partner tells about the activity it asks funds for."""

    activity_type = forms.ChoiceField(label=_("Activity"), choices=ActivityType.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    starts = forms.DateField(label=_("Starts"), widget=DATE)
    ends = forms.DateField(label=_("Ends"), widget=DATE)
    audience = forms.CharField(
        label=_("Audience"),
        max_length=300,
        required=False,
        help_text=_("Who you reach, e.g. IT leaders at mid-size manufacturers in Bavaria."),
    )
    cost = _amount(_("Total cost"))
    requested_amount = _amount(_("Amount requested"))
    currency = forms.ChoiceField(label=_("Currency"), choices=[(c, c) for c in CURRENCIES])
    expected_leads = forms.IntegerField(label=_("Expected leads"), min_value=0, max_value=1_000_000)
    expected_pipeline = _amount(_("Expected pipeline"), required=False)
    payee_name = forms.CharField(
        label=_("Paid to"),
        max_length=200,
        required=False,
        help_text=_("Leave empty when your company is paid."),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=8000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    collects_personal_data = forms.BooleanField(
        label=_("The activity collects personal data (registrations, badge scans)"), required=False
    )
    consent_attested = forms.BooleanField(
        label=_("People give their consent to it, as GDPR and CCPA ask"), required=False
    )
    involves_public_officials = forms.BooleanField(
        label=_("Public officials take part or benefit"), required=False
    )
    gifts_or_hospitality = forms.BooleanField(
        label=_("Gifts, meals or hospitality are part of it"), required=False
    )
    cash_equivalents = forms.BooleanField(
        label=_("Cash, gift cards or vouchers are handed out"), required=False
    )


class ClaimForm(Form):
    """The claim's figures; its files come with the form (``claim_proofs``)."""

    amount = _amount(_("Amount claimed"))
    invoice_number = forms.CharField(label=_("Invoice number"), max_length=60)
    final = forms.BooleanField(
        label=_("This is the last claim for the activity"),
        required=False,
        help_text=_("What is left of the approved amount goes back to the fund."),
    )
    note = forms.CharField(
        label=_("Note"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


def claim_proofs(files: Any) -> list[services.Proof]:
    """The files of a claim form (portal or API), each with what it shows."""
    fields = {
        "invoice": ProofKind.INVOICE,
        "photos": ProofKind.PHOTO,
        "attendees": ProofKind.ATTENDEES,
        "other": ProofKind.OTHER,
    }
    return [
        services.Proof(kind, upload, upload.name or "file", upload.size or 0)
        for name, kind in fields.items()
        for upload in files.getlist(name)
    ]


class ClaimReviewForm(Form):
    checklist = forms.MultipleChoiceField(
        label=_("Checked"),
        choices=ClaimCheck.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    amount = _amount(_("Amount approved"), help_text=_("Less than claimed is a partial approval."))
    note = forms.CharField(label=_("Note"), max_length=4000, required=False)


class ClaimRejectForm(Form):
    reason = forms.ChoiceField(label=_("Why"), choices=ClaimRejection.choices)
    note = forms.CharField(label=_("What the partner should fix"), max_length=4000, required=False)


class PayForm(Form):
    reference = forms.CharField(label=_("Payment reference"), max_length=80)
