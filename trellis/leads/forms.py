"""Forms for taking in leads and for partners answering and working them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trellis.core.countries import country_choices
from trellis.core.forms import Form, IdField, ModelForm, set_choices
from trellis.core.money import CURRENCIES
from trellis.partners.choices import PartnerType

from .choices import DeclineReason, LeadSource, LeadStatus
from .engine.facts import FACTORS
from .models import RoutingRules


class LeadForm(Form):
    customer_name = forms.CharField(label=_("Company"), max_length=250)
    customer_domain = forms.CharField(label=_("Web domain"), required=False, max_length=253)
    country = forms.ChoiceField(label=_("Country"))
    city = forms.CharField(label=_("City"), required=False, max_length=120)
    postal_code = forms.CharField(label=_("Postal code"), required=False, max_length=16)
    contact_name = forms.CharField(label=_("Contact name"), max_length=150)
    contact_email = forms.EmailField(max_length=254, label=_("Contact e-mail"), required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), required=False, max_length=40)
    products = forms.MultipleChoiceField(
        label=_("Products of interest"), required=False, widget=forms.CheckboxSelectMultiple
    )
    estimated_amount = forms.DecimalField(
        label=_("Estimated amount"), required=False, min_value=0, max_digits=14, decimal_places=2
    )
    currency = forms.ChoiceField(label=_("Currency"), choices=[(c, c) for c in CURRENCIES])
    source = forms.ChoiceField(
        label=_("Source"), choices=LeadSource.choices, initial=LeadSource.CONSOLE
    )
    notes = forms.CharField(
        max_length=5000, label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, products: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        set_choices(self.fields["country"], [("", "—"), *country_choices()])
        set_choices(
            self.fields["products"], [(p.sku, f"{p.name} · {p.family.name}") for p in products]
        )


class DeclineForm(Form):
    reason = forms.ChoiceField(label=_("Why?"), choices=DeclineReason.choices)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class UpdateForm(Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Note only")),
            (LeadStatus.CONTACTED, LeadStatus.CONTACTED.label),
            (LeadStatus.WON, LeadStatus.WON.label),
            (LeadStatus.LOST, LeadStatus.LOST.label),
        ],
    )
    note = forms.CharField(
        label=_("What happened"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, converted: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        if not converted:  # won is reported on the registration a lead was converted into
            set_choices(
                self.fields["status"],
                [c for c in self.fields["status"].choices if c[0] != LeadStatus.WON],  # type: ignore[attr-defined]
            )


class ConvertForm(Form):
    amount = forms.DecimalField(label=_("Amount"), min_value=0, max_digits=14, decimal_places=2)
    currency = forms.ChoiceField(label=_("Currency"), choices=[(c, c) for c in CURRENCIES])
    expected_close = forms.DateField(
        label=_("Expected close"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["expected_close"].initial = timezone.localdate() + dt.timedelta(days=90)


class AssignForm(Form):
    partner = forms.TypedChoiceField(label=_("Partner"), coerce=int)
    reason = forms.CharField(
        label=_("Why this partner"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, partners: list[tuple[int, str]], **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        set_choices(self.fields["partner"], partners)


class AssignPostForm(Form):
    """The assignment as posted: the service checks that the partner may take the lead."""

    partner = IdField(label=_("Partner"))
    reason = forms.CharField(label=_("Why this partner"), max_length=1000)


class WebLeadForm(Form):
    """What a visitor fills in on a public web-to-lead form."""

    company = forms.CharField(label=_("Company"), max_length=250)
    name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(max_length=254, label=_("Work e-mail"))
    phone = forms.CharField(label=_("Phone"), required=False, max_length=40)
    country = forms.ChoiceField(label=_("Country"))
    city = forms.CharField(label=_("City"), required=False, max_length=120)
    postal_code = forms.CharField(label=_("Postal code"), required=False, max_length=16)
    message = forms.CharField(
        label=_("How can we help?"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        set_choices(self.fields["country"], [("", "—"), *country_choices()])


class WebFormSettings(Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    program = forms.TypedChoiceField(
        label=_("Program"), coerce=int, required=False, empty_value=None
    )
    thank_you = forms.CharField(
        max_length=2000,
        label=_("Thank-you message"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    embed_origins = forms.CharField(
        max_length=2000,
        label=_("Sites that may embed it"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One origin per line, such as https://www.example.com. Empty: any site."),
    )
    is_active = forms.BooleanField(label=_("Accepting submissions"), required=False, initial=True)

    def __init__(self, *args: Any, programs: list[tuple[int, str]], **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        set_choices(self.fields["program"], [("", _("The oldest active program")), *programs])


class RoutingRulesForm(ModelForm):
    allowed_types = forms.MultipleChoiceField(
        label=_("Partner types that may take leads"),
        required=False,
        choices=PartnerType.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: every type."),
    )

    class Meta:
        model = RoutingRules
        fields = [
            "mode",
            "offer_count",
            "acceptance_hours",
            "followup_days",
            "pullback_grace_days",
            "allowed_types",
        ]
        widgets = {"mode": forms.Select(attrs={"data-wide": "1"})}


class RoutingWeightsForm(ModelForm):
    class Meta:
        model = RoutingRules
        fields = [f"weight_{f}" for f in FACTORS]
        widgets = {
            f"weight_{f}": forms.NumberInput(attrs={"step": "0.1", "min": "0", "max": "10"})
            for f in FACTORS
        }
