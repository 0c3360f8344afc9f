"""Manual tier overrides (a strategic partner kept at Gold through a reorganisation, with why
and until when), their end, the evaluation settings of a program, and the measures imported
from outside that tiers may require."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trellis.core import events
from trellis.core.actor import SYSTEM, Actor
from trellis.core.configuration import save_audited
from trellis.core.exceptions import Conflict, InvalidInput
from trellis.core.money import CURRENCIES
from trellis.core.policies import require
from trellis.partners.selectors import program_enrollments
from trellis.partners.services import partner_set_tier

from .. import policies  # noqa: F401  (registers the rules)
from ..choices import MeasureKind, RunTrigger, TierChangeKind
from ..models import PartnerMeasure, TierChange, TierOverride, TierPolicy
from .tiering import policy_for, tier_evaluate

if TYPE_CHECKING:
    from trellis.partners.models import Partner, Tier

MAX_OVERRIDE_DAYS = 730
ANY_STATUS = ("applicant", "onboarding", "active", "suspended", "offboarding", "offboarded")


def held_tiers(*, program_id: int, partner_ids: list[int]) -> list[tuple[int, int]]:
    return program_enrollments(program_id=program_id, statuses=ANY_STATUS, partner_ids=partner_ids)


def tier_override_set(
    *, actor: Actor, partner: Partner, tier: Tier, reason: str, ends_on: dt.date
) -> TierOverride:
    """Hold ``partner`` at ``tier`` until ``ends_on``, whatever its figures; applies at once."""
    require(actor, "lifecycle.override_tier", partner)
    today = timezone.localdate()
    if not reason.strip():
        raise InvalidInput(_("Say why the tier is set by hand."), field="reason")
    if ends_on <= today:
        raise InvalidInput(_("Choose an end date after today."), field="ends_on")
    if ends_on > today + dt.timedelta(days=MAX_OVERRIDE_DAYS):
        raise InvalidInput(_("An override lasts at most two years."), field="ends_on")
    with transaction.atomic():
        held = dict(held_tiers(program_id=tier.program_id, partner_ids=[partner.pk]))
        TierOverride.objects.filter(
            partner=partner, program_id=tier.program_id, ended_at__isnull=True
        ).update(ended_at=timezone.now())
        try:
            with transaction.atomic():
                override = TierOverride.objects.create(
                    partner=partner,
                    program_id=tier.program_id,
                    tier=tier,
                    reason=reason.strip(),
                    ends_on=ends_on,
                    created_by_id=actor.user_id,
                )
        except IntegrityError:
            raise Conflict(_("Someone set this partner's tier at the same moment.")) from None
        partner_set_tier(actor=actor, partner=partner, tier=tier, note=reason.strip())
        TierChange.objects.create(
            partner=partner,
            program_id=tier.program_id,
            from_tier_id=held.get(partner.pk),
            to_tier=tier,
            kind=TierChangeKind.OVERRIDE,
            effective_at=timezone.now(),
            reason=_("%(reason)s (until %(day)s)") % {"reason": reason.strip(), "day": ends_on},
            changed_by_id=actor.user_id,
        )
        events.record(
            actor,
            "tier_override.set",
            override,
            after={"tier": tier.pk, "ends_on": ends_on.isoformat()},
            note=reason.strip(),
        )
    return override


def tier_override_end(*, actor: Actor, override: TierOverride) -> TierOverride:
    """End an override early (or on its date); the partner's figures decide its tier again at
    once, with the usual grace period before any downgrade."""
    require(actor, "lifecycle.override_tier", override.partner)
    with transaction.atomic():
        ended = TierOverride.objects.filter(pk=override.pk, ended_at__isnull=True).update(
            ended_at=timezone.now()
        )
        if not ended:
            return override  # already ended (a job delivered twice, two people at once)
        events.record(actor, "tier_override.ended", override, before={"tier": override.tier_id})
        override.refresh_from_db()
    # Whoever may end an override has the one partner judged again (the run is the system's).
    tier_evaluate(
        actor=SYSTEM,
        program_id=override.program_id,
        trigger=RunTrigger.OVERRIDE,
        partner_ids=[override.partner_id],
    )
    return override


def overrides_expire(*, today: dt.date | None = None) -> int:
    """End the overrides whose date has passed (the daily job); safe to run again."""
    today = today or timezone.localdate()
    due = list(
        TierOverride.objects.filter(ended_at__isnull=True, ends_on__lt=today).select_related(
            "partner"
        )
    )
    for override in due:
        tier_override_end(actor=SYSTEM, override=override)
    return len(due)


def tier_policy_save(
    *, actor: Actor, program_id: int, every_months: int, grace_days: int
) -> TierPolicy:
    require(actor, "lifecycle.evaluate_tiers")
    policy, _changed = save_audited(
        actor=actor,
        obj=policy_for(program_id),
        values={"every_months": every_months, "grace_days": grace_days},
        verb="tier_policy.updated",
    )
    return policy


def measure_record(
    *,
    actor: Actor,
    partner: Partner,
    kind: str,
    period_end: dt.date,
    value: Decimal,
    currency: str = "",
    source: str = "",
) -> PartnerMeasure:
    """Record (or correct) one measure of one period, such as a quarter's satisfaction score."""
    require(actor, "lifecycle.record_measures", partner)
    if kind not in MeasureKind.values:
        raise InvalidInput(_("Unknown measure."), field="kind")
    if not value.is_finite() or value < 0:
        raise InvalidInput(_("A measure cannot be negative."), field="value")
    if kind == MeasureKind.CSAT and not Decimal(1) <= value <= Decimal(5):
        raise InvalidInput(_("Satisfaction is scored from 1 to 5."), field="value")
    if kind == MeasureKind.MARKETPLACE_SALES and currency not in CURRENCIES:
        raise InvalidInput(_("Name the currency of the sales."), field="currency")
    if period_end > timezone.localdate():
        raise InvalidInput(_("A period cannot end in the future."), field="period_end")
    with transaction.atomic():
        measure, _created = PartnerMeasure.objects.update_or_create(
            partner=partner,
            kind=kind,
            period_end=period_end,
            defaults={
                "value": value.quantize(Decimal("0.01")),
                "currency": currency if kind == MeasureKind.MARKETPLACE_SALES else "",
                "source": source.strip()[:100],
            },
        )
        events.record(
            actor,
            "partner_measure.recorded",
            measure,
            after={"kind": kind, "period_end": period_end.isoformat(), "value": str(value)},
        )
    return measure
