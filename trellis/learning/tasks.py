"""Scheduled learning jobs: due-date reminders, and certification expiry warnings and expiry.
Each acts at most once per person and occasion, so a job delivered twice changes nothing."""

from __future__ import annotations

from .services import certifications_check_expiry
from .services.enrolling import due_reminders


def expiry_sweep() -> dict[str, int]:
    warned, expired = certifications_check_expiry()
    return {"warned": warned, "expired": expired}


def reminder_sweep() -> dict[str, int]:
    return {"reminded": due_reminders()}
