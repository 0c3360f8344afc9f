"""Forms of the lifecycle: the public application, the review decision, the Ideal Partner
Profile."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from trellis.core.countries import country_choices
from trellis.core.forms import Form, set_choices
from trellis.customers.choices import EmployeeBand, Industry
from trellis.partners.choices import PartnerType, Region

from .choices import ESG_GROUPS, EsgFact

_ESG_NAMES = dict(EsgFact.choices)


def _esg_choices(group: str) -> list[tuple[str, Any]]:
    return [(code, _ESG_NAMES[code]) for code in ESG_GROUPS[group]]


def _checkboxes(label: Any, choices: Any = (), required: bool = False) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=required, widget=forms.CheckboxSelectMultiple
    )


class ApplicationForm(Form):
    """What a company tells us when it applies to become a partner."""

    company_name = forms.CharField(label=_("Company name"), max_length=200)
    website = forms.URLField(
        label=_("Website"),
        max_length=300,
        assume_scheme="https",
        error_messages={
            "invalid": _("Enter your company's web address, such as https://example.com.")
        },
    )
    country = forms.ChoiceField(label=_("Headquarters country"))
    city = forms.CharField(label=_("City"), required=False, max_length=120)
    size = forms.ChoiceField(label=_("Employees"), required=False)
    partner_types = _checkboxes(_("How would you partner with us?"), PartnerType.choices, True)
    specializations = _checkboxes(_("Specializations"))
    industries = _checkboxes(_("Industries you serve"), Industry.choices)
    customers_served = forms.CharField(
        label=_("Your customers"),
        help_text=_("Who buys from you: typical customers, their size, where they are."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    certifications_held = forms.CharField(
        label=_("Certifications your team holds"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    esg_certifications = _checkboxes(
        _("Sustainability certifications"), _esg_choices("certifications")
    )
    esg_policies = _checkboxes(_("Policies you have"), _esg_choices("policies"))
    esg_reporting = _checkboxes(_("Reporting"), _esg_choices("reporting"))
    contact_name = forms.CharField(label=_("Your name"), max_length=150)
    contact_email = forms.EmailField(label=_("Work e-mail"), max_length=254)
    contact_phone = forms.CharField(label=_("Phone"), required=False, max_length=40)
    message = forms.CharField(
        label=_("Anything else we should know?"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the information above is used to review this application and to "
            "contact me about it."
        ),
        error_messages={"required": _("We need your agreement to review the application.")},
    )

    def __init__(self, *args: Any, specialization_choices: Any = (), **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        set_choices(self.fields["country"], [("", "—"), *country_choices()])
        set_choices(self.fields["size"], [("", "—"), *EmployeeBand.choices])
        set_choices(self.fields["specializations"], specialization_choices)

    def esg(self) -> list[str]:
        d = self.cleaned_data
        return [*d["esg_certifications"], *d["esg_policies"], *d["esg_reporting"]]


class DecisionForm(Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept")), ("hold", _("Put on hold")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept in the record; the applicant does not see it."),
    )
    tier = forms.TypedChoiceField(
        label=_("Start at tier"), coerce=int, required=False, empty_value=None
    )
    channel_manager = forms.TypedChoiceField(
        label=_("Channel manager"), coerce=int, required=False, empty_value=None
    )

    def __init__(
        self, *args: Any, tiers: Any = (), managers: Any = (), unset: Any = "", **kwargs: Any
    ) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        set_choices(self.fields["tier"], [("", _("No program yet")), *tiers])
        set_choices(self.fields["channel_manager"], [("", unset), *managers])


class ProfileForm(Form):
    """The Ideal Partner Profile: what the vendor looks for and how much each part weighs."""

    partner_types = _checkboxes(_("Partner types"), PartnerType.choices)
    regions = _checkboxes(_("Regions"), Region.choices)
    industries = _checkboxes(_("Industries served"), Industry.choices)
    specializations = _checkboxes(_("Specializations"))
    sizes = _checkboxes(_("Company sizes"), EmployeeBand.choices)
    esg_wanted = _checkboxes(_("ESG facts that count in favour"), EsgFact.choices)
    esg_mandatory = _checkboxes(_("ESG facts required"), EsgFact.choices)
    weight_partner_types = forms.IntegerField(label=_("Partner type"), min_value=0, max_value=100)
    weight_regions = forms.IntegerField(label=_("Region"), min_value=0, max_value=100)
    weight_industries = forms.IntegerField(label=_("Industries"), min_value=0, max_value=100)
    weight_specializations = forms.IntegerField(
        label=_("Specializations"), min_value=0, max_value=100
    )
    weight_size = forms.IntegerField(label=_("Company size"), min_value=0, max_value=100)
    weight_esg = forms.IntegerField(label=_("ESG record"), min_value=0, max_value=100)
    model_share = forms.IntegerField(
        label=_("Share of the learned model (%)"), min_value=0, max_value=100
    )

    def __init__(self, *args: Any, specialization_choices: Any = (), **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        set_choices(self.fields["specializations"], specialization_choices)
