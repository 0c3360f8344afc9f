"""Drafting earnings statements: for every partner of a plan and one month, the won deals
(converted into the plan's currency at the rate of the day each was won), the usage imported,
and clawbacks for deals reversed since they earned; the rules' versions in force; the engine's
lines written in bulk. Draft statements are computed again from scratch (safe to repeat);
approved and paid ones never change."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db import transaction

from trellis.core import events
from trellis.core.actor import Actor
from trellis.core.bulk import insert_rows
from trellis.core.money import minor_units
from trellis.core.policies import require
from trellis.core.rates import NoRate, rate_on
from trellis.deals.selectors import still_won, won_deals
from trellis.lifecycle.selectors import payouts_held
from trellis.partners.selectors import program_enrollments

from .. import policies  # noqa: F401  (registers the rules)
from ..choices import StatementStatus
from ..engine.earnings import Line, Rule, Sale, clawbacks, lines_for
from ..models import IncentivePlan, RuleVersion, Statement, StatementLine, UsageRecord

PARTNER_STATUSES = ("active", "onboarding", "suspended", "offboarding", "offboarded")


def month_of(label: str) -> tuple[dt.date, dt.date]:
    year, month = (int(x) for x in label.split("-"))
    starts = dt.date(year, month, 1)
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return starts, following - dt.timedelta(days=1)


class _Rates:
    """Units of the plan's currency per unit of another, per day, each read once."""

    def __init__(self, target: str) -> None:
        self.target, self.cache = target, {}  # type: ignore[var-annotated]

    def __call__(self, currency: str, day: dt.date) -> tuple[Decimal, dt.date] | None:
        key = (currency, day)
        if key not in self.cache:
            try:
                source, source_day = rate_on(currency, day)
                target, target_day = rate_on(self.target, day)
                self.cache[key] = (source / target, max(source_day, target_day))
            except NoRate:
                self.cache[key] = None
        return self.cache[key]


def statements_compute(*, actor: Actor, plan: IncentivePlan, period: str) -> int:
    """Draft (again) every partner's statement of ``plan`` for the month ``period``; returns
    how many statements were written."""
    require(actor, "incentives.compute", plan)
    starts, ends = month_of(period)
    since = dt.datetime.combine(starts, dt.time.min, tzinfo=dt.UTC)
    until = dt.datetime.combine(ends + dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC)
    partners = [
        p for p, _tier in program_enrollments(program_id=plan.program_id, statuses=PARTNER_STATUSES)
    ]
    versions = list(
        RuleVersion.objects.filter(rule__plan=plan, starts__lte=ends)
        .exclude(ends__lt=starts)
        .select_related("rule")
    )
    rules = [Rule(v.pk, v.number, v.rule.kind, v.params, v.starts, v.ends) for v in versions]
    frozen = set(
        Statement.objects.filter(plan=plan, period=period)
        .exclude(status=StatementStatus.DRAFT)
        .values_list("partner_id", flat=True)
    )
    wanted = [p for p in partners if p not in frozen]
    rates = _Rates(plan.currency)
    sales: list[Sale] = []
    source_money: dict[tuple[str, int], tuple[Decimal, str, Decimal, dt.date]] = {}
    for deal in won_deals(
        since=since, until=until, partner_ids=None if len(wanted) > 500 else wanted
    ):
        converted = rates(deal.currency, deal.closed_on)
        if converted is None or deal.partner_id in frozen:
            continue
        rate, day = converted
        sales.append(
            Sale(
                "deal",
                deal.deal_id,
                deal.partner_id,
                deal.closed_on,
                deal.amount * rate,
                deal.deal_type,
                deal.registered,
                deal.uplift_pct,
                deal.skus,
                deal.families,
            )
        )
        source_money[("deal", deal.deal_id)] = (deal.amount, deal.currency, rate, day)
    for pk, partner_id, amount, currency in UsageRecord.objects.filter(
        period=period, partner_id__in=wanted
    ).values_list("pk", "partner_id", "amount", "currency"):
        converted = rates(currency, ends)
        if converted is None:
            continue
        sales.append(Sale("usage", pk, partner_id, ends, amount * converted[0]))
        source_money[("usage", pk)] = (amount, currency, converted[0], converted[1])
    places = minor_units(plan.currency)
    lines = lines_for(sales, rules, places=places)
    lines += _clawbacks(plan, period, wanted)
    return _write(actor, plan, period, starts, ends, wanted, lines, source_money)


