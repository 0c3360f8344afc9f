"""Console settings: a program's rules of engagement."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from trellis.core.policies import allows
from trellis.core.surfaces import actor_of, console_view, save_form
from trellis.partners.selectors import program_get

from ..forms import RulesForm
from ..services.lifecycle import rules_for
from ..services.rules import rules_save


@console_view
def program_rules(request: HttpRequest, program_id: int) -> HttpResponse:
    actor = actor_of(request)
    program = program_get(program_id=program_id)
    form = RulesForm(request.POST or None, instance=rules_for(program.pk), label_suffix="")
    may_change = allows(actor, "deals.configure")

    def save(data: dict[str, Any]) -> None:
        rules_save(actor=actor, program_id=program.pk, values=data)

    if save_form(request, form, save, may_change=may_change, done=_("Rules of engagement saved.")):
        return redirect("console:program_detail", program_id=program.pk)
    context = {
        "form": form,
        "title": _("Rules of engagement: %(program)s") % {"program": program.name},
        "intro": _(
            "Every automated decision on a registration cites these rules. A change applies to "
            "registrations decided from now on; approved registrations keep their protection."
        ),
        "back_url": reverse("console:program_detail", args=[program.pk]),
        "back_label": program.name,
        "may_change": may_change,
        "nav": "settings",
    }
    return render(request, "console/settings_edit.html", context)
