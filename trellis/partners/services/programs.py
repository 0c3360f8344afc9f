"""Writes of the program structure: programs, their tiers and what each tier requires.

Registration terms and lead routing read tiers through caches stamped with
``stamps.PROGRAMS``; every write here bumps it, so a change applies to the
next registration in every process.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from trellis.core import stamps
from trellis.core.actor import Actor
from trellis.core.configuration import (
    delete_audited,
    refuse_negative,
    save_audited,
    set_amounts,
)
from trellis.core.exceptions import Conflict, InvalidInput
from trellis.core.policies import require

from ..choices import TierMetric
from ..models import Program, ProgramEnrollment, Specialization, Tier

# The portal languages besides English, which a vendor names its specializations in.
OTHER_LANGUAGES = ("de", "fr", "es", "ja")
PROGRAM_FIELDS = ("name", "slug", "description", "is_active")
TIER_FIELDS: tuple[str, ...] = ("name", "rank", "discount_pct", "deal_reg_uplift_pct")
TIER_FIELDS += ("mdf_eligible", "lead_priority")


def program_save(*, actor: Actor, program: Program | None, values: dict[str, Any]) -> Program:
    """Create a program (``program`` None) or change one; a new program starts with one
    entry tier, so partners can be enrolled in it at once."""
    require(actor, "partners.configure", program)
    values = {k: values[k] for k in PROGRAM_FIELDS if k in values}
    with transaction.atomic():
        creating = program is None
        saved, _changed = save_audited(
            actor=actor,
            obj=program or Program(),
            values=values,
            verb="program.created" if creating else "program.updated",
            stamp=stamps.PROGRAMS,
        )
        if creating:
            entry = {"program": saved, "name": _("Member"), "rank": 1}
            tier_save(actor=actor, tier=None, values=entry)
    return saved


def tier_save(*, actor: Actor, tier: Tier | None, values: dict[str, Any]) -> Tier:
    """Create a tier (``values`` names its program) or change one."""
    require(actor, "partners.configure", tier)
    allowed = TIER_FIELDS + (("program",) if tier is None else ())
    saved, _changed = save_audited(
        actor=actor,
        obj=tier or Tier(),
        values={k: values[k] for k in allowed if k in values},
        verb="tier.created" if tier is None else "tier.updated",
        stamp=stamps.PROGRAMS,
    )
    return saved


def tier_configure(
    *, actor: Actor, tier: Tier | None, program: Program, data: dict[str, Any]
) -> Tier:
    """Create or change a tier and set its requirements (one value per measure) at once."""
    thresholds = {m: data.get(m) for m in TierMetric.values}
    values = {k: v for k, v in data.items() if k in TIER_FIELDS}
    with transaction.atomic():
        if tier is None:
            values["program"] = program
        saved = tier_save(actor=actor, tier=tier, values=values)
        tier_set_requirements(actor=actor, tier=saved, thresholds=thresholds)
    return saved


def tier_delete(*, actor: Actor, tier: Tier) -> None:
    """Remove a tier nobody holds; a program keeps at least one tier."""
    require(actor, "partners.configure", tier)
    with transaction.atomic():
        Program.objects.select_for_update().get(pk=tier.program_id)
        if ProgramEnrollment.objects.filter(tier=tier).exists():
            raise Conflict(_("Partners hold this tier: move them to another tier first."))
        if not Tier.objects.filter(program_id=tier.program_id).exclude(pk=tier.pk).exists():
            raise Conflict(_("A program needs at least one tier."))
        delete_audited(actor=actor, obj=tier, verb="tier.deleted", stamp=stamps.PROGRAMS)


def tier_set_requirements(
    *, actor: Actor, tier: Tier, thresholds: dict[str, Decimal | None]
) -> dict[str, str]:
    """Set what the tier requires: a threshold per measure, ``None`` for no requirement.

    Returns the requirements now in force (measure to threshold, as text).
    """
    require(actor, "partners.configure", tier)
    unknown = sorted(set(thresholds) - set(TierMetric.values))
    if unknown:
        raise InvalidInput(_("Unknown measure: %(m)s.") % {"m": ", ".join(unknown)})
    refuse_negative(thresholds, _("A requirement cannot be negative."), field=None)
    with transaction.atomic():
        tier = Tier.objects.select_for_update().get(pk=tier.pk)
        return set_amounts(
            actor=actor,
            owner=tier,
            rows=tier.requirements,
            key="metric",
            amount="threshold",
            wanted=thresholds,
            verb="tier.requirements_changed",
            stamp=stamps.PROGRAMS,
        )


def specialization_save(
    *, actor: Actor, specialization: Specialization | None, values: dict[str, Any]
) -> Specialization:
    """Create or rename an area of expertise; ``values["names"]`` holds its name in the other
    portal languages (language code to name; an empty one falls back to ``name``)."""
    require(actor, "partners.configure", specialization)
    names = {k: v.strip() for k, v in (values.get("names") or {}).items() if v and v.strip()}
    unknown = sorted(set(names) - set(OTHER_LANGUAGES))
    if unknown:
        raise InvalidInput(_("Unknown language: %(l)s.") % {"l": ", ".join(unknown)})
    saved, _changed = save_audited(
        actor=actor,
        obj=specialization or Specialization(),
        values={"slug": values.get("slug"), "name": values.get("name"), "names": names},
        verb="specialization.created" if specialization is None else "specialization.updated",
        stamp=stamps.PROGRAMS,
    )
    return saved
