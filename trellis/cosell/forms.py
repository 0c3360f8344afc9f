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

from trellis.core.actor import Actor
from trellis.core.exceptions import InvalidInput

from . import services
from .choices import DEFAULT_SHARED, DeclineReason, SharedField
from .models import CoSell


class InviteForm(forms.Form):
    message = forms.CharField(
        label=gettext_lazy("Message"), required=False, max_length=services.MAX_INVITATION,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("What you would like the other side to do, in a sentence or two."),
    )  # fmt: skip
    shared_fields = forms.MultipleChoiceField(
        label=gettext_lazy("The other side may see"), choices=SharedField.choices, required=False,
        initial=list(DEFAULT_SHARED), widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("The customer and products are always shown. You can change this later."),
    )  # fmt: skip

    @staticmethod
    def pick_partner_message() -> str:
        return _("Pick the partner to invite.")

    @staticmethod
    def sent_message() -> str:
        return _("Invitation sent. You will hear as soon as the other side answers.")


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(label=gettext_lazy("Why"), choices=DeclineReason.choices)
    note = forms.CharField(
        label=gettext_lazy("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class StepForm(forms.Form):
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
        owner.choices = [
            (_("Partner"), partner_people), (_("Vendor"), vendor_people)
        ]  # fmt: skip
        self.fields["due_on"].initial = timezone.localdate() + dt.timedelta(days=7)
        if me is not None:
            owner.initial = me


def _post_text(data: Any, name: str) -> str:
    return str(data.get(name, ""))


def _step_input(data: Any) -> tuple[str, int, dt.date]:
    try:
        owner = int(data.get("owner", ""))
    except ValueError:
        raise InvalidInput(_("Pick the step's owner from either side."), field="owner") from None
    try:
        due = dt.date.fromisoformat(str(data.get("due_on", "")))
    except ValueError:
        raise InvalidInput(_("Give the due date as a date."), field="due_on") from None
    return _post_text(data, "title"), owner, due


def perform(*, actor: Actor, cosell: CoSell, action: str, data: Any, step: Any = None) -> str:
    """Carry out one posted action on a co-sell; returns what to tell the person. Raises DomainError on bad input."""
    if action == "accept":
        services.cosell_accept(actor=actor, cosell=cosell)
        return _("You are co-selling now. Agree the next steps below.")
    if action == "decline":
        services.cosell_decline(actor=actor, cosell=cosell, reason=_post_text(data, "reason"),
                                note=_post_text(data, "note"))  # fmt: skip
        return _("Invitation declined.")
    if action == "withdraw":
        services.cosell_withdraw(actor=actor, cosell=cosell, note=_post_text(data, "note"))
        return _("Co-sell ended.")
    if action in ("won", "lost"):
        services.cosell_close(
            actor=actor, cosell=cosell, outcome=action, note=_post_text(data, "note")
        )
        return _("Outcome recorded.")
    if action == "share":
        services.cosell_share(
            actor=actor, cosell=cosell, shared_fields=data.getlist("shared_fields")
        )
        return _("Sharing saved.")
    if action == "post":
        services.cosell_post(actor=actor, cosell=cosell, body=_post_text(data, "body"))
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
