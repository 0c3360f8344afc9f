"""Writes of learning: authoring the catalogue, enrolling, taking courses and quizzes, and
certifications earned and expiring. Each is audited in its own transaction."""

from .authoring import module_add, version_draft, version_publish
from .certifying import certifications_check_expiry
from .enrolling import enroll, path_enroll
from .taking import module_complete, module_open, quiz_start, quiz_submit

__all__ = [
    "certifications_check_expiry",
    "enroll",
    "module_add",
    "module_complete",
    "module_open",
    "path_enroll",
    "quiz_start",
    "quiz_submit",
    "version_draft",
    "version_publish",
]
