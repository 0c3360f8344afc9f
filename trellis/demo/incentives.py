"""Incentives in the demo: a plan per program with one rule of each kind (the rebate changed
three months ago, so statements name two versions), usage and marketplace sales reported for
some partners, a few won deals reversed weeks later, statements drafted for the last seven
months, the older months approved and paid, last month approved and waiting for the payment
run, and disputes on the demo partners' lines (one open, one accepted with a correction)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db.models import Max, Q
from django.utils import timezone

from trellis.accounts.actors import actor_for_user
from trellis.accounts.models import User
from trellis.catalog.models import Product
from trellis.core import stamps
from trellis.core.actor import SYSTEM
from trellis.core.models import ExchangeRate
from trellis.deals.models import DealRegistration
from trellis.incentives.models import ReportedSale, Statement, StatementLine
from trellis.incentives.services import (
    dispute_open,
    dispute_reply,
    dispute_resolve,
    plan_for,
    rule_create,
    rule_version_add,
    statements_compute,
)
from trellis.partners.models import Program, ProgramEnrollment

from .generator import ADMIN_EMAIL

MONTHS = 7
COMPLAINTS = {
    "rebate": "We had three security deals that month; the accelerator should apply.",
    "uplift": "This registration was approved before the tier change: the uplift should be "
    "the Gold rate.",
    "consumption": "Our billing shows more usage for this month: two customers went live on "
    "the 20th and are missing.",
    "marketplace": "This private offer was accepted on the last day of the month; the credit "
    "is missing the add-on line.",
    "referral": "The customer signed a larger order than the amount shown here.",
    "spiff": "The deal included two units of the product; the bonus is counted once.",
}


def _months(today: dt.date) -> list[dt.date]:
    """First days of the last MONTHS months, oldest first, this month last."""
    out, day = [], today.replace(day=1)
    for _ in range(MONTHS):
        out.append(day)
        day = (day - dt.timedelta(days=1)).replace(day=1)
    return out[::-1]


def _past_rates(rng: random.Random) -> None:
    """Monthly reference rates for the two years before the stored ones, drifting a little,
    so sales of earlier months convert at their own month's rate."""
    latest: dict[str, ExchangeRate] = {}
    for rate in ExchangeRate.objects.order_by("currency", "effective_on"):
        latest.setdefault(rate.currency, rate)
    rows = []
    for currency, rate in latest.items():
        if currency == "USD":
            continue
        value, day = rate.usd_per_unit, rate.effective_on
        for _ in range(26):
            day = (day - dt.timedelta(days=1)).replace(day=1)
            value = (value * Decimal(str(rng.uniform(0.985, 1.015)))).quantize(Decimal("1e-6"))
            rows.append(ExchangeRate(currency=currency, usd_per_unit=value, effective_on=day))
    ExchangeRate.objects.bulk_create(rows, ignore_conflicts=True)
    stamps.bump(stamps.RATES)  # rates read before see the new ones


def seed_incentives(*, seed: int, logins: list[str]) -> int:
    """Plans, rules, sales, statements and disputes; returns how many statements exist."""
    rng = random.Random(seed)
    _past_rates(rng)
    admin = actor_for_user(User.objects.get(email=ADMIN_EMAIL))
    finance = actor_for_user(User.objects.get(email="finance@trellis.example"))
    today = timezone.localdate()
    months = _months(today)
    security = list(
        Product.objects.filter(family__code="security").order_by("pk").values_list("sku", flat=True)
    )
    for program in Program.objects.order_by("pk"):
        _rules(admin, program, months, today, security[1] if len(security) > 1 else "")
    _reported_sales(rng, months)
    _uplifts()
    _reversals(rng, months[0], today)
    for first in months:
        for plan_program in Program.objects.filter(incentive_plan__isnull=False).order_by("pk"):
            statements_compute(
                actor=SYSTEM, plan=plan_program.incentive_plan, period=f"{first:%Y-%m}"
            )
    _close_months(finance, months, today)
    _disputes(admin, finance, logins, months)
    for plan_program in Program.objects.filter(incentive_plan__isnull=False).order_by("pk"):
        # The accepted dispute's correction lands on this month's draft.
        statements_compute(actor=SYSTEM, plan=plan_program.incentive_plan, period=f"{today:%Y-%m}")
    return Statement.objects.count()


def _rules(
    admin: object, program: Program, months: list[dt.date], today: dt.date, sku: str
) -> None:
    plan = plan_for(actor=admin, program=program, currency="USD")  # type: ignore[arg-type]
    since = months[0] - dt.timedelta(days=365)
    rebate = rule_create(
        actor=admin,  # type: ignore[arg-type]
        plan=plan,
        name="Monthly volume rebate",
        kind="rebate",
        params={
            "bands": [[0, 1], [100000, 2], [400000, 3]],
            "accelerator": {"family": "security", "min_deals": 3, "multiplier": 1.5},
        },
        starts=since,
    )
    rule_version_add(
        actor=admin,  # type: ignore[arg-type]
        rule=rebate,
        params={
            "bands": [[0, 1], [100000, 2.5], [400000, 3.5]],
            "accelerator": {"family": "security", "min_deals": 3, "multiplier": 1.5},
        },
        starts=months[-4],
    )
    terms: list[tuple[str, str, dict[str, object], dt.date, dt.date | None]] = [
        ("Deal registration uplift", "uplift", {}, since, None),
        ("Referral fee", "referral", {"pct": 10}, since, None),
        ("Managed service usage", "consumption", {"pct": 6}, since, None),
        ("Cloud marketplace credit", "marketplace", {"pct": 3}, since, None),
    ]
    if sku:
        quarter_end = (months[-1] + dt.timedelta(days=62)).replace(day=1) - dt.timedelta(days=1)
        terms.append(
            ("Zero Trust SPIFF", "spiff", {"sku": sku, "amount": 500}, months[-2], quarter_end)
        )
    for name, kind, params, starts, ends in terms:
        rule_create(
            actor=admin,  # type: ignore[arg-type]
            plan=plan,
            name=name,
            kind=kind,
            params=params,
            starts=starts,
            ends=ends,
        )


