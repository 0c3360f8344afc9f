"""Forms for partner pages: input checked at the edge, rules enforced by the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from trellis.core.countries import country_choices
from trellis.core.forms import Form, ModelForm, SearchableSelectMultiple, set_choices

from .choices import MONEY_METRICS, PartnerStatus, PartnerType, Region, TierMetric
from .models import Partner, Program, Specialization, Tier
from .services import PartnerChanges


class DirectoryFilterForm(Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name, domain, city…")}),
    )
    type = forms.ChoiceField(label=_("Type"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    tier = forms.ChoiceField(label=_("Program / tier"), required=False)
    manager = forms.ChoiceField(label=_("Channel manager"), required=False)
    sort = forms.ChoiceField(label=_("Sort"), required=False)

    def __init__(self, *args: Any, tiers: Any, managers: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        blank = [("", _("All"))]
        set_choices(self.fields["type"], blank + list(PartnerType.choices))
        set_choices(self.fields["status"], blank + list(PartnerStatus.choices))
        set_choices(self.fields["country"], blank + country_choices())
        # "p12" = any tier of program 12, "t34" = tier 34.
        tier_choices: list[tuple[str, str]] = []
        seen: set[int] = set()
        for tier in tiers:
            if tier.program_id not in seen:
                seen.add(tier.program_id)
                tier_choices.append(
                    (f"p{tier.program_id}", f"{tier.program.name}: {_('any tier')}")
                )
            tier_choices.append((f"t{tier.pk}", f"{tier.program.name}: {tier.name}"))
        set_choices(self.fields["tier"], blank + tier_choices)
        set_choices(self.fields["manager"], blank + [(str(u.pk), str(u)) for u in managers])
        sorts = [
            ("name", _("Name A–Z")),
            ("-name", _("Name Z–A")),
            ("country", _("Country")),
            ("status", _("Status")),
            ("-created", _("Newest")),
            ("created", _("Oldest")),
        ]
        set_choices(self.fields["sort"], sorts)


class PartnerProfileForm(Form):
    """What a partner admin may edit about their own company."""

    website = forms.URLField(
        max_length=200, label=_("Website"), required=False, assume_scheme="https"
    )
    domain = forms.CharField(label=_("Domain"), required=False, max_length=253)
    city = forms.CharField(label=_("City"), required=False, max_length=120)
    description = forms.CharField(
        max_length=5000,
        label=_("About the company"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    regions = forms.MultipleChoiceField(
        label=_("Regions served"),
        required=False,
        choices=Region.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    countries_served = forms.MultipleChoiceField(
        label=_("Countries served"), required=False, widget=SearchableSelectMultiple
    )
    specializations = forms.MultipleChoiceField(
        label=_("Specializations"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, specializations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self.fields["countries_served"], country_choices())
        set_choices(self.fields["specializations"], [(s.slug, s.label()) for s in specializations])


class PartnerVendorForm(PartnerProfileForm):
    """The profile plus what only the vendor may change."""

    name = forms.CharField(label=_("Name"), max_length=200)
    legal_name = forms.CharField(label=_("Legal name"), required=False, max_length=250)
    country = forms.ChoiceField(label=_("Headquarters country"))
    partner_types = forms.MultipleChoiceField(
        label=_("Partner types"), choices=PartnerType.choices, widget=forms.CheckboxSelectMultiple
    )
    channel_manager = forms.ChoiceField(label=_("Channel manager"), required=False)
    parent = forms.ChoiceField(label=_("Distributor (two-tier)"), required=False)

    field_order = ["name", "legal_name", "country", "partner_types", "channel_manager", "parent"]

    def __init__(self, *args: Any, managers: Any, distributors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self.fields["country"], country_choices())
        managed = [(str(u.pk), str(u)) for u in managers]
        set_choices(self.fields["channel_manager"], [("", _("Unassigned")), *managed])
        parents = [(str(p.pk), p.name) for p in distributors]
        set_choices(self.fields["parent"], [("", _("None (buys direct)")), *parents])


class StatusForm(Form):
    status = forms.ChoiceField(label=_("New status"))
    note = forms.CharField(label=_("Reason"), required=False, max_length=500)

    def __init__(self, *args: Any, allowed: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self.fields["status"], [(s, PartnerStatus(s).label) for s in allowed])


class TierForm(Form):
    tier = forms.ChoiceField(label=_("Program and tier"))
    note = forms.CharField(label=_("Reason"), required=False, max_length=500)

    def __init__(self, *args: Any, tiers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(
            self.fields["tier"], [(str(t.pk), f"{t.program.name}: {t.name}") for t in tiers]
        )


def initial_from_partner(partner: Partner, *, vendor: bool) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "website": partner.website,
        "domain": partner.domain,
        "city": partner.city,
        "description": partner.description,
        "regions": [r.region for r in partner.regions.all()],
        "countries_served": [c.country for c in partner.countries_served.all()],
        "specializations": [s.slug for s in partner.specializations.all()],
    }
    if vendor:
        initial |= {
            "name": partner.name,
            "legal_name": partner.legal_name,
            "country": partner.country,
            "partner_types": partner.type_values(),
            "channel_manager": partner.channel_manager_id or "",
            "parent": partner.parent_id or "",
        }
    return initial


def changes_from_form(form: forms.Form, *, vendor: bool) -> PartnerChanges:
    d = form.cleaned_data
    common: dict[str, Any] = {
        "website": d["website"],
        "domain": d["domain"],
        "city": d["city"],
        "description": d["description"],
        "regions": d["regions"],
        "countries_served": d["countries_served"],
        "specializations": d["specializations"],
    }
    if not vendor:
        return PartnerChanges(**common)
    return PartnerChanges(
        **common,
        name=d["name"],
        legal_name=d["legal_name"],
        country=d["country"],
        partner_types=d["partner_types"],
        channel_manager_id=int(d["channel_manager"]) if d["channel_manager"] else None,
        clear_channel_manager=not d["channel_manager"],
        parent_id=int(d["parent"]) if d["parent"] else None,
        clear_parent=not d["parent"],
    )


# --- configuration ---------------------------------------------------------------


class ProgramSettingsForm(ModelForm):
    class Meta:
        model = Program
        fields = ["name", "slug", "description", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class TierSettingsForm(ModelForm):
    class Meta:
        model = Tier
        fields = ["name", "rank", "discount_pct", "deal_reg_uplift_pct", "lead_priority"]
        fields += ["mdf_eligible"]


class TierRequirementsForm(Form):
    """One optional threshold per measure: empty means the tier does not require it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for metric in TierMetric:
            self.fields[metric.value] = forms.DecimalField(
                label=metric.label,
                help_text=_("In US dollars.") if metric.value in MONEY_METRICS else "",
                required=False,
                min_value=0,
                max_digits=14,
                decimal_places=2,
            )


class SpecializationForm(ModelForm):
    """An area of expertise, with its name in each portal language."""

    class Meta:
        model = Specialization
        fields = ["slug", "name"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names = self.instance.names or {}
        for code, label in settings.LANGUAGES:
            if code == "en":
                continue
            self.fields[f"name_{code}"] = forms.CharField(
                label=_("Name in %(language)s") % {"language": label},
                required=False,
                max_length=100,
                initial=names.get(code, ""),
            )

    def names(self) -> dict[str, str]:
        return {
            name.removeprefix("name_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("name_")
        }
