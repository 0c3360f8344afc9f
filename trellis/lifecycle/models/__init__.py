"""The partner lifecycle: recruitment now; onboarding, tiering and offboarding build on it."""

from .offboarding import Handover, PartnerExit
from .onboarding import (
    AgreementAcceptance,
    AgreementVersion,
    Journey,
    JourneyStep,
    Onboarding,
    OnboardingStep,
    PartnerDocument,
)
from .prospects import Prospect, ProspectList
from .recruitment import Application, FitModelRun, IdealProfile
from .tiering import PartnerMeasure, TierChange, TierOverride, TierPolicy, TierRun, TierStanding

__all__ = [
    "AgreementAcceptance",
    "AgreementVersion",
    "Application",
    "FitModelRun",
    "Handover",
    "IdealProfile",
    "Journey",
    "JourneyStep",
    "Onboarding",
    "OnboardingStep",
    "PartnerDocument",
    "PartnerExit",
    "PartnerMeasure",
    "Prospect",
    "ProspectList",
    "TierChange",
    "TierOverride",
    "TierPolicy",
    "TierRun",
    "TierStanding",
]
