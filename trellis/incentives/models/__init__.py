from .plans import IncentivePlan, IncentiveRule, RuleVersion
from .statements import Dispute, DisputeMessage, Statement, StatementLine, UsageRecord

__all__ = [
    "Dispute",
    "DisputeMessage",
    "IncentivePlan",
    "IncentiveRule",
    "RuleVersion",
    "Statement",
    "StatementLine",
    "UsageRecord",
]
