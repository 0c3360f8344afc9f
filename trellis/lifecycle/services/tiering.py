"""Tier evaluation: every partner of a program judged on its figures, in one pass. Upgrades
apply at once; a partner that falls short is warned and keeps its tier through the grace
period, then moves down unless it qualifies again; a manual override holds its tier until it
ends. Every change is kept with the figures behind it, and the partners are told (a queued job,
written with the run)."""

from __future__ import annotations

import datetime as dt

import numpy as np
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_q.tasks import async_task

from trellis.core import events
from trellis.core.actor import Actor
from trellis.core.exceptions import InvalidInput
from trellis.core.policies import require
from trellis.partners.selectors import program_enrollments, tier_rules
from trellis.partners.services import TierMove, partner_tiers_move

from .. import policies  # noqa: F401  (registers the rules)
from ..choices import RunTrigger, TierChangeKind
from ..engine import tiers as engine
from ..models import TierChange, TierOverride, TierPolicy, TierRun, TierStanding
from ..selectors.tier_figures import METRICS, tier_figures

# Partners in these states are judged; suspended and departing ones keep what they hold.
EVALUATED_STATUSES = ("active", "onboarding")


def policy_for(program_id: int) -> TierPolicy:
    policy, _created = TierPolicy.objects.get_or_create(program_id=program_id)
    return policy


def _words(rule: engine.TierRule, action: str, due: dt.datetime | None) -> str:
    """Why, in words kept with the change (the figures are kept beside it)."""
    if action == engine.UPGRADE:
        return _("Meets every requirement of %(tier)s.") % {"tier": rule.name}
    if action == engine.DOWNGRADE:
        return _("Still short of its tier when the grace period ended; earns %(tier)s.") % {
            "tier": rule.name
        }
    if action == engine.WARN and due is not None:
        return _(
            "Falls short of its tier; moves to %(tier)s on %(day)s unless it qualifies again."
        ) % {
            "tier": rule.name,
            "day": due.date().isoformat(),
        }
    return ""


