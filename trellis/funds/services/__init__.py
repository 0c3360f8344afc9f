"""Writes about marketing funds: funds and money moving between them (``funds``), one ledger
entry at a time (``ledger``), and partners' requests and their decisions (``requests``)."""

from .funds import (
    FundInput,
    accruals_post,
    fund_allocate,
    fund_create,
    funds_expire,
    transfer_decide,
    transfer_request,
)
from .requests import (
    RequestInput,
    allowed_activities,
    finding_words,
    mdf_rules,
    request_answer,
    request_approve,
    request_ask,
    request_cancel,
    request_reject,
    request_submit,
    requests_sweep,
)

__all__ = [
    "FundInput",
    "RequestInput",
    "accruals_post",
    "allowed_activities",
    "finding_words",
    "fund_allocate",
    "fund_create",
    "funds_expire",
    "mdf_rules",
    "request_answer",
    "request_approve",
    "request_ask",
    "request_cancel",
    "request_reject",
    "request_submit",
    "requests_sweep",
    "transfer_decide",
    "transfer_request",
]
