"""Learn the fit model from the vendor's partners: which profiles reached revenue within the
window after joining. Run by the weekly schedule, the ``trellis lifecycle train-fit`` command
or the profile page; each run is kept with its held-out quality, and open applications are
scored again with whatever the run earned (a model that did not prove itself adds nothing)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from trellis.core import events
from trellis.core.actor import Actor
from trellis.core.policies import require
from trellis.deals.selectors import first_wins
from trellis.partners.selectors import partner_fit_facts

from .. import policies  # noqa: F401  (registers the rules)
from ..engine.fit import Candidate
from ..engine.fit_training import Outcome, train
from ..models import Application, FitModelRun
from .profile import applications_rescore

# Reaching revenue within this many days of joining is what the model predicts.
WINDOW_DAYS = 180


def training_outcomes(
    *, window_days: int = WINDOW_DAYS, now: dt.datetime | None = None
) -> list[Outcome]:
    """Every partner old enough to be judged, with what it told us when it applied (if it
    applied through Trellis) and whether it reached revenue within the window."""
    now = now or timezone.now()
    window = dt.timedelta(days=window_days)
    # Revenue the partner found itself: a lead handed over says little about the partner.
    wins = first_wins(sourced_only=True)
    told = {
        a.partner_id: a
        for a in Application.objects.filter(partner__isnull=False).only(
            "partner_id", "size", "industries", "esg"
        )
    }
    out = []
    for facts in partner_fit_facts():
        first = wins.get(facts.id)
        reached = first is not None and first - facts.joined_at <= window
        if not reached and now - facts.joined_at < window:
            continue  # too young to say it did not
        applied = told.get(facts.id)
        region = sorted(facts.regions)[0] if facts.regions else ""
        out.append(
            Outcome(
                candidate=Candidate(
                    partner_types=facts.types,
                    region=region,
                    industries=frozenset(applied.industries) if applied else frozenset(),
                    specializations=facts.specializations,
                    size=applied.size if applied else "",
                    esg=frozenset(applied.esg) if applied else frozenset(),
                ),
                joined_at=facts.joined_at,
                reached=reached,
            )
        )
    return out


def fit_model_train(*, actor: Actor, window_days: int = WINDOW_DAYS) -> FitModelRun:
    """Train, keep the run with its quality, and score the open applications again."""
    require(actor, "lifecycle.configure")
    result = train(training_outcomes(window_days=window_days))
    with transaction.atomic():
        run = FitModelRun.objects.create(
            coefficients=result.coefficients,
            intercept=result.intercept,
            window_days=window_days,
            trained_on=result.trained_on,
            tested_on=result.tested_on,
            base_rate=result.base_rate,
            auc=result.auc,
            top_fifth_rate=result.top_fifth_rate,
            trusted=result.trusted,
            reason=result.why,
        )
        events.record(
            actor,
            "fit_model.trained",
            run,
            after={"auc": result.auc, "trusted": result.trusted, "tested_on": result.tested_on},
        )
        applications_rescore()
    return run
