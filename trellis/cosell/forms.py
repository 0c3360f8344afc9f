"""Forms for co-selling, and the one place that turns a posted co-sell action into a service call.

Portal and console post the same actions to their own URLs; both read them here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trellis.catalog.selectors import products
from trellis.core.actor import Actor
from trellis.core.countries import country_choices
from trellis.core.exceptions import InvalidInput
from trellis.core.forms import Form, SearchableSelectMultiple, set_choices
from trellis.core.text import text_problem, text_problem_message
from trellis.partners.choices import PartnerType
from trellis.partners.selectors import listed_partner, specializations

from . import services
from .choices import DEFAULT_SHARED, DeclineReason, SharedField
from .models import CoSell
from .selectors import NeedInput


class InviteForm(Form):
    message = forms.CharField(
        label=gettext_lazy("Message"),
        required=False,
        max_length=services.MAX_INVITATION,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("What you would like the other side to do, in a sentence or two."),
    )
    shared_fields = forms.MultipleChoiceField(
        label=gettext_lazy("The other side may see"),
        choices=SharedField.choices,
        required=False,
        initial=list(DEFAULT_SHARED),
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "The customer and products are always shown. You can change this later."
        ),
    )

    @staticmethod
    def pick_partner_message() -> str:
        return _("Pick the partner to invite.")

    @staticmethod
    def sent_message() -> str:
        return _("Invitation sent. You will hear as soon as the other side answers.")


class DeclineForm(Form):
    reason = forms.ChoiceField(label=gettext_lazy("Why"), choices=DeclineReason.choices)
    note = forms.CharField(
        max_length=2000,
        label=gettext_lazy("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class StepForm(Form):
    title = forms.CharField(label=gettext_lazy("Next step"), max_length=200)
    owner = forms.TypedChoiceField(label=gettext_lazy("Owner"), coerce=int)
    due_on = forms.DateField(
        label=gettext_lazy("Due"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(
        self, *args: Any, owners: list[tuple[int, str, bool]], me: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        partner_people = [(pk, name) for pk, name, staff in owners if not staff]
        vendor_people = [(pk, name) for pk, name, staff in owners if staff]
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ChoiceField)
        owner.choices = [(_("Partner"), partner_people), (_("Vendor"), vendor_people)]
        self.fields["due_on"].initial = timezone.localdate() + dt.timedelta(days=7)
        if me is not None:
            owner.initial = me


# Posted text fields that may hold several lines; the rest are single-line.
_MULTI_LINE = frozenset({"body", "note", "message"})


def posted_text(data: Any, name: str) -> str:
    """A posted text field, under the same rule for text as every form and the API."""
    value = str(data.get(name, ""))
    problem = text_problem(value, single_line=name not in _MULTI_LINE)
    if problem:
        raise InvalidInput(text_problem_message(problem), field=name)
    return value


def _step_input(data: Any) -> tuple[str, int, dt.date]:
    try:
        owner = int(data.get("owner", ""))
    except ValueError:
        raise InvalidInput(_("Pick the step's owner from either side."), field="owner") from None
    try:
        due = dt.date.fromisoformat(str(data.get("due_on", "")))
    except ValueError:
        raise InvalidInput(_("Give the due date as a date."), field="due_on") from None
    return posted_text(data, "title"), owner, due


def perform(*, actor: Actor, cosell: CoSell, action: str, data: Any, step: Any = None) -> str:
    """Carry out one posted action on a co-sell; returns what to tell the person. Raises DomainError
    on bad input."""
    if action == "accept":
        services.cosell_accept(actor=actor, cosell=cosell)
        return _("You are co-selling now. Agree the next steps below.")
    if action == "decline":
        services.cosell_decline(
            actor=actor,
            cosell=cosell,
            reason=posted_text(data, "reason"),
            note=posted_text(data, "note"),
        )
        return _("Invitation declined.")
    if action == "withdraw":
        services.cosell_withdraw(actor=actor, cosell=cosell, note=posted_text(data, "note"))
        return _("Co-sell ended.")
    if action in ("won", "lost"):
        services.cosell_close(
            actor=actor, cosell=cosell, outcome=action, note=posted_text(data, "note")
        )
        return _("Outcome recorded.")
    if action == "share":
        services.cosell_share(
            actor=actor, cosell=cosell, shared_fields=data.getlist("shared_fields")
        )
        return _("Sharing saved.")
    if action == "post":
        services.cosell_post(actor=actor, cosell=cosell, body=posted_text(data, "body"))
        return _("Message sent.")
    if action == "step":
        title, owner, due = _step_input(data)
        services.cosell_step_add(
            actor=actor, cosell=cosell, title=title, owner_id=owner, due_on=due
        )
        return _("Next step added.")
    if action in ("done", "reopen") and step is not None:
        services.cosell_step_done(actor=actor, step=step, done=action == "done")
        return _("Step updated.")
    raise InvalidInput(_("Unknown action."), field="action")


class NeedForm(Form):
    """A customer need to find complementary partners for."""

    country = forms.ChoiceField(label=gettext_lazy("Customer's country"))
    city = forms.CharField(label=gettext_lazy("City"), required=False, max_length=120)
    specializations = forms.MultipleChoiceField(
        label=gettext_lazy("Expertise needed"), required=False, widget=forms.CheckboxSelectMultiple
    )
    types = forms.MultipleChoiceField(
        label=gettext_lazy("Kinds of partner wanted"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=PartnerType.choices,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self.fields["country"], [("", "—"), *country_choices()])
        set_choices(self.fields["specializations"], specialization_choices())

    def need(self, deal_id: int | None = None) -> NeedInput:
        data = self.cleaned_data
        return NeedInput(
            country=data["country"],
            city=data.get("city", ""),
            specializations=tuple(data.get("specializations", ())),
            types=tuple(data.get("types", ())),
            deal_id=deal_id,
        )

    @staticmethod
    def describe_message() -> str:
        return _("Describe the customer's need (country, and expertise or kinds of partner).")

    @staticmethod
    def requested_message() -> str:
        return _("Request sent. The vendor passes it on to the partner, who then says yes or no.")

    @staticmethod
    def initial_of(need: NeedInput) -> dict[str, Any]:
        return {
            "country": need.country,
            "city": need.city,
            "specializations": list(need.specializations),
            "types": list(need.types),
        }


def perform_introduction(*, actor: Actor, introduction: Any, action: str, data: Any) -> str:
    """Carry out one posted action on an introduction; returns what to tell the person."""
    note = posted_text(data, "note")
    if action in ("forward", "not_brokered"):
        services.introduction_broker(
            actor=actor, introduction=introduction, forward=action == "forward", note=note
        )
        return (
            _("Passed on to the partner.")
            if action == "forward"
            else _("The requester is told why.")
        )
    if action in ("accept", "decline"):
        services.introduction_answer(
            actor=actor, introduction=introduction, accept=action == "accept", note=note
        )
        return (
            _("You are introduced: contacts are below.") if action == "accept" else _("Declined.")
        )
    if action == "withdraw":
        services.introduction_withdraw(actor=actor, introduction=introduction)
        return _("Request withdrawn.")
    if action == "rate":
        try:
            stars = int(data.get("stars", ""))
        except ValueError:
            raise InvalidInput(_("Give 1 to 5 stars."), field="stars") from None
        services.introduction_rate(
            actor=actor,
            introduction=introduction,
            stars=stars,
            comment=str(data.get("comment", "")),
        )
        return _("Thank you: your rating helps other partners find good matches.")
    raise InvalidInput(_("Unknown action."), field="action")


class BundleForm(Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=120)
    summary = forms.CharField(label=gettext_lazy("What it solves, in a sentence"), max_length=300)
    description = forms.CharField(
        max_length=5000,
        label=gettext_lazy("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    products = forms.MultipleChoiceField(
        label=gettext_lazy("Vendor products"), widget=forms.CheckboxSelectMultiple
    )
    countries = forms.MultipleChoiceField(
        label=gettext_lazy("Offered in"), widget=SearchableSelectMultiple
    )
    specializations = forms.MultipleChoiceField(
        label=gettext_lazy("Expertise"), required=False, widget=forms.CheckboxSelectMultiple
    )
    service = forms.CharField(
        label=gettext_lazy("Your part (the service your company contributes)"),
        max_length=200,
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        products: list[tuple[str, str]],
        specializations: list[tuple[str, str]],
        ask_service: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self.fields["products"], products)
        set_choices(self.fields["countries"], country_choices())
        set_choices(self.fields["specializations"], specializations)
        if not ask_service:
            del self.fields["service"]

    def bundle_input(self) -> services.BundleInput:
        d = self.cleaned_data
        return services.BundleInput(
            name=d["name"],
            summary=d["summary"],
            description=d.get("description", ""),
            products=list(d["products"]),
            countries=list(d["countries"]),
            specializations=list(d.get("specializations", [])),
            service=d.get("service", ""),
        )

    @staticmethod
    def initial_of(bundle: Any) -> dict[str, Any]:
        return {
            "name": bundle.name,
            "summary": bundle.summary,
            "description": bundle.description,
            "products": [p.sku for p in bundle.products.all()],
            "countries": list(bundle.countries),
            "specializations": [s.slug for s in bundle.specializations.all()],
        }

    def first_error(self) -> str:
        field, errors = next(iter(self.errors.items()))
        label = self.fields[field].label if field in self.fields else field
        return f"{label}: {errors[0]}"


def perform_bundle(*, actor: Actor, bundle: Any, action: str, data: Any, member: Any = None) -> str:
    """Carry out one posted action on a bundle; returns what to tell the person."""
    if action == "invite":
        partner_id = str(data.get("partner", ""))
        if not partner_id.isdigit():
            raise InvalidInput(_("Pick the partner to invite."), field="partner")
        services.bundle_invite(
            actor=actor,
            bundle=bundle,
            partner=listed_partner(partner_id=int(partner_id)),
            service=str(data.get("service", "")),
        )
        return _("Invitation sent; the partner's admin agrees or declines.")
    if action == "remove" and member is not None:
        services.bundle_remove_member(actor=actor, member=member)
        return _("Partner removed from the bundle.")
    if action in ("agree", "decline") and member is not None:
        services.bundle_answer(actor=actor, member=member, accept=action == "agree")
        return _("Thank you, your answer is recorded.")
    if action == "withdraw" and member is not None:
        services.bundle_withdraw(actor=actor, member=member)
        return _("You are no longer offered in this bundle.")
    if action == "publish":
        services.bundle_publish(actor=actor, bundle=bundle)
        return _("Published: partners and the sales team can find it now.")
    if action == "retire":
        services.bundle_retire(actor=actor, bundle=bundle)
        return _("Retired: it is no longer offered.")
    raise InvalidInput(_("Unknown action."), field="action")


def bundle_choices(actor: Actor) -> dict[str, list[tuple[str, str]]]:
    """The catalogue and the expertise list, for the bundle form."""
    return {
        "products": [(p.sku, f"{p.name} ({p.family.name})") for p in products(actor=actor)],
        "specializations": specialization_choices(),
    }


def specialization_choices() -> list[tuple[str, str]]:
    return sorted(((s.slug, s.label()) for s in specializations()), key=lambda c: c[1])
