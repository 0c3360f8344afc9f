"""Forms for people pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from trellis.core.forms import Form
from trellis.core.roles import PartnerRole, StaffRole


class InviteForm(Form):
    email = forms.EmailField(max_length=254, label=_("E-mail"))
    full_name = forms.CharField(label=_("Name"), required=False, max_length=150)
    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        choices=PartnerRole.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[PartnerRole.SALES],
    )


class RolesForm(Form):
    roles = forms.MultipleChoiceField(
        label=_("Roles"), choices=PartnerRole.choices, widget=forms.CheckboxSelectMultiple
    )


class TokenForm(Form):
    name = forms.CharField(
        label=_("Token name"), max_length=100, help_text=_("What will use it, e.g. 'CRM sync'.")
    )


class AcceptInvitationForm(Form):
    full_name = forms.CharField(label=_("Your name"), max_length=150)
    password1 = forms.CharField(
        max_length=256, label=_("Choose a password"), widget=forms.PasswordInput, min_length=8
    )
    password2 = forms.CharField(
        max_length=256, label=_("Repeat the password"), widget=forms.PasswordInput
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data


class StaffInviteForm(Form):
    email = forms.EmailField(max_length=254, label=_("E-mail"))
    full_name = forms.CharField(label=_("Name"), required=False, max_length=150)
    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        choices=StaffRole.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[StaffRole.CHANNEL_MANAGER],
    )


class StaffRolesForm(Form):
    roles = forms.MultipleChoiceField(
        label=_("Roles"), choices=StaffRole.choices, widget=forms.CheckboxSelectMultiple
    )
