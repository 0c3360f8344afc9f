from .claims import MdfClaim, ProofFile
from .forecast import ForecastRun
from .funds import AllowedActivity, Fund, LedgerEntry, MdfRules, Transfer
from .requests import MdfRequest

__all__ = [
    "AllowedActivity",
    "ForecastRun",
    "Fund",
    "LedgerEntry",
    "MdfClaim",
    "MdfRequest",
    "MdfRules",
    "ProofFile",
    "Transfer",
]
