"""Writes about marketing funds: funds and money moving between them (``funds``), one ledger
entry at a time (``ledger``), and partners' requests and their decisions (``requests``)."""

from .claims import (
    Proof,
    claim_approve,
    claim_pay,
    claim_reject,
    claim_submit,
    claimed_so_far,
    requests_lapse,
    required_checks,
)
from .forecast import forecast_due, forecast_train, latest_forecast_run
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
    "Proof",
    "RequestInput",
    "accruals_post",
    "allowed_activities",
    "claim_approve",
    "claim_pay",
    "claim_reject",
    "claim_submit",
    "claimed_so_far",
    "finding_words",
    "forecast_due",
    "forecast_train",
    "fund_allocate",
    "fund_create",
    "funds_expire",
    "latest_forecast_run",
    "mdf_rules",
    "request_answer",
    "request_approve",
    "request_ask",
    "request_cancel",
    "request_reject",
    "request_submit",
    "requests_lapse",
    "requests_sweep",
    "required_checks",
    "transfer_decide",
    "transfer_request",
]
