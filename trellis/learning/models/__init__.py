"""Partner enablement: the course catalogue and the learning and certifications of partners'
people."""

from .catalogue import (
    Certification,
    Choice,
    Course,
    CourseVersion,
    LearningPath,
    Module,
    PathStep,
    Question,
)
from .content import ScormPackage
from .progress import CertificationAward, Enrollment, ModuleProgress, QuizAttempt

__all__ = [
    "Certification",
    "CertificationAward",
    "Choice",
    "Course",
    "CourseVersion",
    "Enrollment",
    "LearningPath",
    "Module",
    "ModuleProgress",
    "PathStep",
    "Question",
    "QuizAttempt",
    "ScormPackage",
]