def tier_evaluate(
    *,
    actor: Actor,
    program_id: int,
    trigger: str = RunTrigger.ON_DEMAND,
    partner_ids: list[int] | None = None,
    at: dt.datetime | None = None,
) -> TierRun:
    """Judge every partner of the program (or only ``partner_ids``) on its figures at ``at``."""
    require(actor, "lifecycle.evaluate_tiers")
    at = at or timezone.now()
    rules = [engine.TierRule(t.pk, t.rank, t.name, th) for t, th in tier_rules(program_id)]
    if not rules:
        raise InvalidInput(_("This program has no tiers to evaluate."), field="program")
    index_of = {r.tier_id: k for k, r in enumerate(rules)}
    ids = [
        partner
        for partner, _tier in program_enrollments(
            program_id=program_id, statuses=EVALUATED_STATUSES, partner_ids=partner_ids
        )
    ]
    figures = tier_figures(partner_ids=ids, at=at, every=partner_ids is None)
    matrix = np.array([[figures.of(p)[m] for m in METRICS] for p in ids], dtype=np.float64)
    earned_by = dict(
        zip(
            ids,
            engine.qualified(matrix.reshape(len(ids), len(METRICS)), METRICS, rules),
            strict=True,
        )
    )
    with transaction.atomic():
        # One run at a time per program: a second waits here, then reads what the first left.
        policy = TierPolicy.objects.select_for_update().get(pk=policy_for(program_id).pk)
        held = [
            (partner, tier)
            for partner, tier in program_enrollments(
                program_id=program_id, statuses=EVALUATED_STATUSES, partner_ids=partner_ids
            )
            if partner in earned_by
        ]
        standings = {
            s.partner_id: s
            for s in TierStanding.objects.filter(
                program_id=program_id,
                **({"partner_id__in": partner_ids} if partner_ids is not None else {}),
            )
        }
        overridden = set(
            TierOverride.objects.filter(program_id=program_id, ended_at__isnull=True).values_list(
                "partner_id", flat=True
            )
        )
        run = TierRun.objects.create(
            program_id=program_id,
            trigger=trigger,
            started_at=at,
            requested_by_id=actor.user_id,
            rates_on=figures.rates_on,
        )
        grace = dt.timedelta(days=policy.grace_days)
        moves, changes, rows, notes = [], [], [], []
        counts = dict.fromkeys(("upgraded", "warned", "downgraded", "recovered", "held"), 0)
        for partner_id, tier_id in held:
            earns = int(earned_by[partner_id])
            holds = index_of.get(tier_id, 0)
            standing = standings.get(partner_id)
            due = standing.downgrade_due_at if standing is not None else None
            decision = engine.decide(
                holds=holds,
                earns=earns,
                due_at=due,
                overridden=partner_id in overridden,
                now=at,
                grace=grace,
            )
            earned_rule = rules[earns]
            values: dict[str, object] = dict(figures.of(partner_id))
            if partner_id in figures.unconverted:
                values = {**values, "unconverted": sorted(figures.unconverted[partner_id])}
            pending = decision.action in (engine.WARN, engine.PENDING)
            rows.append(
                TierStanding(
                    partner_id=partner_id,
                    program_id=program_id,
                    run=run,
                    evaluated_at=at,
                    earned_tier_id=earned_rule.tier_id,
                    figures=values,
                    downgrade_due_at=decision.due_at if pending else None,
                    downgrade_to_id=earned_rule.tier_id if pending else None,
                    warned_at=(at if decision.action == engine.WARN else standing.warned_at)
                    if pending and standing is not None
                    else (at if pending else None),
                )
            )
            reason = _words(earned_rule, decision.action, decision.due_at)
            if decision.action in (engine.UPGRADE, engine.DOWNGRADE):
                to = rules[decision.to_rank_index]
                moves.append(TierMove(partner_id, program_id, to.tier_id, reason))
                changes.append(
                    TierChange(
                        partner_id=partner_id,
                        program_id=program_id,
                        from_tier_id=tier_id,
                        to_tier_id=to.tier_id,
                        kind=TierChangeKind.UPGRADE
                        if decision.action == engine.UPGRADE
                        else TierChangeKind.DOWNGRADE,
                        effective_at=at,
                        figures=values,
                        reason=reason,
                        run=run,
                        changed_by_id=actor.user_id,
                    )
                )
            if decision.action in (engine.WARN, engine.RECOVERED):
                notes.append(
                    events.build(
                        actor,
                        f"tier.{decision.action}",
                        run,
                        partner_id=partner_id,
                        after={"tier": tier_id, "earns": earned_rule.tier_id},
                        note=reason,
                    )
                )
            key = {
                engine.UPGRADE: "upgraded",
                engine.WARN: "warned",
                engine.DOWNGRADE: "downgraded",
                engine.RECOVERED: "recovered",
                engine.HELD: "held",
            }.get(decision.action)
            if key:
                counts[key] += 1
        partner_tiers_move(actor=actor, moves=moves, at=at)
        TierChange.objects.bulk_create(changes, batch_size=1000)
        events.record_all(notes)
        TierStanding.objects.bulk_create(
            rows,
            batch_size=1000,
            update_conflicts=True,
            unique_fields=["partner", "program"],
            update_fields=[
                "run",
                "evaluated_at",
                "earned_tier",
                "figures",
                "downgrade_due_at",
                "downgrade_to",
                "warned_at",
            ],
        )
        for key, n in counts.items():
            setattr(run, key, n)
        run.evaluated, run.finished_at = len(held), timezone.now()
        run.save()
        if partner_ids is None:
            policy.last_run_at = at
            policy.save(update_fields=["last_run_at"])
        events.record(
            actor, "tier_run.completed", run, after={"evaluated": run.evaluated, **counts}
        )
        # Outbox: the partners are told by a job written with the run it reports.
        async_task("trellis.lifecycle.tasks.tier_run_tell", run.pk, task_name=f"tier-run-{run.pk}")
    return run


def due_programs(*, now: dt.datetime | None = None) -> list[int]:
    """Programs with tiers whose last evaluation is older than their policy's interval."""
    from trellis.partners.selectors import programs_with_tiers

    now = now or timezone.now()
    due = []
    for program_id in programs_with_tiers():
        policy = policy_for(program_id)
        months = dt.timedelta(days=round(30.44 * policy.every_months))
        if policy.last_run_at is None or now - policy.last_run_at >= months:
            due.append(program_id)
    return due
