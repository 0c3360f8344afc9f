"""Writes of the partner lifecycle."""

from .applying import ApplicationInput, application_submit
from .profile import applications_rescore, profile_save
from .reviewing import Acceptance, application_accept, application_hold, application_reject

__all__ = [
    "Acceptance",
    "ApplicationInput",
    "application_accept",
    "application_hold",
    "application_reject",
    "application_submit",
    "applications_rescore",
    "profile_save",
]
