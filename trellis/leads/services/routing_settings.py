"""Writes of a program's lead routing rules and weights, from the console's settings.

Routing reads the rules on every run, so a change applies to the next lead
routed; offers already made keep their deadlines, and every stored decision
keeps the weights it was made with.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from trellis.core.actor import Actor
from trellis.core.configuration import save_audited
from trellis.core.exceptions import InvalidInput
from trellis.core.policies import require
from trellis.partners.choices import PartnerType

from ..engine.facts import FACTORS
from ..models import RoutingRules
from .lifecycle import routing_rules

ROUTING_FIELDS = (
    "mode",
    "acceptance_hours",
    "offer_count",
    "followup_days",
    "pullback_grace_days",
    "allowed_types",
    *(f"weight_{f}" for f in FACTORS),
)


def routing_rules_save(*, actor: Actor, program_id: int, values: dict[str, Any]) -> RoutingRules:
    require(actor, "leads.configure")
    values = {k: values[k] for k in ROUTING_FIELDS if k in values}
    if "allowed_types" in values:
        kinds = list(values["allowed_types"] or [])
        if not set(kinds) <= set(PartnerType.values):
            raise InvalidInput(_("Choose partner types from the list."), field="allowed_types")
        values["allowed_types"] = sorted(set(kinds))
    saved, _changed = save_audited(
        actor=actor,
        obj=routing_rules(program_id),
        values=values,
        verb="program.routing_changed",
    )
    return saved
