from .plans import IncentivePlan, IncentiveRule, RuleVersion
from .statements import (
    Dispute,
    DisputeMessage,
    DraftRun,
    ReportedSale,
    Statement,
    StatementLine,
)

__all__ = [
    "Dispute",
    "DisputeMessage",
    "DraftRun",
    "IncentivePlan",
    "IncentiveRule",
    "ReportedSale",
    "RuleVersion",
    "Statement",
    "StatementLine",
]
