"""Reads of the partner lifecycle."""

from .fit import ideal_profile, latest_model_run
from .prospects import prospect_list_get, prospect_lists, ranked_prospects
from .recruitment import (
    FactorLine,
    application_get,
    applications,
    blocked_words,
    fit_lines,
    model_weights,
    status_counts,
)
from .tier_status import ProgramTier, Requirement, missing_words, tier_history, tier_status

__all__ = [
    "FactorLine",
    "ProgramTier",
    "Requirement",
    "application_get",
    "applications",
    "blocked_words",
    "fit_lines",
    "ideal_profile",
    "latest_model_run",
    "missing_words",
    "model_weights",
    "prospect_list_get",
    "prospect_lists",
    "ranked_prospects",
    "status_counts",
    "tier_history",
    "tier_status",
]
