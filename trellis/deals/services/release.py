"""When a partner leaves the program, its registrations still open are handed to another
partner (keeping their protection and history) or closed, each audited with the reason."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from trellis.core import events
from trellis.core.actor import Actor
from trellis.core.policies import require

from .. import policies  # noqa: F401  (registers the rules)
from ..choices import ACTIVE_STATUSES, DealStatus, RejectReason
from ..models import DealRegistration
from . import lifecycle


def deals_release_partner(
    *, actor: Actor, partner_id: int, to_partner_id: int | None, note: str
) -> tuple[int, int]:
    """Move (to ``to_partner_id``) or close every open registration of the partner; returns
    (moved, closed)."""
    moved = closed = 0
    with transaction.atomic():
        open_ones = list(
            DealRegistration.objects.select_for_update()
            .select_related("partner")
            .filter(partner_id=partner_id, status__in=ACTIVE_STATUSES)
        )
        for deal in open_ones:
            require(actor, "deals.decide", deal)
            if to_partner_id is not None:
                deal.partner_id = to_partner_id
                deal.save(update_fields=["partner", "updated_at"])
                events.record(
                    actor,
                    "deal.transferred",
                    deal,
                    before={"partner": partner_id},
                    after={"partner": to_partner_id},
                    note=note,
                )
                moved += 1
                continue
            before = deal.status
            if deal.status == DealStatus.APPROVED:
                lifecycle.transition(deal, DealStatus.EXPIRED)
            else:
                lifecycle.transition(deal, DealStatus.REJECTED)
                deal.reject_reason = RejectReason.PARTNER_STANDING
                deal.decided_at = timezone.now()
            deal.decision_note = note
            deal.save()
            lifecycle.release(deal)
            events.record(
                actor,
                f"deal.{deal.status}",
                deal,
                before={"status": before},
                after={"status": deal.status},
                note=note,
            )
            closed += 1
    return moved, closed
