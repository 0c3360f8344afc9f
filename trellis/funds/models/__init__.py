from .claims import MdfClaim, ProofFile
from .funds import AllowedActivity, Fund, LedgerEntry, MdfRules, Transfer
from .requests import MdfRequest

__all__ = [
    "AllowedActivity",
    "Fund",
    "LedgerEntry",
    "MdfClaim",
    "MdfRequest",
    "MdfRules",
    "ProofFile",
    "Transfer",
]
