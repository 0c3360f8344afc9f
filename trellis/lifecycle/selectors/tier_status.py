"""A partner's tier, read for the partner and the vendor: the tier it holds and since when,
what it keeps and what it risks, a downgrade waiting out its grace period, an override, and
exactly what the next tier still asks ("2 more certified people, USD 40,000 more sourced
revenue"), on today's figures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from trellis.core.actor import Actor
from trellis.core.exceptions import NotFound
from trellis.partners.choices import MONEY_METRICS, TierMetric
from trellis.partners.selectors import (
    listed_partner_names,
    partner_get,
    partner_program_tiers,
    tier_rules,
)

from ..engine import tiers as engine
from ..models import TierChange, TierOverride, TierStanding
from .tier_figures import METRICS, tier_figures

_LABELS = dict(TierMetric.choices)


def _amount(value: float) -> str:
    return number_format(round(value), 0, force_grouping=True)


def missing_words(gap: engine.Gap) -> str:
    """What one requirement still asks, as a channel manager would say it."""
    short, n = gap.short, int(-(-gap.short // 1))  # counts round up: 1.2 people is 2
    if gap.metric == "annual_revenue":
        return _("USD %(amount)s more sourced revenue") % {"amount": _amount(short)}
    if gap.metric == "influenced_revenue":
        return _("USD %(amount)s more influenced revenue") % {"amount": _amount(short)}
    if gap.metric == "marketplace_sales":
        return _("USD %(amount)s more marketplace sales") % {"amount": _amount(short)}
    if gap.metric == "csat":
        return _("a customer satisfaction of %(need)s (now %(have)s)") % {
            "need": number_format(gap.need, 1),
            "have": number_format(gap.have, 1),
        }
    counted = {
        "certifications": ngettext("%(n)s more certified person", "%(n)s more certified people", n),
        "won_deals": ngettext("%(n)s more won deal", "%(n)s more won deals", n),
        "registered_deals": ngettext(
            "%(n)s more registered deal", "%(n)s more registered deals", n
        ),
        "specializations": ngettext("%(n)s more specialization", "%(n)s more specializations", n),
        "co_selling": ngettext("%(n)s more co-sell deal", "%(n)s more co-sell deals", n),
        "referrals": ngettext("%(n)s more referral", "%(n)s more referrals", n),
    }
    return counted.get(gap.metric, "%(n)s") % {"n": n}


@dataclass(frozen=True)
class Requirement:
    metric: str
    label: str
    have: float
    need: float
    money: bool
    words: str  # what is missing, or "" when met

    @property
    def met(self) -> bool:
        return self.have >= self.need

    @property
    def percent(self) -> int:
        return 100 if self.need <= 0 else min(100, round(100 * self.have / self.need))


@dataclass
class ProgramTier:
    program_id: int
    program: str
    tier: Any  # partners.Tier held
    since: dt.datetime
    earned: str
    keeps: list[Requirement]
    next_tier: Any | None
    needs: list[Requirement]
    override: TierOverride | None = None
    downgrade_to: str = ""
    downgrade_due_at: dt.datetime | None = None
    figures: dict[str, float] = field(default_factory=dict)

    @property
    def missing(self) -> str:
        """Everything the next tier still asks, in one sentence."""
        return ", ".join(r.words for r in self.needs if not r.met)


def _requirements(have: dict[str, float], thresholds: dict[str, float]) -> list[Requirement]:
    out = []
    for metric, need in thresholds.items():
        gap = engine.Gap(metric, have.get(metric, 0.0), need)
        out.append(
            Requirement(
                metric,
                str(_LABELS.get(metric, metric)),
                gap.have,
                need,
                metric in MONEY_METRICS,
                missing_words(gap) if gap.short > 0 else "",
            )
        )
    return out


def tier_status(*, actor: Actor, partner_id: int) -> list[ProgramTier]:
    """Every program the partner is in, on today's figures; 404 for another partner."""
    partner = partner_get(actor=actor, partner_id=partner_id)
    if actor.is_partner and partner.pk != actor.partner_id:
        raise NotFound()  # a distributor sees its resellers' profiles, not their tiers
    now = timezone.now()
    have = tier_figures(partner_ids=[partner.pk], at=now, every=False).of(partner.pk)
    out = []
    for program_id, program_name, tier, since in partner_program_tiers(partner_id=partner.pk):
        rules = tier_rules(program_id)
        thresholds = {t.pk: th for t, th in rules}
        ranked = [t for t, _th in rules]
        above = next((t for t in ranked if t.rank > tier.rank), None)
        earned_rules = [engine.TierRule(t.pk, t.rank, t.name, th) for t, th in rules]
        row = np.array([[have[m] for m in METRICS]], dtype=np.float64)
        earned = earned_rules[int(engine.qualified(row, METRICS, earned_rules)[0])].name
        standing = TierStanding.objects.filter(partner=partner, program_id=program_id).first()
        override = TierOverride.objects.filter(
            partner=partner, program_id=program_id, ended_at__isnull=True
        ).first()
        status = ProgramTier(
            program_id=program_id,
            program=program_name,
            tier=tier,
            since=since,
            earned=earned,
            keeps=_requirements(have, thresholds.get(tier.pk, {})),
            next_tier=above,
            needs=_requirements(have, thresholds.get(above.pk, {})) if above else [],
            override=override,
            figures=have,
        )
        if standing is not None and standing.downgrade_due_at is not None:
            status.downgrade_due_at = standing.downgrade_due_at
            status.downgrade_to = next(
                (t.name for t in ranked if t.pk == standing.downgrade_to_id), ""
            )
        out.append(status)
    return out


