"""Console settings: how a program routes its leads, and what each factor weighs."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from trellis.core.policies import allows
from trellis.core.surfaces import actor_of, console_view, save_form
from trellis.partners.selectors import program_get

from ..forms import RoutingRulesForm, RoutingWeightsForm
from ..services.lifecycle import routing_rules
from ..services.routing_settings import routing_rules_save


@console_view
def program_routing(request: HttpRequest, program_id: int) -> HttpResponse:
    actor = actor_of(request)
    program = program_get(program_id=program_id)
    rules = routing_rules(program.pk)
    form = RoutingRulesForm(request.POST or None, instance=rules, label_suffix="")
    weights = RoutingWeightsForm(request.POST or None, instance=rules, label_suffix="")
    may_change = allows(actor, "leads.configure")

    def save(data: dict[str, Any]) -> None:
        routing_rules_save(actor=actor, program_id=program.pk, values=data)

    if save_form(
        request, form, save, may_change=may_change, done=_("Lead routing saved."), also=(weights,)
    ):
        return redirect("console:program_detail", program_id=program.pk)
    context = {
        "form": form,
        "extra_forms": [
            {
                "title": _("Weights"),
                "intro": _(
                    "How much each factor counts in a partner's score, from 0 (ignored) to 10. "
                    "Every routing decision shows each factor's value, weight and contribution."
                ),
                "form": weights,
            }
        ],
        "title": _("Lead routing: %(program)s") % {"program": program.name},
        "intro": _(
            "A change applies to the next lead routed. Offers already made keep their deadlines."
        ),
        "back_url": reverse("console:program_detail", args=[program.pk]),
        "back_label": program.name,
        "may_change": may_change,
        "nav": "settings",
    }
    return render(request, "console/settings_edit.html", context)
