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

__all__ = [
    "FactorLine",
    "application_get",
    "applications",
    "blocked_words",
    "fit_lines",
    "ideal_profile",
    "latest_model_run",
    "model_weights",
    "prospect_list_get",
    "prospect_lists",
    "ranked_prospects",
    "status_counts",
]
