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
from .tier_status import (
    ProgramTier,
    Requirement,
    WhatIf,
    active_override,
    missing_words,
    program_overview,
    tier_history,
    tier_status,
    what_if,
)

__all__ = [
    "FactorLine",
    "ProgramTier",
    "Requirement",
    "WhatIf",
    "active_override",
    "application_get",
    "applications",
    "blocked_words",
    "fit_lines",
    "ideal_profile",
    "latest_model_run",
    "missing_words",
    "model_weights",
    "program_overview",
    "prospect_list_get",
    "prospect_lists",
    "ranked_prospects",
    "status_counts",
    "tier_history",
    "tier_status",
    "what_if",
]
