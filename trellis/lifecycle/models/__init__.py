"""The partner lifecycle: recruitment now; onboarding, tiering and offboarding build on it."""

from .prospects import Prospect, ProspectList
from .recruitment import Application, FitModelRun, IdealProfile
from .tiering import PartnerMeasure, TierChange, TierOverride, TierPolicy, TierRun, TierStanding

__all__ = [
    "Application",
    "FitModelRun",
    "IdealProfile",
    "PartnerMeasure",
    "Prospect",
    "ProspectList",
    "TierChange",
    "TierOverride",
    "TierPolicy",
    "TierRun",
    "TierStanding",
]
