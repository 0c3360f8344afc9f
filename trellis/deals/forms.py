"""Forms for registering and deciding deals."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trellis.core.countries import country_choices
from trellis.core.forms import Form, IdField, ModelForm, set_choices
from trellis.core.money import CURRENCIES
from trellis.partners.choices import Region

from .choices import DealStatus, DealType, RejectReason
from .models import RulesOfEngagement
from .selectors import DealFilters


class DealForm(Form):
    customer_name = forms.CharField(
        label=_("Customer company"),
        max_length=250,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    customer_domain = forms.CharField(
        label=_("Customer web domain"),
        required=False,
        max_length=253,
        help_text=_("e.g. acme.com — the surest way to recognise the company"),
    )
    customer_country = forms.ChoiceField(label=_("Country"))
    customer_city = forms.CharField(label=_("City"), required=False, max_length=120)
    contact_name = forms.CharField(label=_("Contact name"), required=False, max_length=150)
    contact_email = forms.EmailField(max_length=254, label=_("Contact e-mail"), required=False)
    products = forms.MultipleChoiceField(label=_("Products"), widget=forms.CheckboxSelectMultiple)
    amount = forms.DecimalField(label=_("Amount"), min_value=0, max_digits=14, decimal_places=2)
    currency = forms.ChoiceField(label=_("Currency"), choices=[(c, c) for c in CURRENCIES])
    expected_close = forms.DateField(
        label=_("Expected close"), widget=forms.DateInput(attrs={"type": "date"})
    )
    deal_type = forms.ChoiceField(label=_("Deal type"), choices=DealType.choices)
    sourced = forms.TypedChoiceField(
        label=_("Who found the opportunity?"),
        coerce=lambda v: v == "1",
        choices=[("1", _("We sourced it")), ("0", _("We are influencing a vendor-found deal"))],
    )
    co_sellers = forms.MultipleChoiceField(label=_("Co-selling partners"), required=False)
    description = forms.CharField(
        max_length=5000,
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    campaign_code = forms.CharField(
        max_length=20,
        label=_("Campaign code"),
        required=False,
        help_text=_("The code of the funded marketing activity that brought the deal, if any."),
    )

    def __init__(self, *args: Any, products: Any, co_sellers: Any = (), **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        set_choices(self.fields["customer_country"], [("", "—"), *country_choices()])
        set_choices(
            self.fields["products"], [(p.sku, f"{p.name} · {p.family.name}") for p in products]
        )
        set_choices(self.fields["co_sellers"], [(str(p.pk), p.name) for p in co_sellers])
        if not self.is_bound:
            self.fields["expected_close"].initial = timezone.localdate() + dt.timedelta(days=60)


class DealFilterForm(Form):
    q = forms.CharField(label=_("Customer"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False)
    family = forms.ChoiceField(label=_("Product family"), required=False)
    sla = forms.ChoiceField(label=_("SLA"), required=False)
    partner = IdField(label=_("Partner id"), required=False)
    tier = forms.ChoiceField(label=_("Tier"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)

    def __init__(
        self, *args: Any, families: Any, tiers: Any = (), vendor: bool = False, **kwargs: Any
    ) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        blank = [("", _("All"))]
        set_choices(self.fields["status"], blank + list(DealStatus.choices))
        set_choices(self.fields["family"], blank + [(f.code, f.name) for f in families])
        if vendor:
            set_choices(
                self.fields["tier"],
                blank + [(str(t.pk), f"{t.program.name}: {t.name}") for t in tiers],
            )
            set_choices(self.fields["region"], blank + list(Region.choices))
        else:  # a partner filters only their own registrations
            for name in ("partner", "tier", "region"):
                del self.fields[name]
        set_choices(
            self.fields["sla"],
            [
                *blank,
                ("breached", _("SLA breached")),
                ("due_soon", _("Due within 4 hours")),
                ("on_track", _("On track")),
            ],
        )

    def filters(self) -> DealFilters:
        """What the selectors should filter by (an invalid or empty form filters nothing)."""
        data = self.cleaned_data if self.is_valid() else {}
        return DealFilters(
            statuses=(data["status"],) if data.get("status") else (),
            family=data.get("family") or "",
            q=data.get("q") or "",
            sla=data.get("sla") or "",
            partner_id=data.get("partner"),
            tier_id=int(data["tier"]) if data.get("tier") else None,
            region=data.get("region") or "",
        )


class RejectForm(Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=RejectReason.choices)
    note = forms.CharField(
        max_length=2000,
        label=_("Note to the partner"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class NoteForm(Form):
    """An optional note that goes with a decision (approve, reopen)."""

    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class ReverseForm(Form):
    """Why a won deal is undone (cancelled, refunded): the partner reads it beside the
    clawback."""

    reason = forms.CharField(label=_("Reason for the reversal"), max_length=2000)


class AnswerForm(Form):
    """The partner's answer to an information request (it becomes the description)."""

    answer = forms.CharField(label=_("Your answer"), max_length=5000)


class InfoRequestForm(Form):
    question = forms.CharField(
        max_length=2000,
        label=_("What do you need to know?"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AppealForm(Form):
    reason = forms.CharField(
        max_length=2000,
        label=_("Why should this decision change?"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AppealDecisionForm(Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("uphold", _("Uphold the conflict")),
            ("overturn", _("Overturn: the appealing partner wins")),
        ],
    )
    note = forms.CharField(
        max_length=2000,
        label=_("Explanation for the partner"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RulesForm(ModelForm):
    auto_approve_currency = forms.ChoiceField(
        label=_("Currency of that amount"), choices=[(c, c) for c in CURRENCIES]
    )

    class Meta:
        model = RulesOfEngagement
        fields = [
            "protection_days",
            "sla_hours",
            "extension_days",
            "max_extensions",
            "max_open_per_partner",
            "expiry_warning_days",
            "direct_accounts",
            "family_protection",
            "auto_approve_max_amount",
            "auto_approve_currency",
            "family_overlap_conflicts",
            "auto_approve",
        ]
        widgets = {
            "direct_accounts": forms.Select(attrs={"data-wide": "1"}),
            "family_protection": forms.Select(attrs={"data-wide": "1"}),
        }