def _clawbacks(plan: IncentivePlan, period: str, partners: list[int]) -> list[Line]:
    """Deals that earned in an earlier statement and are no longer won give it back (once)."""
    earlier = list(
        StatementLine.objects.filter(statement__plan=plan, source="deal", partner_id__in=partners)
        .exclude(statement__period=period)
        .values_list(
            "partner_id", "rule_version_id", "kind", "source_id", "base", "rate", "amount", "why"
        )
    )
    if not earlier:
        return []
    keep = still_won(deal_ids=list({row[3] for row in earlier}))
    returned = {row[3] for row in earlier if row[7] == "clawback"}
    earned: dict[tuple[str, int], list[Line]] = defaultdict(list)
    for partner_id, version_id, kind, source_id, base, rate, amount, why in earlier:
        if source_id in keep or source_id in returned or why == "clawback":
            continue
        earned[("deal", source_id)].append(
            Line(partner_id, version_id, 0, kind, "deal", source_id, base, rate, amount, why)
        )
    reversed_sales = [
        Sale("deal", source_id, lines[0].partner_id, dt.date.min, Decimal(0), reversed=True)
        for (_s, source_id), lines in earned.items()
    ]
    return clawbacks(reversed_sales, earned)


def _write(
    actor: Actor,
    plan: IncentivePlan,
    period: str,
    starts: dt.date,
    ends: dt.date,
    partners: list[int],
    lines: list[Line],
    source_money: dict[tuple[str, int], tuple[Decimal, str, Decimal, dt.date]],
) -> int:
    held = {p for p in partners if payouts_held(partner_id=p)} if len(partners) < 200 else set()
    totals: dict[int, Decimal] = defaultdict(Decimal)
    for line in lines:
        totals[line.partner_id] += line.amount
    with transaction.atomic():
        # Drafts are drafted again from scratch: removing them (and their lines) and writing
        # them anew costs less than updating ten thousand totals in place.
        Statement.objects.filter(
            plan=plan, period=period, partner_id__in=partners, status=StatementStatus.DRAFT
        ).delete()
        Statement.objects.bulk_create(
            [
                Statement(
                    partner_id=p,
                    plan=plan,
                    period=period,
                    starts=starts,
                    ends=ends,
                    currency=plan.currency,
                    held=p in held,
                    total=totals.get(p, Decimal(0)),
                )
                for p in partners
            ],
            batch_size=2000,
        )
        ids = dict(
            Statement.objects.filter(plan=plan, period=period, partner_id__in=partners).values_list(
                "partner_id", "pk"
            )
        )
        _insert_lines(ids, lines, source_money, plan.currency, ends)
        events.record(
            actor,
            "statement.computed",
            plan,
            after={"period": period, "statements": len(ids), "lines": len(lines)},
        )
    return len(ids)


LINE_COLUMNS = (
    "statement_id", "partner_id", "rule_version_id", "kind", "source", "source_id", "base",
    "rate", "amount", "source_amount", "source_currency", "fx_rate", "fx_day", "why", "figures",
)  # fmt: skip


def _insert_lines(
    ids: dict[int, int],
    lines: list[Line],
    source_money: dict[tuple[str, int], tuple[Decimal, str, Decimal, dt.date]],
    currency: str,
    ends: dt.date,
) -> None:
    """Every line as plain rows through ``core.bulk`` (one COPY on PostgreSQL): measured,
    ``bulk_create`` spent most of a month's drafting building model objects."""
    cent, tiny = Decimal("0.01"), Decimal("1e-8")
    rows = []
    for line in lines:
        amount, source_currency, rate, day = source_money.get(
            (line.source, line.source_id), (line.base, currency, Decimal(1), ends)
        )
        rows.append(
            (
                ids[line.partner_id], line.partner_id, line.rule_id, line.kind, line.source,
                line.source_id, line.base.quantize(cent), line.rate, line.amount, amount,
                source_currency, rate.quantize(tiny), day, line.why, line.figures,
            )
        )  # fmt: skip
    insert_rows(StatementLine, LINE_COLUMNS, rows)
