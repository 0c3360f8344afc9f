"""Reads of the partner lifecycle."""

from .fit import ideal_profile, latest_model_run
from .recruitment import (
    FactorLine,
    application_get,
    applications,
    blocked_words,
    fit_lines,
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
    "status_counts",
]
