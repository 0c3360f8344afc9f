"""Appeals against a conflict decision: the partner asks, a channel manager decides."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from trellis.accounts.selectors import partner_recipients, staff_recipients
from trellis.core import events
from trellis.core.actor import Actor
from trellis.core.exceptions import Conflict, InvalidInput
from trellis.core.notifications import notify
from trellis.core.policies import require

from .. import policies  # noqa: F401  (registers the rules)
from ..choices import ACTIVE_STATUSES, AppealStatus, DealStatus, RejectReason
from ..models import ConflictAppeal, ConflictLog
from . import lifecycle


def conflict_appeal(*, actor: Actor, conflict: ConflictLog, reason: str) -> ConflictAppeal:
    require(actor, "deals.appeal", conflict)
    if not reason.strip():
        raise InvalidInput(_("Explain why the decision should change."), field="reason")
    with transaction.atomic():
        try:
            with transaction.atomic():
                appeal = ConflictAppeal.objects.create(
                    conflict=conflict,
                    partner_id=conflict.partner_id,
                    reason=reason.strip(),
                    opened_by_id=actor.user_id,
                )
        except IntegrityError:
            raise Conflict(_("This conflict has already been appealed.")) from None
        events.record(actor, "deal.appealed", appeal, after={"conflict": conflict.pk})
        managers = [conflict.partner.channel_manager_id]
        notify(
            staff_recipients(user_ids=managers, roles=() if managers[0] else ("partner_ops",)),
            verb="deal.appealed",
            partner_id=None,
            url=reverse("console:appeal_detail", args=[appeal.pk]),
            render=lambda: (
                _("Conflict appeal from %(partner)s") % {"partner": conflict.partner.name},
                reason.strip(),
            ),
        )
    return appeal


def appeal_decide(
    *, actor: Actor, appeal: ConflictAppeal, overturn: bool, note: str
) -> ConflictAppeal:
    """Uphold the conflict, or overturn it: then the appealing partner's attempt is registered."""
    require(actor, "deals.decide_appeal", appeal)
    if not note.strip():
        raise InvalidInput(_("Explain the decision to the partner."), field="note")
    with transaction.atomic():
        appeal = (
            ConflictAppeal.objects.select_for_update()
            .select_related("conflict", "partner")
            .get(pk=appeal.pk)
        )
        if appeal.status != AppealStatus.OPEN:
            raise Conflict(_("This appeal has already been decided."))
        appeal.status = AppealStatus.OVERTURNED if overturn else AppealStatus.UPHELD
        appeal.decided_by_id, appeal.decided_at, appeal.decision_note = (
            actor.user_id,
            timezone.now(),
            note.strip(),
        )
        appeal.save()
        if overturn and appeal.conflict.winning_deal_id:
            winner = lifecycle.lock(appeal.conflict.winning_deal)  # type: ignore[arg-type]
            if winner.status in ACTIVE_STATUSES:
                before = winner.status
                winner.status = DealStatus.REJECTED
                winner.reject_reason, winner.decision_note = RejectReason.CONFLICT, note.strip()
                winner.save()
                lifecycle.release(winner)
                events.record(
                    actor,
                    "deal.rejected",
                    winner,
                    before={"status": before},
                    after={"status": winner.status, "reason": "appeal"},
                    note=note,
                )
        events.record(actor, f"appeal.{appeal.status}", appeal, note=note)
        notify(
            partner_recipients(partner_id=appeal.partner_id, user_ids=[appeal.opened_by_id]),
            verb="appeal.decided",
            partner_id=appeal.partner_id,
            url=reverse("portal:deal_list"),
            render=lambda: (
                _("Your appeal was decided: %(status)s") % {"status": appeal.get_status_display()},
                note.strip(),
            ),
        )
    return appeal
