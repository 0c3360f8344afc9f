"""Scheduled lifecycle jobs. Each checks whether its work is due, so a job delivered twice
changes nothing."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_q.tasks import async_task

from trellis.core.actor import SYSTEM

from .selectors import latest_model_run
from .services import fit_model_train
from .services.prospects import prospects_check as check_chunk

RETRAIN_EVERY = dt.timedelta(days=7)


def fit_model_sweep() -> dict[str, object]:
    """Learn the partner-fit model again once a week, from the partners' latest outcomes."""
    last = latest_model_run()
    if last is not None and timezone.now() - last.trained_at < RETRAIN_EVERY:
        return {"trained": False}
    run = fit_model_train(actor=SYSTEM)
    return {"trained": True, "auc": run.auc, "trusted": run.trusted}


def prospects_check(list_id: int) -> dict[str, int]:
    """Compare a prospect list with every partner, a thousand companies per job (each job stays
    well inside the task timeout); queues the next chunk while some remain."""
    remaining = check_chunk(list_id=list_id)
    if remaining:
        async_task(
            "trellis.lifecycle.tasks.prospects_check", list_id, task_name=f"prospects-{list_id}"
        )
    return {"remaining": remaining}


def tier_sweep() -> dict[str, int]:
    """Evaluate each program whose evaluation is due (every few months, per its policy) and end
    the overrides whose date has passed."""
    from .services.tier_overrides import overrides_expire
    from .services.tiering import due_programs, tier_evaluate

    ran = 0
    for program_id in due_programs():
        tier_evaluate(actor=SYSTEM, program_id=program_id, trigger="schedule")
        ran += 1
    return {"programs": ran, "overrides_ended": overrides_expire()}


def tier_run_tell(run_id: int) -> dict[str, int]:
    """Tell partners what a tier run changed: moves up and down to their admins, a tier at risk
    to their admins and channel manager. Each person hears once per run and partner."""
    from .services.tier_news import tell_run

    return {"told": tell_run(run_id=run_id)}


def onboarding_sweep() -> dict[str, int]:
    """Tick off onboarding steps, remind partners of steps due soon, escalate late ones."""
    from .services.onboarding_news import onboarding_sweep as sweep

    return sweep()


def exits_sweep() -> dict[str, int]:
    """Anonymise the people of partners gone longer than the retention period."""
    from .services.offboarding import exits_anonymise

    return {"anonymised": exits_anonymise()}
