"""Reads of deals as sales: the registrations a marketing activity brought (by campaign
code), won and reversed deals for incentives (what each sold, for whom, when, with which
products), and short descriptions of deals for earnings lines."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from ..choices import ACTIVE_STATUSES, DealStatus, DealType, OpportunityStage
from ..models import DealProduct, DealRegistration, DirectOpportunity


@dataclass(frozen=True)
class CampaignDeal:
    """A registration a marketing activity brought (by its campaign code)."""

    partner_id: int
    campaign_code: str
    status: str
    amount: Decimal
    currency: str
    registered_on: dt.date


def campaign_deals(*, codes: list[str]) -> list[CampaignDeal]:
    """Registrations carrying one of ``codes`` that count as pipeline (submitted, under review,
    approved or won), in one statement; the caller keeps those of the code's own partner."""
    rows = (
        DealRegistration.objects.filter(campaign_code__in=codes)
        .filter(status__in=[*ACTIVE_STATUSES, DealStatus.WON])
        .values_list("partner_id", "campaign_code", "status", "amount", "currency", "created_at")
    )
    return [CampaignDeal(p, c, s, a, cur, at.date()) for p, c, s, a, cur, at in rows]


@dataclass(frozen=True)
class WonDeal:
    """A won registration as incentives read it: what, for whom, when, and with which products."""

    deal_id: int
    partner_id: int
    amount: Decimal
    currency: str
    closed_on: dt.date
    deal_type: str
    registered: bool  # approved by the vendor before it was won (it carried protection)
    uplift_pct: Decimal
    skus: tuple[str, ...]
    families: tuple[str, ...]


def won_deals(
    *,
    program_id: int,
    since: dt.datetime,
    until: dt.datetime,
    partner_ids: list[int] | None = None,
) -> list[WonDeal]:
    """Registrations won in [since, until) with their products, in two statements. A deal
    reversed since still counts here: it earned in its month, and gives it back in the month
    it was reversed (``deals_reversed``)."""
    won = DealRegistration.objects.filter(
        program_id=program_id,
        status__in=(DealStatus.WON, DealStatus.REVERSED),
        closed_at__gte=since,
        closed_at__lt=until,
    )
    if partner_ids is not None:
        won = won.filter(partner_id__in=partner_ids)
    rows = list(
        won.annotate(registered=Q(decided_at__isnull=False)).values_list(
            "pk",
            "partner_id",
            "amount",
            "currency",
            "closed_at",
            "deal_type",
            "registered",
            "uplift_pct",
        )
    )
    skus: dict[int, list[str]] = {}
    families: dict[int, list[str]] = {}
    for deal_id, sku, family in DealProduct.objects.filter(deal__in=won).values_list(
        "deal_id", "product__sku", "family__code"
    ):
        skus.setdefault(deal_id, []).append(sku)
        families.setdefault(deal_id, []).append(family)
    return [
        WonDeal(
            pk,
            partner_id,
            amount,
            currency,
            closed.date() if closed else since.date(),
            kind,
            bool(registered),
            uplift or Decimal(0),
            tuple(skus.get(pk, ())),
            tuple(families.get(pk, ())),
        )
        for pk, partner_id, amount, currency, closed, kind, registered, uplift in rows
    ]


def deals_reversed(
    *,
    program_id: int,
    since: dt.datetime,
    until: dt.datetime,
    partner_ids: list[int] | None = None,
) -> dict[int, tuple[int, dt.date]]:
    """Won deals of the program reversed in [since, until): deal id to its partner and the
    day it was won."""
    rows = DealRegistration.objects.filter(
        program_id=program_id,
        status=DealStatus.REVERSED,
        reversed_at__gte=since,
        reversed_at__lt=until,
    )
    if partner_ids is not None:
        rows = rows.filter(partner_id__in=partner_ids)
    return {
        pk: (partner_id, (closed or since).date())
        for pk, partner_id, closed in rows.values_list("pk", "partner_id", "closed_at")
    }


def deal_briefs(*, deal_ids: list[int]) -> dict[int, tuple[str, Decimal, str, str]]:
    """Deal id to (customer, amount, currency, status): how an earnings line names its deal."""
    return {
        pk: (customer, amount, currency, status)
        for pk, customer, amount, currency, status in DealRegistration.objects.filter(
            pk__in=deal_ids
        ).values_list("pk", "customer_name", "amount", "currency", "status")
    }


@dataclass(frozen=True)
class ReferredSale:
    """A sale the vendor made itself to a customer a partner referred, within the referral's
    first year: it counts towards that partner's referral fee."""

    opportunity_id: int
    partner_id: int  # the referring partner
    referral_id: int  # its won referral registration
    amount: Decimal
    currency: str
    closed_on: dt.date


def referred_sales(
    *, program_id: int, since: dt.datetime, until: dt.datetime, days: int = 365
) -> list[ReferredSale]:
    """The vendor's own opportunities won in [since, until) with a customer that a partner of
    the program referred (a won referral registration) at most ``days`` before; each goes to
    the earliest such referral, in two statements."""
    won = list(
        DirectOpportunity.objects.filter(
            stage=OpportunityStage.WON, closed_at__gte=since, closed_at__lt=until
        ).values_list("pk", "customer_id", "amount", "currency", "closed_at")
    )
    if not won:
        return []
    referrals: dict[int, list[tuple[dt.datetime, int, int]]] = {}
    for pk, customer_id, partner_id, closed in (
        DealRegistration.objects.filter(
            program_id=program_id,
            deal_type=DealType.REFERRAL,
            status=DealStatus.WON,
            customer_id__in={c for _p, c, _a, _cur, _at in won},
            closed_at__gte=since - dt.timedelta(days=days),
            closed_at__lt=until,
        )
        .order_by("closed_at", "pk")
        .values_list("pk", "customer_id", "partner_id", "closed_at")
    ):
        if closed is not None:  # always set on a won registration; the filter says so
            referrals.setdefault(customer_id, []).append((closed, partner_id, pk))
    out = []
    for pk, customer_id, amount, currency, closed in won:
        if closed is None:
            continue
        for referred, partner_id, referral_id in referrals.get(customer_id, []):
            if referred <= closed <= referred + dt.timedelta(days=days):
                out.append(
                    ReferredSale(
                        pk, partner_id, referral_id, amount or Decimal(0), currency, closed.date()
                    )
                )
                break
    return out


def opportunity_briefs(*, opportunity_ids: list[int]) -> dict[int, str]:
    """The vendor's opportunity id to its name, for earnings lines."""
    return dict(DirectOpportunity.objects.filter(pk__in=opportunity_ids).values_list("pk", "name"))