def tier_history(*, actor: Actor, partner_id: int) -> QuerySet[TierChange]:
    partner = partner_get(actor=actor, partner_id=partner_id)
    if actor.is_partner and partner.pk != actor.partner_id:
        raise NotFound()
    return (
        TierChange.objects.visible_to(actor)
        .filter(partner_id=partner.pk)
        .select_related("from_tier", "to_tier", "program", "changed_by")
    )


@dataclass(frozen=True)
class WhatIf:
    """How many partners a changed requirement would move, per tier they would land in."""

    evaluated: int
    up: int
    down: int
    moves: list[tuple[str, str, int]]  # from earned tier, to earned tier, partners
    examples: list[tuple[int, str, str, str]]  # partner id, name, from, to (a few)


def what_if(*, program_id: int, tier_id: int, metric: str, threshold: float | None) -> WhatIf:
    """On the figures of the latest evaluation: which tier every partner would earn if
    ``tier_id`` asked ``threshold`` of ``metric`` (None: no longer asked)."""
    rules = [engine.TierRule(t.pk, t.rank, t.name, th) for t, th in tier_rules(program_id)]
    rows = list(
        TierStanding.objects.filter(program_id=program_id).values_list("partner_id", "figures")
    )
    if not rows or not rules:
        return WhatIf(0, 0, 0, [], [])
    matrix = np.array(
        [[float(f.get(m, 0.0) or 0.0) for m in METRICS] for _p, f in rows], dtype=np.float64
    )
    before, after = engine.what_if(matrix, METRICS, rules, tier_id, metric, threshold)
    moved = np.nonzero(before != after)[0]
    counts: dict[tuple[str, str], int] = {}
    for i in moved:
        key = (rules[int(before[i])].name, rules[int(after[i])].name)
        counts[key] = counts.get(key, 0) + 1
    shown = [rows[int(i)][0] for i in moved[:10]]
    names = listed_partner_names(ids=shown)
    examples = [
        (pid, names.get(pid, f"#{pid}"), rules[int(before[i])].name, rules[int(after[i])].name)
        for pid, i in zip(shown, moved[:10], strict=True)
    ]
    return WhatIf(
        evaluated=len(rows),
        up=int((after > before).sum()),
        down=int((after < before).sum()),
        moves=sorted(((a, b, n) for (a, b), n in counts.items()), key=lambda m: -m[2]),
        examples=examples,
    )


PENDING_SHOWN = 20


def program_overview(*, program_id: int) -> dict[str, Any]:
    """A program's tiers with how many partners hold each, the downgrades pending, the latest
    runs and changes."""
    from trellis.partners.selectors import tier_member_counts

    from ..models import TierRun

    pending = TierStanding.objects.filter(program_id=program_id, downgrade_due_at__isnull=False)
    return {
        "members": tier_member_counts(program_id=program_id),
        "pending_count": pending.count(),
        "pending": pending.select_related("partner", "downgrade_to").order_by(
            "downgrade_due_at", "partner__name"
        )[:PENDING_SHOWN],
        "runs": TierRun.objects.filter(program_id=program_id).select_related("requested_by")[:10],
        "changes": TierChange.objects.filter(program_id=program_id).select_related(
            "partner", "from_tier", "to_tier"
        )[:20],
    }


def active_override(*, actor: Actor, partner_id: int, override_id: int) -> TierOverride | None:
    return (
        TierOverride.objects.visible_to(actor)
        .filter(pk=override_id, partner_id=partner_id, ended_at__isnull=True)
        .first()
    )
