"""Periodic jobs, registered idempotently whenever a worker starts."""

from __future__ import annotations

from django_q.models import Schedule

# name -> (task function, schedule type, minutes)
PERIODIC_JOBS: dict[str, tuple[str, str, int]] = {
    "purge idempotency keys": (
        "trellis.core.tasks.purge_idempotency_records",
        Schedule.MINUTES,
        60,
    ),
    "retry unsent e-mail": ("trellis.core.tasks.retry_unsent_email", Schedule.MINUTES, 10),
    "deal SLA reminders and escalation": ("trellis.deals.tasks.sla_sweep", Schedule.MINUTES, 5),
    "deal expiry warnings and expiry": ("trellis.deals.tasks.expiry_sweep", Schedule.MINUTES, 60),
    "lead offers not answered in time": ("trellis.leads.tasks.offer_sweep", Schedule.MINUTES, 5),
    "co-sell next steps due": ("trellis.cosell.tasks.step_sweep", Schedule.MINUTES, 60),
    "certification expiry warnings and expiry": (
        "trellis.learning.tasks.expiry_sweep",
        Schedule.MINUTES,
        60,
    ),
    "course due-date reminders": ("trellis.learning.tasks.reminder_sweep", Schedule.MINUTES, 60),
    "tier evaluation when due, and override expiry": (
        "trellis.lifecycle.tasks.tier_sweep",
        Schedule.MINUTES,
        360,
    ),
    "onboarding steps, reminders and escalation": (
        "trellis.lifecycle.tasks.onboarding_sweep",
        Schedule.MINUTES,
        60,
    ),
    "departed partners' personal data, after retention": (
        "trellis.lifecycle.tasks.exits_sweep",
        Schedule.MINUTES,
        1440,
    ),
    "partner-fit model, weekly": (
        "trellis.lifecycle.tasks.fit_model_sweep",
        Schedule.MINUTES,
        1440,
    ),
    "fund requests past their decision SLA": (
        "trellis.funds.tasks.requests_overdue_sweep",
        Schedule.MINUTES,
        60,
    ),
    "pipeline forecast for fund requests, weekly": (
        "trellis.funds.tasks.forecast_sweep",
        Schedule.MINUTES,
        1440,
    ),
    "co-op accruals and fund expiry": (
        "trellis.funds.tasks.funds_daily_sweep",
        Schedule.MINUTES,
        1440,
    ),
    "earnings statements drafted": (
        "trellis.incentives.tasks.statements_daily_sweep",
        Schedule.MINUTES,
        1440,
    ),
    "lead follow-up reminders and pullback": (
        "trellis.leads.tasks.followup_sweep",
        Schedule.MINUTES,
        30,
    ),
}


def ensure_schedules() -> None:
    for name, (func, kind, minutes) in PERIODIC_JOBS.items():
        Schedule.objects.update_or_create(
            name=name,
            defaults={"func": func, "schedule_type": kind, "minutes": minutes, "repeats": -1},
        )
