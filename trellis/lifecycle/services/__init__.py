"""Writes of the partner lifecycle."""

from .applying import ApplicationInput, application_submit
from .fit_learning import fit_model_train
from .profile import applications_rescore, profile_save
from .prospects import prospects_rescore, prospects_upload
from .reviewing import Acceptance, application_accept, application_hold, application_reject

__all__ = [
    "Acceptance",
    "ApplicationInput",
    "application_accept",
    "application_hold",
    "application_reject",
    "application_submit",
    "applications_rescore",
    "fit_model_train",
    "profile_save",
    "prospects_rescore",
    "prospects_upload",
]
