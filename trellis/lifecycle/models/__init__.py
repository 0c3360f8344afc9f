"""The partner lifecycle: recruitment now; onboarding, tiering and offboarding build on it."""

from .recruitment import Application, FitModelRun, IdealProfile

__all__ = ["Application", "FitModelRun", "IdealProfile"]
