"""Reads of deal registrations, the approval queue and the conflict log."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, Min, OuterRef, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from trellis.catalog.selectors import family_names
from trellis.core.actor import Actor
from trellis.core.exceptions import NotFound
from trellis.core.selectors import object_history

from .. import policies  # noqa: F401  (registers the rules)
from ..choices import ACTIVE_STATUSES, AWAITING_VENDOR, CoSellerStatus, DealStatus, DealType
from ..models import (
    ConflictAppeal,
    ConflictLog,
    DealClaim,
    DealCoSeller,
    DealProduct,
    DealRegistration,
    DirectOpportunity,
)
from .sales import CampaignDeal as CampaignDeal
from .sales import ReferredSale as ReferredSale
from .sales import WonDeal as WonDeal
from .sales import campaign_deals as campaign_deals
from .sales import deal_briefs as deal_briefs
from .sales import deals_reversed as deals_reversed
from .sales import opportunity_briefs as opportunity_briefs
from .sales import referred_sales as referred_sales
from .sales import won_deals as won_deals


@dataclass(frozen=True)
class DealFilters:
    statuses: tuple[str, ...] = ()
    partner_id: int | None = None
    family: str = ""
    q: str = ""
    country: str = ""
    region: str = ""
    tier_id: int | None = None
    sla: str = ""  # "breached" | "due_soon" | "on_track"
    outcome: str = ""


def _with_relations(qs: QuerySet[DealRegistration]) -> QuerySet[DealRegistration]:
    return qs.select_related("partner", "customer", "customer__parent", "program").prefetch_related(
        Prefetch("lines", queryset=DealProduct.objects.select_related("product", "family"))
    )


def deal_list(*, actor: Actor, filters: DealFilters) -> QuerySet[DealRegistration]:
    qs = DealRegistration.objects.visible_to(actor)
    if filters.statuses:
        qs = qs.filter(status__in=filters.statuses)
    if filters.partner_id:
        qs = qs.filter(partner_id=filters.partner_id)
    if filters.family:
        qs = qs.filter(
            Exists(DealProduct.objects.filter(deal=OuterRef("pk"), family__code=filters.family))
        )
    if filters.q:
        qs = qs.filter(customer_name__icontains=filters.q.strip())
    if filters.country:
        qs = qs.filter(customer_country=filters.country)
    if filters.region:
        qs = qs.filter(partner__regions__region=filters.region)
    if filters.tier_id:
        qs = qs.filter(partner__enrollments__tier_id=filters.tier_id)
    if filters.outcome:
        qs = qs.filter(check_outcome=filters.outcome)
    now = timezone.now()
    if filters.sla == "breached":
        qs = qs.filter(status__in=AWAITING_VENDOR, sla_due_at__lt=now)
    elif filters.sla == "due_soon":
        qs = qs.filter(
            status__in=AWAITING_VENDOR,
            sla_due_at__gte=now,
            sla_due_at__lt=now + dt.timedelta(hours=4),
        )
    elif filters.sla == "on_track":
        qs = qs.filter(status__in=AWAITING_VENDOR, sla_due_at__gte=now)
    return _with_relations(qs.distinct() if filters.region or filters.tier_id else qs)


def approval_queue(*, actor: Actor, mine_only: bool = False) -> QuerySet[DealRegistration]:
    """Registrations waiting for a decision, the least SLA time left first."""
    qs = DealRegistration.objects.visible_to(actor).filter(status=DealStatus.SUBMITTED)
    if mine_only:
        qs = qs.filter(partner__channel_manager_id=actor.user_id)
    return _with_relations(qs).order_by("sla_due_at", "id")


def deal_get(*, actor: Actor, deal_id: int) -> DealRegistration:
    deal = _with_relations(DealRegistration.objects.visible_to(actor)).filter(pk=deal_id).first()
    if deal is None:
        raise NotFound()
    return deal


def related_deals(*, actor: Actor, deal: DealRegistration) -> list[DealRegistration]:
    """What the conflict view puts beside a registration: same account, or flagged as possibly the
    same."""
    ids = set(deal.related_deals)
    same_account = (
        DealRegistration.objects.filter(customer_id=deal.customer_id)
        .exclude(pk=deal.pk)
        .values_list("pk", flat=True)[:20]
    )
    ids.update(same_account)
    return list(
        _with_relations(DealRegistration.objects.visible_to(actor).filter(pk__in=ids)).order_by(
            "-created_at"
        )
    )


def conflict_log(*, actor: Actor) -> QuerySet[ConflictLog]:
    return (
        ConflictLog.objects.visible_to(actor)
        .select_related(
            "partner", "customer", "winning_deal", "winning_deal__partner", "attempted_by"
        )
        .prefetch_related("appeal")
    )


def stopped_attempts(*, actor: Actor, deal: DealRegistration) -> list[ConflictLog]:
    """The registrations this one stopped (other partners' attempts at its customer), with any
    appeal against each: what a person deciding on it must see."""
    return list(conflict_log(actor=actor).filter(winning_deal=deal).order_by("-occurred_at")[:20])


def attempt_families(conflict: ConflictLog) -> list[str]:
    """The product families a stopped attempt named, by name."""
    return family_names(list(conflict.families or []))


def conflict_get(*, actor: Actor, conflict_id: int) -> ConflictLog:
    conflict = conflict_log(actor=actor).filter(pk=conflict_id).first()
    if conflict is None:
        raise NotFound()
    return conflict


def appeals(*, actor: Actor, open_only: bool = True) -> QuerySet[ConflictAppeal]:
    qs = ConflictAppeal.objects.visible_to(actor).select_related(
        "conflict", "partner", "conflict__winning_deal"
    )
    return qs.filter(status="open") if open_only else qs


def appeal_get(*, actor: Actor, appeal_id: int) -> ConflictAppeal:
    appeal = appeals(actor=actor, open_only=False).filter(pk=appeal_id).first()
    if appeal is None:
        raise NotFound()
    return appeal


def board(*, actor: Actor, filters: DealFilters) -> dict[str, list[DealRegistration]]:
    """A partner's registrations by stage, for the board view."""
    columns: dict[str, list[DealRegistration]] = {s: [] for s in DealStatus.values}
    for deal in deal_list(actor=actor, filters=filters)[:500]:
        columns[deal.status].append(deal)
    return columns


def customer_is_protected(*, account_id: int, skus: list[str]) -> bool:
    """Whether an active registration holds this account (for the chosen products' families, if
    any)."""
    claims = DealClaim.objects.filter(customer_id=account_id, active=True)
    if skus:
        claims = claims.filter(family__products__sku__in=skus)
    return claims.exists()


def deal_history(*, actor: Actor, deal: DealRegistration) -> list:  # type: ignore[type-arg]
    return object_history(actor=actor, obj=deal)


@dataclass(frozen=True)
class WinRate:
    won: int
    closed: int

    @property
    def rate(self) -> float | None:
        return self.won / self.closed if self.closed else None


def cosell_win_rates(
    *, actor: Actor, filters: DealFilters | None = None
) -> tuple[WinRate, WinRate]:
    """Win rates of co-sold and of solo registrations among those the actor may see (won / won or
    lost).

    Co-sold: another partner sold alongside, or the vendor's own sales team joined.
    """
    qs = deal_list(actor=actor, filters=filters or DealFilters()).filter(
        status__in=[DealStatus.WON, DealStatus.LOST]
    )
    co_seller = DealCoSeller.objects.filter(deal_id=OuterRef("pk"), status=CoSellerStatus.ACCEPTED)
    rows = (
        DealRegistration.objects.filter(pk__in=qs.values("pk"))
        .annotate(co_sold=Exists(co_seller) | Q(vendor_co_selling=True))
        .values("co_sold")
        .annotate(won=Count("pk", filter=Q(status=DealStatus.WON)), closed=Count("pk"))
    )
    by_kind = {row["co_sold"]: WinRate(row["won"], row["closed"]) for row in rows}
    return by_kind.get(True, WinRate(0, 0)), by_kind.get(False, WinRate(0, 0))


def customer_stages() -> tuple[set[int], set[int]]:
    """Customer accounts where a registration was won, and where one is active or the vendor has an
    open opportunity."""
    won = set(
        DealRegistration.objects.filter(status=DealStatus.WON).values_list("customer_id", flat=True)
    )
    active = set(
        DealRegistration.objects.filter(status__in=ACTIVE_STATUSES).values_list(
            "customer_id", flat=True
        )
    )
    active |= set(
        DirectOpportunity.objects.filter(is_open=True).values_list("customer_id", flat=True)
    )
    return won, active


def direct_opportunities(*, actor: Actor, open_only: bool = True) -> QuerySet[DirectOpportunity]:
    """The vendor's own pipeline (vendor staff only; a partner sees none)."""
    qs = DirectOpportunity.objects.visible_to(actor).select_related("customer", "family", "owner")
    return (qs.filter(is_open=True) if open_only else qs).order_by("-created_at", "-id")


def direct_opportunity_get(*, actor: Actor, opportunity_id: int) -> DirectOpportunity:
    found = direct_opportunities(actor=actor, open_only=False).filter(pk=opportunity_id).first()
    if found is None:
        raise NotFound()
    return found


def open_opportunities_at(*, actor: Actor, customer_ids: list[int]) -> dict[int, DirectOpportunity]:
    """The vendor's most advanced open opportunity at each of these customers (vendor staff
    only)."""
    rank = {s: i for i, s in enumerate(["negotiate", "propose", "develop", "qualify"])}
    found: dict[int, DirectOpportunity] = {}
    for o in direct_opportunities(actor=actor).filter(customer_id__in=customer_ids):
        held = found.get(o.customer_id)
        if held is None or rank.get(o.stage, 9) < rank.get(held.stage, 9):
            found[o.customer_id] = o
    return found


def active_registrations_at(
    *, actor: Actor, partner_id: int, customer_ids: list[int]
) -> dict[int, DealRegistration]:
    """A partner's active registration at each of these customers, as the actor may see them."""
    qs = DealRegistration.objects.visible_to(actor).filter(
        partner_id=partner_id, customer_id__in=customer_ids, status__in=ACTIVE_STATUSES
    )
    return {d.customer_id: d for d in qs.order_by("created_at")}  # the newest wins


def partner_co_selling(*, partner_id: int | None) -> tuple[dict[int, int], dict[int, int]]:
    """Registrations partners sold together: with ``partner_id`` per other partner, and in total per
    partner. Only co-sellers that accepted count: a name alone is a request."""
    pairs = DealCoSeller.objects.filter(status=CoSellerStatus.ACCEPTED).values_list(
        "deal__partner_id", "partner_id"
    )
    with_partner: dict[int, int] = {}
    totals: dict[int, int] = {}
    for owner, helper in pairs.iterator():
        totals[owner] = totals.get(owner, 0) + 1
        totals[helper] = totals.get(helper, 0) + 1
        if partner_id is not None and partner_id in (owner, helper):
            other = helper if owner == partner_id else owner
            with_partner[other] = with_partner.get(other, 0) + 1
    return with_partner, totals


def co_seller_request_list(*, actor: Actor) -> QuerySet[DealCoSeller]:
    """The requests to co-sell made to the actor's partner (vendor staff: all), newest first."""
    return (
        DealCoSeller.objects.visible_to(actor)
        .select_related("deal", "deal__partner", "partner")
        .order_by("-named_at", "-pk")
    )


def co_seller_request_get(*, actor: Actor, request_id: int) -> DealCoSeller:
    """One request made to the actor's partner; anyone else's answers 404."""
    link = co_seller_request_list(actor=actor).filter(pk=request_id).first()
    if link is None:
        raise NotFound()
    return link


def co_sellers_of(deal: DealRegistration) -> list[DealCoSeller]:
    """The partners a registration named, with each one's answer."""
    return list(deal.co_seller_links.select_related("partner").order_by("pk"))


def open_deal_families(*, actor: Actor, partner_id: int) -> dict[int, int]:
    """Product family id -> the partner's open registrations with products of that family."""
    rows = (
        DealRegistration.objects.visible_to(actor)
        .filter(partner_id=partner_id, status__in=ACTIVE_STATUSES)
        .values("lines__family_id")
        .annotate(n=Count("pk", distinct=True))
    )
    return {r["lines__family_id"]: r["n"] for r in rows if r["lines__family_id"] is not None}


@dataclass(frozen=True)
class WonRevenue:
    """Won registrations of one partner in one currency over a period: what it sourced itself,
    and what it helped others win as an accepted co-seller."""

    partner_id: int
    currency: str
    sourced: Decimal
    influenced: Decimal
    won_deals: int


def won_revenue(
    *, since: dt.datetime, until: dt.datetime | None = None, partner_ids: list[int] | None = None
) -> list[WonRevenue]:
    """Every partner's (or ``partner_ids``') won revenue closed in [since, until), per currency,
    in two statements whatever the number of partners (tier evaluation reads it for all of them
    at once)."""
    until = until or timezone.now()
    won = DealRegistration.objects.filter(
        status=DealStatus.WON, closed_at__gte=since, closed_at__lt=until
    )
    if partner_ids is not None:
        won = won.filter(partner_id__in=partner_ids)
    totals: dict[tuple[int, str], list[Any]] = {}
    for partner_id, currency, sourced, amount, n in (
        won.values_list("partner_id", "currency", "sourced")
        .annotate(total=Sum("amount"), n=Count("pk"))
        .values_list("partner_id", "currency", "sourced", "total", "n")
    ):
        row = totals.setdefault((partner_id, currency), [Decimal(0), Decimal(0), 0])
        row[0 if sourced else 1] += amount or Decimal(0)
        row[2] += n
    for partner_id, currency, amount in (
        DealCoSeller.objects.filter(
            status=CoSellerStatus.ACCEPTED,
            deal__status=DealStatus.WON,
            deal__closed_at__gte=since,
            deal__closed_at__lt=until,
            **({"partner_id__in": partner_ids} if partner_ids is not None else {}),
        )
        .values_list("partner_id", "deal__currency")
        .annotate(total=Sum("deal__amount"))
        .values_list("partner_id", "deal__currency", "total")
    ):
        row = totals.setdefault((partner_id, currency), [Decimal(0), Decimal(0), 0])
        row[1] += amount or Decimal(0)
    return [
        WonRevenue(p, c, sourced, influenced, n)
        for (p, c), (sourced, influenced, n) in sorted(totals.items())
    ]


def first_wins(
    *, sourced_only: bool = False, partner_ids: list[int] | None = None
) -> dict[int, dt.datetime]:
    """When each partner first closed a won registration (time to first revenue); with
    ``sourced_only``, one it found itself rather than a lead it was given."""
    won = DealRegistration.objects.filter(status=DealStatus.WON, closed_at__isnull=False)
    if partner_ids is not None:
        won = won.filter(partner_id__in=partner_ids)
    if sourced_only:
        won = won.filter(sourced=True)
    return dict(
        won.values_list("partner_id")
        .annotate(first=Min("closed_at"))
        .values_list("partner_id", "first")
    )


def first_registrations(*, partner_ids: list[int] | None = None) -> dict[int, dt.datetime]:
    """When each partner first registered a deal (time to first deal)."""
    made = DealRegistration.objects.all()
    if partner_ids is not None:
        made = made.filter(partner_id__in=partner_ids)
    return dict(
        made.exclude(status=DealStatus.DRAFT)
        .values_list("partner_id")
        .annotate(first=Min("created_at"))
        .values_list("partner_id", "first")
    )


def registrations_per_partner(
    *, since: dt.datetime, until: dt.datetime, partner_ids: list[int] | None = None
) -> dict[int, int]:
    """How many registrations each partner submitted in [since, until)."""
    made = DealRegistration.objects.filter(created_at__gte=since, created_at__lt=until)
    if partner_ids is not None:
        made = made.filter(partner_id__in=partner_ids)
    return dict(
        made.exclude(status=DealStatus.DRAFT)
        .values_list("partner_id")
        .annotate(n=Count("pk"))
        .values_list("partner_id", "n")
    )


def referrals_per_partner(
    *, since: dt.datetime, until: dt.datetime, partner_ids: list[int] | None = None
) -> dict[int, int]:
    """How many customers each partner referred to the vendor in [since, until): referral
    registrations submitted and not turned down."""
    made = DealRegistration.objects.filter(
        deal_type=DealType.REFERRAL, created_at__gte=since, created_at__lt=until
    ).exclude(status__in=(DealStatus.DRAFT, DealStatus.REJECTED))
    if partner_ids is not None:
        made = made.filter(partner_id__in=partner_ids)
    return dict(
        made.values_list("partner_id").annotate(n=Count("pk")).values_list("partner_id", "n")
    )


def co_selling_per_partner(
    *, since: dt.datetime, until: dt.datetime, partner_ids: list[int] | None = None
) -> dict[int, int]:
    """How many registrations each partner sold alongside another (it accepted the request) or
    had the vendor's own team alongside, registered in [since, until)."""
    only = {"partner_id__in": partner_ids} if partner_ids is not None else {}
    counts: dict[int, int] = dict(
        DealCoSeller.objects.filter(
            status=CoSellerStatus.ACCEPTED,
            deal__created_at__gte=since,
            deal__created_at__lt=until,
            **only,
        )
        .values_list("partner_id")
        .annotate(n=Count("pk"))
        .values_list("partner_id", "n")
    )
    for partner_id, n in (
        DealRegistration.objects.filter(
            vendor_co_selling=True, created_at__gte=since, created_at__lt=until, **only
        )
        .values_list("partner_id")
        .annotate(n=Count("pk"))
        .values_list("partner_id", "n")
    ):
        counts[partner_id] = counts.get(partner_id, 0) + n
    return counts


def registrations_export(*, partner_id: int) -> list[dict[str, Any]]:
    """Every registration of the partner as plain values (a departing partner's data export)."""
    return [
        dict(row)
        for row in DealRegistration.objects.filter(partner_id=partner_id)
        .order_by("pk")
        .values(
            "pk",
            "customer_name",
            "customer_country",
            "amount",
            "currency",
            "status",
            "expected_close",
            "created_at",
            "closed_at",
        )
    ]


def open_registrations_of(*, partner_id: int) -> list[dict[str, Any]]:
    """The partner's registrations still open (pending or protected), oldest first: what the
    vendor hands over or closes when the partner leaves."""
    return [
        dict(row)
        for row in DealRegistration.objects.filter(
            partner_id=partner_id, status__in=ACTIVE_STATUSES
        )
        .order_by("pk")
        .values("pk", "customer_name", "customer_country", "amount", "currency", "status")
    ]
