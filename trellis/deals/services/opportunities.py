"""The vendor's own opportunities and its part in partners' deals: close one, join one."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trellis.core import events
from trellis.core.actor import Actor
from trellis.core.exceptions import Conflict, InvalidInput
from trellis.core.policies import require

from .. import policies  # noqa: F401  (registers the rules)
from ..choices import OpportunityStage
from ..models import DealRegistration, DirectOpportunity


def direct_opportunity_close(
    *, actor: Actor, opportunity: DirectOpportunity, outcome: str, note: str = ""
) -> DirectOpportunity:
    """Record that one of the vendor's own opportunities was won or lost."""
    require(actor, "deals.sell_direct", opportunity)
    if outcome not in (OpportunityStage.WON, OpportunityStage.LOST):
        raise InvalidInput(_("Say whether it was won or lost."), field="outcome")
    with transaction.atomic():
        opportunity = DirectOpportunity.objects.select_for_update().get(pk=opportunity.pk)
        if not opportunity.is_open:
            raise Conflict(_("This opportunity is already closed."))
        before = opportunity.stage
        opportunity.stage, opportunity.is_open, opportunity.closed_at = (
            outcome,
            False,
            timezone.now(),
        )
        opportunity.save(update_fields=["stage", "is_open", "closed_at"])
        events.record(
            actor,
            "opportunity.closed",
            opportunity,
            before={"stage": before},
            after={"stage": outcome},
            note=note,
        )
    return opportunity


def deal_join_as_vendor(*, actor: Actor, deal: DealRegistration) -> DealRegistration:
    """The vendor's sales team sells alongside the partner on this registration (counted as
    co-sold)."""
    require(actor, "deals.join_as_vendor", deal)
    with transaction.atomic():
        updated = DealRegistration.objects.filter(pk=deal.pk, vendor_co_selling=False).update(
            vendor_co_selling=True
        )
        if updated:
            events.record(
                actor,
                "deal.vendor_joined",
                deal,
                before={"vendor_co_selling": False},
                after={"vendor_co_selling": True},
            )
    deal.vendor_co_selling = True
    return deal
