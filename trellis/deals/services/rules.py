"""Writes of a program's rules of engagement, from the console's settings.

Registrations read the rules through the terms cache stamped with
``stamps.PROGRAMS``: a change applies to the next registration in every process.
Registrations already decided keep what they were decided under (their
protection end date is stored on each).
"""

from __future__ import annotations

from typing import Any

from trellis.core import stamps
from trellis.core.actor import Actor
from trellis.core.configuration import save_audited
from trellis.core.policies import require

from ..models import RulesOfEngagement
from .lifecycle import rules_for

RULE_FIELDS = (
    "protection_days",
    "sla_hours",
    "extension_days",
    "max_extensions",
    "max_open_per_partner",
    "family_overlap_conflicts",
    "direct_accounts",
    "family_protection",
    "auto_approve",
    "auto_approve_max_amount",
    "auto_approve_currency",
    "expiry_warning_days",
)


def rules_save(*, actor: Actor, program_id: int, values: dict[str, Any]) -> RulesOfEngagement:
    require(actor, "deals.configure")
    saved, _changed = save_audited(
        actor=actor,
        obj=rules_for(program_id),
        values={k: values[k] for k in RULE_FIELDS if k in values},
        verb="program.rules_changed",
        stamp=stamps.PROGRAMS,
    )
    return saved
