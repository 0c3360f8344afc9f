"""The vendor shapes its Ideal Partner Profile; open applications are scored again on it."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from trellis.core.actor import Actor
from trellis.core.configuration import save_audited
from trellis.core.exceptions import InvalidInput
from trellis.core.policies import require
from trellis.customers.choices import EmployeeBand, Industry
from trellis.partners.choices import PartnerType, Region
from trellis.partners.selectors import specializations

from .. import policies  # noqa: F401  (registers the rules)
from ..choices import OPEN_APPLICATION_STATUSES, EsgFact
from ..engine.fit import score
from ..models import Application, IdealProfile
from ..selectors import fit as fit_reads

LIST_FIELDS = (
    "partner_types",
    "regions",
    "industries",
    "specializations",
    "sizes",
    "esg_wanted",
    "esg_mandatory",
)


def _vocabularies() -> dict[str, frozenset[str]]:
    return {
        "partner_types": frozenset(PartnerType.values),
        "regions": frozenset(Region.values),
        "industries": frozenset(Industry.values),
        "specializations": frozenset(specializations().values_list("slug", flat=True)),
        "sizes": frozenset(EmployeeBand.values),
        "esg_wanted": frozenset(EsgFact.values),
        "esg_mandatory": frozenset(EsgFact.values),
    }


def profile_save(*, actor: Actor, values: dict[str, Any]) -> tuple[IdealProfile, int]:
    """Save the profile's targets and weights; returns it and how many open applications were
    scored again."""
    require(actor, "lifecycle.configure")
    known = _vocabularies()
    for name in LIST_FIELDS:
        if name in values:
            bad = sorted(set(values[name]) - known[name])
            if bad:
                raise InvalidInput(_("Unknown value: %(v)s.") % {"v": ", ".join(bad)}, field=name)
            values[name] = sorted(set(values[name]))
    with transaction.atomic():
        row, changed = save_audited(
            actor=actor, obj=fit_reads.ideal_profile(), values=values, verb="ideal_profile.updated"
        )
        rescored = applications_rescore() if changed else 0
    return row, rescored


def applications_rescore() -> int:
    """Score every open application again on the current profile and model."""
    model, run = fit_reads.trusted_model()
    profile = fit_reads.profile_of(fit_reads.ideal_profile())
    open_ones = list(Application.objects.filter(status__in=OPEN_APPLICATION_STATUSES))
    for a in open_ones:
        fit = score(
            fit_reads.candidate(
                country=a.country,
                partner_types=a.partner_types,
                industries=a.industries,
                specializations=a.specializations,
                size=a.size,
                esg=a.esg,
            ),
            profile,
            model,
        )
        a.fit_score, a.fit_factors, a.fit_blocked_by = (
            fit.score,
            fit_reads.factors_out(fit),
            list(fit.blocked_by),
        )
        a.fit_model_id = run.pk if run is not None and model is not None else None
    Application.objects.bulk_update(
        open_ones, ["fit_score", "fit_factors", "fit_blocked_by", "fit_model"], batch_size=500
    )
    return len(open_ones)
