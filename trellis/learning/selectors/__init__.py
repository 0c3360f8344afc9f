"""Reads of learning: the catalogue, people's progress and certifications, and coverage."""

from .catalogue import (
    CourseFigures,
    Offer,
    Verification,
    course_catalogue,
    course_get,
    course_overview,
    offered_version,
    paths,
    verification,
)
from .coverage import Density, certification_density
from .learners import (
    PathState,
    Progress,
    TeamMember,
    attempt_get,
    award_get,
    certifications,
    enrollment_get,
    enrollments,
    module_of,
    path_progress,
    progress_of,
    stuck_quizzes,
    team_learning,
)
from .recommend import recommendations

__all__ = [
    "CourseFigures",
    "Density",
    "Offer",
    "PathState",
    "Progress",
    "TeamMember",
    "Verification",
    "attempt_get",
    "award_get",
    "certification_density",
    "certifications",
    "course_catalogue",
    "course_get",
    "course_overview",
    "enrollment_get",
    "enrollments",
    "module_of",
    "offered_version",
    "path_progress",
    "paths",
    "progress_of",
    "recommendations",
    "stuck_quizzes",
    "team_learning",
    "verification",
]
