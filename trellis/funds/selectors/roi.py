"""What marketing activities returned: for each approved activity, the leads and the
registrations its campaign code brought (those of its own partner), their pipeline and revenue
in the activity's currency at the rates of the day each was registered, against its spend; and
the same in US dollars per partner, kind of activity and region."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from trellis.core.actor import Actor
from trellis.core.rates import NoRate, convert
from trellis.deals.selectors import campaign_deals
from trellis.leads.selectors import campaign_lead_counts

from ..choices import ClaimStatus, RequestStatus
from ..engine.roi import Outcome, total
from ..models import MdfClaim, MdfRequest

WON = "won"


@dataclass(frozen=True)
class ActivityResult:
    request: MdfRequest
    outcome: Outcome  # in the request's currency
    usd: Outcome  # the same in US dollars, for sums across currencies
    unconverted: int = 0  # registrations in a currency without a rate that day

    @property
    def held(self) -> bool:
        """The activity has taken place (an upcoming one has nothing to show yet)."""
        return self.request.starts <= timezone.localdate()


def activity_results(
    *, actor: Actor, partner_id: int | None = None, request_ids: list[int] | None = None
) -> list[ActivityResult]:
    """Every approved (or closed) activity ``actor`` may see, with what it returned."""
    qs = (
        MdfRequest.objects.visible_to(actor)
        .filter(status__in=(RequestStatus.APPROVED, RequestStatus.CLOSED))
        .select_related("partner", "fund")
        .order_by("-starts", "-pk")
    )
    if partner_id is not None:
        qs = qs.filter(partner_id=partner_id)
    if request_ids is not None:
        qs = qs.filter(pk__in=request_ids)
    requests = list(qs)
    codes = [r.campaign_code for r in requests]
    leads = campaign_lead_counts(codes=codes)
    deals = defaultdict(list)
    for deal in campaign_deals(codes=codes):
        deals[(deal.partner_id, deal.campaign_code)].append(deal)
    spent = dict(
        MdfClaim.objects.filter(
            request__in=requests, status__in=(ClaimStatus.APPROVED, ClaimStatus.PAID)
        )
        .values_list("request_id")
        .annotate(total=Sum("approved_amount"))
        .values_list("request_id", "total")
    )
    out = []
    for r in requests:
        pipeline = revenue = Decimal(0)
        n = won = missing = 0
        for deal in deals.get((r.partner_id, r.campaign_code), []):
            try:
                amount = convert(
                    deal.amount, deal.currency, r.currency, on=deal.registered_on
                ).amount
            except NoRate:
                missing += 1
                continue
            n += 1
            pipeline += amount
            if deal.status == WON:
                won += 1
                revenue += amount
        spend = spent.get(r.pk) or r.approved_amount or Decimal(0)
        outcome = Outcome(
            leads=leads.get(r.campaign_code, 0),
            deals=n,
            won=won,
            pipeline=pipeline.quantize(Decimal("0.01")),
            revenue=revenue.quantize(Decimal("0.01")),
            spend=spend,
        )
        try:
            rate = convert(Decimal(1), r.currency, "USD").amount
        except NoRate:
            rate = Decimal(0)
        out.append(ActivityResult(r, outcome, outcome.scaled(rate), missing))
    return out


def results_by(results: list[ActivityResult], key: str) -> list[tuple[str, Outcome]]:
    """US-dollar outcomes summed per ``key`` (partner, activity_type or region), best revenue
    first."""
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for result in results:
        r = result.request
        label = {
            "partner": r.partner.name,
            "activity_type": str(r.get_activity_type_display()),
            "region": r.fund.region.upper() or "—",
        }[key]
        groups[label].append(result.usd)
    sums = [(label, total(outcomes)) for label, outcomes in groups.items()]
    return sorted(sums, key=lambda item: (-item[1].revenue, item[0]))


def overall(results: list[ActivityResult]) -> Outcome:
    return total([r.usd for r in results])
