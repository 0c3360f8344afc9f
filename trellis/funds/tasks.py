"""Scheduled fund jobs. Each works out what is due from the data, so a job delivered twice
changes nothing."""

from __future__ import annotations

from trellis.core.actor import SYSTEM

from .selectors import activity_results
from .services import (
    accruals_post,
    forecast_due,
    forecast_train,
    funds_expire,
    requests_lapse,
    requests_sweep,
)


def requests_overdue_sweep() -> dict[str, int]:
    """Escalate fund requests past their decision SLA (each once)."""
    return requests_sweep()


def funds_daily_sweep() -> dict[str, int]:
    """Accrue co-op funds on revenue won so far, give back commitments whose claim deadline
    passed, then close funds whose period has ended."""
    return {"accrued": accruals_post(), "lapsed": requests_lapse(), "closed": funds_expire()}


def forecast_sweep() -> dict[str, object]:
    """Learn the pipeline forecast again once a week, from every activity's latest results."""
    if not forecast_due():
        return {"trained": False}
    run = forecast_train(history=activity_results(actor=SYSTEM))
    return {"trained": True, "reason": run.reason, "median_error_pct": run.median_error_pct}
