"""Reads about co-sells: lists, one co-sell as the viewer may see it, its thread and steps, win
rates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Case, Count, Exists, F, OuterRef, Q, QuerySet, When

from trellis.accounts.selectors import people_choices
from trellis.core.actor import Actor
from trellis.core.exceptions import NotFound
from trellis.core.policies import allows
from trellis.deals.choices import CLOSED_STAGES, DealStatus, OpportunityStage
from trellis.deals.selectors import WinRate, direct_opportunities

from .. import policies
from ..choices import CLOSED_STATUSES, CoSellStatus, SharedField, Side
from ..models import CoSell, CoSellMessage, CoSellStep


@dataclass(frozen=True)
class CoSellFilters:
    statuses: tuple[str, ...] = ()
    origin: str = ""
    partner_id: int | None = None
    q: str = ""


def cosell_list(*, actor: Actor, filters: CoSellFilters | None = None) -> QuerySet[CoSell]:
    """Co-sells the actor may see: vendor staff all of them, a partner its own."""
    filters = filters or CoSellFilters()
    qs = CoSell.objects.visible_to(actor).select_related(
        "partner", "customer", "vendor_lead", "partner_lead"
    )
    if filters.statuses:
        qs = qs.filter(status__in=filters.statuses)
    if filters.origin:
        qs = qs.filter(origin=filters.origin)
    if filters.partner_id and actor.is_staff:
        qs = qs.filter(partner_id=filters.partner_id)
    if filters.q:
        qs = qs.filter(Q(title__icontains=filters.q) | Q(customer__name__icontains=filters.q))
    open_steps = Count("steps", filter=Q(steps__done_at__isnull=True))
    # Invitations waiting for an answer first, then the ones being worked, then the closed ones.
    urgency = Case(
        When(status=CoSellStatus.INVITED, then=0),
        When(status=CoSellStatus.ACTIVE, then=1),
        default=2,
    )
    return qs.annotate(open_steps=open_steps, urgency=urgency).order_by(
        "urgency", "-invited_at", "-id"
    )


def cosell_get(*, actor: Actor, cosell_id: int) -> CoSell:
    found = (
        CoSell.objects.visible_to(actor)
        .select_related(
            "partner",
            "customer",
            "opportunity__family",
            "opportunity__owner",
            "deal",
            "vendor_lead",
            "partner_lead",
            "invited_by",
        )
        .filter(pk=cosell_id)
        .first()
    )
    if found is None:
        raise NotFound()
    return found


def waiting_for(*, actor: Actor) -> int:
    """Invitations the actor's side has not answered yet."""
    origin = Side.PARTNER if actor.is_staff else Side.VENDOR
    return cosell_list(actor=actor).filter(status=CoSellStatus.INVITED, origin=origin).count()


def viewer_side(actor: Actor, cosell: CoSell) -> str:
    """The side the actor looks from (staff who do not sell still look from the vendor's side)."""
    return policies.side_of(actor, cosell) or (Side.VENDOR if actor.is_staff else Side.PARTNER)


@dataclass(frozen=True)
class SharedRecord:
    """The opportunity under a co-sell, as the viewer may see it; None where the owner does not
    share."""

    customer: str
    city: str
    country: str
    products: list[str]
    amount: Decimal | None
    currency: str
    stage: str | None
    expected_close: dt.date | None
    contact_name: str | None
    contact_email: str | None
    notes: str | None
    hidden: list[str] = field(default_factory=list)
    own: bool = False  # the viewer's side owns it and sees everything

    @property
    def hidden_labels(self) -> list[str]:
        return [str(SharedField(f).label) for f in self.hidden]


def _record_facts(cosell: CoSell) -> dict[str, Any]:
    if cosell.origin == Side.VENDOR:
        o = cosell.vendor_opportunity
        return {
            "customer": cosell.customer.name,
            "city": cosell.customer.city,
            "country": cosell.customer.country,
            "products": [o.family.name],
            "amount": o.amount,
            "currency": o.currency,
            "stage": str(OpportunityStage(o.stage).label),
            "expected_close": o.expected_close,
            "contact_name": o.contact_name,
            "contact_email": o.contact_email,
            "notes": o.notes,
        }
    d = cosell.partner_deal
    families = sorted({line.family.name for line in d.lines.select_related("family")})
    return {
        "customer": d.customer_name,
        "city": d.customer_city,
        "country": d.customer_country,
        "products": families,
        "amount": d.amount,
        "currency": d.currency,
        "stage": str(DealStatus(d.status).label),
        "expected_close": d.expected_close,
        "contact_name": d.contact_name,
        "contact_email": d.contact_email,
        "notes": d.description,
    }


# Which record facts each shareable field reveals.
_REVEALS = {
    SharedField.AMOUNT: ("amount",),
    SharedField.STAGE: ("stage", "expected_close"),
    SharedField.CONTACTS: ("contact_name", "contact_email"),
    SharedField.NOTES: ("notes",),
}


