"""Reads for fit scoring: the vendor's Ideal Partner Profile and the fit model it may trust."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict

from trellis.core import places

from ..engine.fit import Candidate, Fit, FitModel, Profile
from ..models import FitModelRun, IdealProfile


def ideal_profile() -> IdealProfile:
    """The profile row; a vendor that never set one gets the defaults (no targets yet)."""
    row, _created = IdealProfile.objects.get_or_create(pk=1)
    return row


def profile_of(row: IdealProfile) -> Profile:
    return Profile(
        partner_types=frozenset(row.partner_types),
        regions=frozenset(row.regions),
        industries=frozenset(row.industries),
        specializations=frozenset(row.specializations),
        sizes=frozenset(row.sizes),
        esg_wanted=frozenset(row.esg_wanted) | frozenset(row.esg_mandatory),
        esg_mandatory=frozenset(row.esg_mandatory),
        weights={
            "partner_types": row.weight_partner_types,
            "regions": row.weight_regions,
            "industries": row.weight_industries,
            "specializations": row.weight_specializations,
            "size": row.weight_size,
            "esg": row.weight_esg,
        },
        model_share=row.model_share,
    )


def latest_model_run() -> FitModelRun | None:
    return FitModelRun.objects.first()


def trusted_model() -> tuple[FitModel | None, FitModelRun | None]:
    """The latest training when its held-out quality earned trust; else no model."""
    run = latest_model_run()
    if run is None or not run.trusted:
        return None, run
    return FitModel(coefficients=run.coefficients, intercept=run.intercept), run


def candidate(
    *,
    country: str,
    partner_types: Iterable[str],
    industries: Iterable[str] = (),
    specializations: Iterable[str] = (),
    size: str = "",
    esg: Iterable[str] = (),
) -> Candidate:
    return Candidate(
        partner_types=frozenset(partner_types),
        region=places.region_of(country),
        industries=frozenset(industries),
        specializations=frozenset(specializations),
        size=size,
        esg=frozenset(esg),
    )


def factors_out(fit: Fit) -> list[dict[str, object]]:
    """The factors as stored beside an application or prospect."""
    return [asdict(f) for f in fit.factors]