def _reported_sales(rng: random.Random, months: list[dt.date]) -> None:
    """Usage for managed-service partners, marketplace sales for a few others."""
    plan_of: dict[int, int] = {}  # each partner's sales count in its first program's plan
    for partner_id, plan_id in (
        ProgramEnrollment.objects.filter(partner__status="active")
        .order_by("-program_id")
        .values_list("partner_id", "program__incentive_plan")
    ):
        plan_of[partner_id] = plan_id
    partners = sorted(plan_of)
    rows = []
    for first in months:
        period = f"{first:%Y-%m}"
        for p in partners[::6]:
            rows.append(
                ReportedSale(
                    plan_id=plan_of[p],
                    partner_id=p,
                    kind="usage",
                    period=period,
                    sold_on=first + dt.timedelta(days=27),
                    reference=f"USG-{period}-{p}",
                    customer_name=f"Usage of managed customers ({rng.randint(3, 40)})",
                    amount=Decimal(rng.randint(800, 25000)),
                    currency="USD",
                )
            )
        for p in partners[3::11]:
            rows.append(
                ReportedSale(
                    plan_id=plan_of[p],
                    partner_id=p,
                    kind="marketplace",
                    period=period,
                    sold_on=first + dt.timedelta(days=rng.randint(0, 26)),
                    reference=f"AWS-PO-{period}-{p}",
                    customer_name="Private offer via AWS Marketplace",
                    amount=Decimal(rng.randint(5000, 90000)),
                    currency=rng.choice(("USD", "EUR")),
                )
            )
    ReportedSale.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)


def _uplifts() -> None:
    """Won registrations the vendor approved carry their tier's uplift (the history was
    written in bulk, without the approval that records it)."""
    tiers = dict(
        ProgramEnrollment.objects.values_list("partner_id", "program_id")
        .annotate(uplift=Max("tier__deal_reg_uplift_pct"))
        .values_list("partner_id", "uplift")
    )
    for uplift in {u for u in tiers.values() if u}:
        DealRegistration.objects.filter(
            status="won",
            decided_at__isnull=False,
            partner_id__in=[p for p, u in tiers.items() if u == uplift],
        ).filter(Q(uplift_pct__isnull=True) | Q(uplift_pct=0)).update(uplift_pct=uplift)


def _reversals(rng: random.Random, since: dt.date, today: dt.date) -> None:
    """One won deal in forty, won in the window, is cancelled five weeks later."""
    start = dt.datetime.combine(since, dt.time.min, tzinfo=dt.UTC)
    now = timezone.now()
    for deal in DealRegistration.objects.filter(status="won", closed_at__gte=start).order_by("pk"):
        assert deal.closed_at is not None
        undone = deal.closed_at + dt.timedelta(days=35)
        if rng.random() < 0.025 and undone < now:
            DealRegistration.objects.filter(pk=deal.pk).update(
                status="reversed", reversed_at=undone
            )


def _close_months(finance: object, months: list[dt.date], today: dt.date) -> None:
    """Months before last: approved and paid; last month: approved, waiting for payment."""
    last = f"{months[-2]:%Y-%m}"
    now = timezone.now()
    user_id = getattr(finance, "user_id", None)
    for first in months[:-1]:
        period = f"{first:%Y-%m}"
        paid = period != last
        drafts = Statement.objects.filter(period=period, status="draft")
        drafts.filter(Q(total__lte=0) | Q(held=True)).update(
            status="approved", approved_at=now, approved_by_id=user_id
        )
        if paid:
            drafts.update(
                status="paid",
                approved_at=now,
                approved_by_id=user_id,
                paid_at=now,
                payment_reference=f"PAYRUN-{period}",
            )
        else:
            drafts.update(status="approved", approved_at=now, approved_by_id=user_id)


def _disputes(admin: object, finance: object, logins: list[str], months: list[dt.date]) -> None:
    """On the first demo partner: an accepted dispute two months back, an open one on last
    month's statement."""
    user = User.objects.filter(email__in=logins).order_by("pk").first()
    if user is None or user.partner_id is None:
        return
    partner_admin = actor_for_user(user)
    for first, accepted in ((months[-3], True), (months[-2], False)):
        line = (
            StatementLine.objects.filter(
                statement__partner_id=user.partner_id,
                statement__period=f"{first:%Y-%m}",
                amount__gt=0,
            )
            .order_by("-amount")
            .first()
        )
        if line is None:
            continue
        dispute = dispute_open(actor=partner_admin, line=line, comment=COMPLAINTS[line.kind])
        dispute_reply(
            actor=finance,  # type: ignore[arg-type]
            dispute=dispute,
            comment="Checking the deals against the accelerator's family now.",
        )
        if accepted:
            dispute_resolve(
                actor=finance,  # type: ignore[arg-type]
                dispute=dispute,
                accept=True,
                comment="Confirmed: one security deal was booked under the wrong family.",
                adjustment=Decimal("250.00"),
            )
