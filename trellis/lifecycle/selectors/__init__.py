"""Reads of the partner lifecycle."""

from .fit import ideal_profile, latest_model_run
from .onboarding import (
    Checklist,
    Cohort,
    checklist,
    documents_to_review,
    funnel,
    onboarding_step_get,
    partner_document_get,
    partner_firsts,
    time_to_first,
)
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
    "Checklist",
    "Cohort",
    "FactorLine",
    "ProgramTier",
    "Requirement",
    "WhatIf",
    "active_override",
    "application_get",
    "applications",
    "blocked_words",
    "checklist",
    "documents_to_review",
    "fit_lines",
    "funnel",
    "ideal_profile",
    "latest_model_run",
    "missing_words",
    "model_weights",
    "onboarding_step_get",
    "partner_document_get",
    "partner_firsts",
    "program_overview",
    "prospect_list_get",
    "prospect_lists",
    "ranked_prospects",
    "status_counts",
    "tier_history",
    "tier_status",
    "time_to_first",
    "what_if",
]
