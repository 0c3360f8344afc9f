"""Writes of the partner lifecycle."""

from .applying import ApplicationInput, application_submit
from .fit_learning import fit_model_train
from .journeys import journey_save, journey_step_add, journey_step_remove
from .offboarding import (
    HandoverChoice,
    Handovers,
    exits_anonymise,
    partner_offboard,
    partner_reactivate,
)
from .onboarding import (
    agreement_accept,
    agreement_publish,
    document_review,
    document_upload,
    onboarding_refresh,
    onboarding_start,
    step_close,
)
from .profile import applications_rescore, profile_save
from .prospects import prospects_rescore, prospects_upload
from .reviewing import Acceptance, application_accept, application_hold, application_reject
from .tier_overrides import (
    measure_record,
    overrides_expire,
    tier_override_end,
    tier_override_set,
    tier_policy_save,
)
from .tiering import tier_evaluate

__all__ = [
    "Acceptance",
    "ApplicationInput",
    "HandoverChoice",
    "Handovers",
    "agreement_accept",
    "agreement_publish",
    "application_accept",
    "application_hold",
    "application_reject",
    "application_submit",
    "applications_rescore",
    "document_review",
    "document_upload",
    "exits_anonymise",
    "fit_model_train",
    "journey_save",
    "journey_step_add",
    "journey_step_remove",
    "measure_record",
    "onboarding_refresh",
    "onboarding_start",
    "overrides_expire",
    "partner_offboard",
    "partner_reactivate",
    "profile_save",
    "prospects_rescore",
    "prospects_upload",
    "step_close",
    "tier_evaluate",
    "tier_override_end",
    "tier_override_set",
    "tier_policy_save",
]
