"""Writes about incentives: rules and their versions, imported sales, drafting statements,
approving and paying them, and disputes on their lines."""

from .disputes import dispute_open, dispute_reply, dispute_resolve
from .payouts import (
    month_approval_request,
    statement_approve,
    statement_pay,
    statements_approve,
)
from .rules import plan_for, rule_create, rule_version_add
from .sales import SaleRow, reported_sales_import
from .statements import statements_compute

__all__ = [
    "SaleRow",
    "dispute_open",
    "dispute_reply",
    "dispute_resolve",
    "month_approval_request",
    "plan_for",
    "reported_sales_import",
    "rule_create",
    "rule_version_add",
    "statement_approve",
    "statement_pay",
    "statements_approve",
    "statements_compute",
]
