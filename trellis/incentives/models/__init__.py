from .plans import IncentivePlan, IncentiveRule, RuleVersion
from .statements import Dispute, DisputeMessage, ReportedSale, Statement, StatementLine

__all__ = [
    "Dispute",
    "DisputeMessage",
    "IncentivePlan",
    "IncentiveRule",
    "ReportedSale",
    "RuleVersion",
    "Statement",
    "StatementLine",
]
