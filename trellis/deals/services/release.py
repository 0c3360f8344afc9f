"""When a partner leaves the program, its registrations still open are handed to another
partner (keeping their protection and history) or closed, each audited with the reason. The
vendor chooses for all of them at once or for each one."""

from __future__ import annotations

from collections.abc import Mapping

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
    *,
    actor: Actor,
    partner_id: int,
    to_partner_id: int | None,
    note: str,
    handover: Mapping[int, int | None] | None = None,
    notes: Mapping[int, str] | None = None,
) -> dict[int, int | None]:
    """Move or close every open registration of the partner. ``handover`` names the partner
    taking a registration (``None``: closed) and overrides ``to_partner_id`` for it; ``notes``
    overrides the audited note per registration. Returns each registration's new partner, or
    ``None`` for those closed."""
    handover, notes = handover or {}, notes or {}
    outcome: dict[int, int | None] = {}
    with transaction.atomic():
        open_ones = list(
            DealRegistration.objects.select_for_update()
            .select_related("partner")
            .filter(partner_id=partner_id, status__in=ACTIVE_STATUSES)
            .order_by("pk")
        )
        for deal in open_ones:
            require(actor, "deals.decide", deal)
            target = handover.get(deal.pk, to_partner_id)
            why = notes.get(deal.pk, note)
            outcome[deal.pk] = target
            if target is not None:
                deal.partner_id = target
                deal.save(update_fields=["partner", "updated_at"])
                events.record(
                    actor,
                    "deal.transferred",
                    deal,
                    before={"partner": partner_id},
                    after={"partner": target},
                    note=why,
                )
                continue
            before = deal.status
            if deal.status == DealStatus.APPROVED:
                lifecycle.transition(deal, DealStatus.EXPIRED)
            else:
                lifecycle.transition(deal, DealStatus.REJECTED)
                deal.reject_reason = RejectReason.PARTNER_STANDING
                deal.decided_at = timezone.now()
            deal.decision_note = why
            deal.save()
            lifecycle.release(deal)
            events.record(
                actor,
                f"deal.{deal.status}",
                deal,
                before={"status": before},
                after={"status": deal.status},
                note=why,
            )
    return outcome
