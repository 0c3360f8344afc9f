"""The partner lifecycle: recruitment now; onboarding, tiering and offboarding build on it."""

from .prospects import Prospect, ProspectList
from .recruitment import Application, FitModelRun, IdealProfile

__all__ = [
    "Application",
    "FitModelRun",
    "IdealProfile",
    "Prospect",
    "ProspectList",
]