def shared_record(*, actor: Actor, cosell: CoSell) -> SharedRecord:
    """The opportunity's facts: all of them for its owner's side, the shared ones for the other
    side."""
    facts = _record_facts(cosell)
    own = viewer_side(actor, cosell) == cosell.origin
    hidden = [] if own else [f for f in SharedField.values if f not in cosell.shared_fields]
    for f in hidden:
        for name in _REVEALS[SharedField(f)]:
            facts[name] = None
    return SharedRecord(**facts, hidden=hidden, own=own)


def cosell_thread(*, actor: Actor, cosell: CoSell) -> list[CoSellMessage]:
    return list(
        CoSellMessage.objects.visible_to(actor).filter(cosell=cosell).select_related("author")
    )


def cosell_steps(*, actor: Actor, cosell: CoSell) -> list[CoSellStep]:
    """Open steps by due date first, then the ones done."""
    return list(
        CoSellStep.objects.visible_to(actor)
        .filter(cosell=cosell)
        .select_related("owner", "done_by")
        .order_by(F("done_at").asc(nulls_first=True), "due_on", "id")
    )


def step_get(*, actor: Actor, cosell: CoSell, step_id: int) -> CoSellStep:
    found = (
        CoSellStep.objects.visible_to(actor)
        .select_related("cosell__partner")
        .filter(cosell=cosell, pk=step_id)
        .first()
    )
    if found is None:
        raise NotFound()
    return found


def step_owner_choices(*, actor: Actor, cosell: CoSell) -> list[tuple[int, str, bool]]:
    """Who a step can be given to: the partner's people, and the vendor's (a partner sees only those
    in the co-sell)."""
    staff_ids = None if actor.is_staff else [cosell.vendor_lead_id, cosell.invited_by_id]
    return people_choices(partner_id=cosell.partner_id, staff_ids=staff_ids)


def opportunity_cosells(*, actor: Actor, opportunity: Any) -> list[CoSell]:
    return list(cosell_list(actor=actor).filter(opportunity=opportunity))


def deal_cosell(*, actor: Actor, deal: Any) -> CoSell | None:
    """The co-sell on a registration: the live one, else the latest."""
    qs = cosell_list(actor=actor).filter(deal=deal)
    return qs.filter(status__in=[CoSellStatus.INVITED, CoSellStatus.ACTIVE]).first() or qs.first()


def opportunity_win_rates(*, actor: Actor) -> tuple[WinRate, WinRate]:
    """Win rates of the vendor's own closed opportunities, with a partner alongside and without."""
    joined = CoSell.objects.filter(
        opportunity_id=OuterRef("pk"), status__in=[CoSellStatus.ACTIVE, *CLOSED_STATUSES]
    )
    rows = (
        direct_opportunities(actor=actor, open_only=False)
        .filter(stage__in=CLOSED_STAGES)
        .annotate(co_sold=Exists(joined))
        .values("co_sold")
        .annotate(won=Count("pk", filter=Q(stage=OpportunityStage.WON)), closed=Count("pk"))
        .order_by()
    )
    by_kind = {row["co_sold"]: WinRate(row["won"], row["closed"]) for row in rows}
    return by_kind.get(True, WinRate(0, 0)), by_kind.get(False, WinRate(0, 0))


@dataclass(frozen=True)
class CoSellPage:
    """Everything one co-sell's page shows, as the viewer may see it, and what the viewer may do."""

    cosell: CoSell
    side: str
    record: SharedRecord
    thread: list[CoSellMessage]
    steps: list[CoSellStep]
    owners: list[tuple[int, str, bool]]
    may_answer: bool
    may_own: bool
    may_take_part: bool

    @property
    def live(self) -> bool:
        return self.cosell.status in (CoSellStatus.INVITED, CoSellStatus.ACTIVE)

    @property
    def other_side(self) -> str:
        return Side.PARTNER if self.side == Side.VENDOR else Side.VENDOR

    @property
    def open_steps(self) -> int:
        return sum(1 for s in self.steps if s.done_at is None)


def cosell_page(*, actor: Actor, cosell: CoSell) -> CoSellPage:
    side = viewer_side(actor, cosell)
    return CoSellPage(
        cosell=cosell,
        side=side,
        record=shared_record(actor=actor, cosell=cosell),
        thread=cosell_thread(actor=actor, cosell=cosell),
        steps=cosell_steps(actor=actor, cosell=cosell),
        owners=step_owner_choices(actor=actor, cosell=cosell),
        may_answer=allows(actor, "cosell.answer", cosell),
        may_own=allows(actor, "cosell.own", cosell),
        may_take_part=allows(actor, "cosell.take_part", cosell),
    )
