"""Drafting earnings statements: for every partner of a plan and one month, the won deals
(converted into the plan's currency at the rate of the day each was won), the usage imported,
and clawbacks for deals reversed since they earned; the rules' versions in force; the engine's
lines written in bulk. Draft statements are computed again from scratch (safe to repeat);
approved and paid ones never change."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from trellis.core import events
from trellis.core.actor import Actor
from trellis.core.bulk import insert_rows
from trellis.core.fields import dumps_json
from trellis.core.money import minor_units
from trellis.core.policies import require
from trellis.core.rates import NoRate, rate_on
from trellis.deals.selectors import deals_reversed, won_deals
from trellis.lifecycle.selectors import partners_with_payouts_held
from trellis.partners.selectors import program_enrollments

from .. import policies  # noqa: F401  (registers the rules)
from ..choices import DisputeStatus, SaleKind, StatementStatus
from ..engine.earnings import ZERO, Line, Rule, Sale, clawbacks, lines_for
from ..models import Dispute, IncentivePlan, ReportedSale, RuleVersion, Statement, StatementLine

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
                rate = (source / target).quantize(Decimal("1e-8"))
                self.cache[key] = (rate, max(source_day, target_day))
            except NoRate:
                self.cache[key] = None
        return self.cache[key]


def statements_compute(*, actor: Actor, plan: IncentivePlan, period: str) -> int:
    """Draft (again) every partner's statement of ``plan`` for the month ``period``; returns
    how many statements were written (partners that earned nothing get none)."""
    require(actor, "incentives.compute", plan)
    starts, ends = month_of(period)
    since = dt.datetime.combine(starts, dt.time.min, tzinfo=dt.UTC)
    until = dt.datetime.combine(ends + dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC)
    enrolled = {
        p for p, _tier in program_enrollments(program_id=plan.program_id, statuses=PARTNER_STATUSES)
    }
    frozen = set(
        Statement.objects.filter(plan=plan, period=period)
        .exclude(status=StatementStatus.DRAFT)
        .values_list("partner_id", flat=True)
    )
    wanted = enrolled - frozen
    # Few partners (one partner's draft): ask for theirs; many: read the month and keep theirs.
    only = sorted(wanted) if len(wanted) <= 500 else None
    sales, money_of = _sales(plan, period, starts, ends, since, until, wanted, only)
    lines = lines_for(sales, _rules(plan, starts, ends), places=minor_units(plan.currency))
    reversed_ids = deals_reversed(since=since, until=until, partner_ids=only)
    lines += _clawbacks(plan, period, reversed_ids, wanted, lines)
    lines += _adjustments(since, until, wanted)
    return _write(actor, plan, period, (starts, ends), wanted, lines, money_of)


def _rules(plan: IncentivePlan, starts: dt.date, ends: dt.date) -> list[Rule]:
    """The plan's rule versions in force at some time in the month."""
    versions = (
        RuleVersion.objects.filter(rule__plan=plan, starts__lte=ends)
        .exclude(ends__lt=starts)
        .select_related("rule")
    )
    return [Rule(v.pk, v.number, v.rule.kind, v.params, v.starts, v.ends) for v in versions]


Money = dict[tuple[str, int], tuple[Decimal, str, Decimal, dt.date]]


def _sales(
    plan: IncentivePlan,
    period: str,
    starts: dt.date,
    ends: dt.date,
    since: dt.datetime,
    until: dt.datetime,
    wanted: set[int],
    only: list[int] | None,
) -> tuple[list[Sale], Money]:
    """The month's sales in the plan's currency, and for each its own amount, currency and
    the exchange rate used with its date."""
    rates = _Rates(plan.currency)
    sales: list[Sale] = []
    money_of: Money = {}
    for deal in won_deals(since=since, until=until, partner_ids=only):
        converted = rates(deal.currency, deal.closed_on)
        if converted is None or deal.partner_id not in wanted:
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
        money_of[("deal", deal.deal_id)] = (deal.amount, deal.currency, rate, day)
    reported = ReportedSale.objects.filter(period=period)
    if only is not None:
        reported = reported.filter(partner_id__in=only)
    for pk, kind, partner_id, day, amount, currency in reported.values_list(
        "pk", "kind", "partner_id", "sold_on", "amount", "currency"
    ):
        # Usage is billed for the month: converted at its end; a marketplace sale on its day.
        on = ends if kind == SaleKind.USAGE else day
        converted = rates(currency, on)
        if converted is None or partner_id not in wanted:
            continue
        sales.append(Sale(kind, pk, partner_id, max(min(day, ends), starts), amount * converted[0]))
        money_of[(kind, pk)] = (amount, currency, converted[0], converted[1])
    return sales, money_of


def _clawbacks(
    plan: IncentivePlan,
    period: str,
    reversed_deals: dict[int, tuple[int, dt.date]],
    wanted: set[int],
    drafted: list[Line],
) -> list[Line]:
    """Deals reversed this month give back exactly what they earned: the lines of the month
    each was won (stored, or drafted in this run when won this month too), negative, under
    the same rule versions. Other deals of that month keep their rebate rate."""
    reversed_ids = {d: pw for d, pw in reversed_deals.items() if pw[0] in wanted}
    if not reversed_ids:
        return []
    earned: dict[tuple[str, int], list[Line]] = defaultdict(list)
    for line in drafted:
        if line.source == "deal" and line.source_id in reversed_ids:
            earned[("deal", line.source_id)].append(line)
    # Earlier months' lines are found through their statements (partner and month won).
    months = {f"{won:%Y-%m}" for _p, won in reversed_ids.values()} - {period}
    stored = StatementLine.objects.filter(
        statement__plan=plan,
        statement__period__in=sorted(months),
        statement__partner_id__in=sorted({p for p, _w in reversed_ids.values()}),
        source="deal",
        source_id__in=sorted(reversed_ids),
    ).exclude(why="clawback")
    for partner_id, version_id, kind, source_id, base, rate, amount, why in stored.values_list(
        "partner_id", "rule_version_id", "kind", "source_id", "base", "rate", "amount", "why"
    ):
        earned[("deal", source_id)].append(
            Line(partner_id, version_id, 0, kind, "deal", source_id, base, rate, amount, why)
        )
    undone = [
        Sale("deal", deal_id, partner_id, dt.date.min, ZERO, reversed=True)
        for deal_id, (partner_id, _won) in reversed_ids.items()
    ]
    return clawbacks(undone, earned)


def _adjustments(since: dt.datetime, until: dt.datetime, wanted: set[int]) -> list[Line]:
    """Disputes accepted this month with a correction: a line each, naming the dispute and
    the disputed line's rule version."""
    accepted = Dispute.objects.filter(
        status=DisputeStatus.ACCEPTED,
        resolved_at__gte=since,
        resolved_at__lt=until,
        adjustment__isnull=False,
    ).exclude(adjustment=0)
    return [
        Line(partner_id, version_id, 0, kind, "dispute", pk, ZERO, ZERO, adjustment, "adjustment")
        for pk, partner_id, version_id, kind, adjustment in accepted.values_list(
            "pk", "partner_id", "line__rule_version_id", "line__kind", "adjustment"
        )
        if partner_id in wanted
    ]


STATEMENT_COLUMNS = (
    "partner_id", "plan_id", "period", "starts", "ends", "currency", "status", "total", "held",
    "computed_at", "payment_reference",
)  # fmt: skip


def _write(
    actor: Actor,
    plan: IncentivePlan,
    period: str,
    month: tuple[dt.date, dt.date],
    partners: set[int],
    lines: list[Line],
    money_of: Money,
) -> int:
    """Replace the drafts of ``partners`` with the new ones: a statement for each partner with
    a line (a month without earnings has none), then every line."""
    held = partners_with_payouts_held()
    totals: dict[int, Decimal] = defaultdict(Decimal)
    for line in lines:
        totals[line.partner_id] += line.amount
    now = timezone.now()
    with transaction.atomic():
        drafts = Statement.objects.filter(
            plan=plan, period=period, partner_id__in=sorted(partners), status=StatementStatus.DRAFT
        )
        _drop(list(drafts.values_list("pk", flat=True)))
        rows = [
            (p, plan.pk, period, *month, plan.currency, "draft", total, p in held, now, "")
            for p, total in sorted(totals.items())
        ]
        insert_rows(Statement, STATEMENT_COLUMNS, rows)
        ids = dict(
            Statement.objects.filter(
                plan=plan, period=period, status=StatementStatus.DRAFT
            ).values_list("partner_id", "pk")
        )
        _insert_lines(ids, lines, money_of, plan.currency, month[1])
        events.record(
            actor,
            "statement.computed",
            plan,
            after={"period": period, "statements": len(rows), "lines": len(lines)},
        )
    return len(rows)


def _drop(statement_ids: list[int]) -> None:
    """Delete draft statements and their lines in two statements per thousand. Measured:
    Django's cascading delete loads every line first (it checks the disputes that protect
    them; a draft's lines have none, as only issued statements can be disputed), which took
    longer than drafting the month."""
    table = connection.ops.quote_name(Statement._meta.db_table)
    lines = connection.ops.quote_name(StatementLine._meta.db_table)
    with connection.cursor() as cursor:
        for at in range(0, len(statement_ids), 1000):
            chunk = statement_ids[at : at + 1000]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"DELETE FROM {lines} WHERE statement_id IN ({marks})", chunk)  # noqa: S608
            cursor.execute(f"DELETE FROM {table} WHERE id IN ({marks})", chunk)  # noqa: S608


LINE_COLUMNS = (
    "statement_id", "partner_id", "rule_version_id", "kind", "source", "source_id", "base",
    "rate", "amount", "source_amount", "source_currency", "fx_rate", "fx_day", "why", "figures",
)  # fmt: skip


def _insert_lines(
    ids: dict[int, int],
    lines: list[Line],
    source_money: Money,
    currency: str,
    ends: dt.date,
) -> None:
    """Every line as plain rows through ``core.bulk`` (one COPY on PostgreSQL): measured,
    ``bulk_create`` spent most of a month's drafting building model objects."""
    cent = Decimal("0.01")
    plain = (Decimal(1), ends)
    rows = []
    for line in lines:
        amount, source_currency, rate, day = source_money.get(
            (line.source, line.source_id), (line.base, currency, *plain)
        )
        figures = dumps_json(line.figures) if line.figures else "{}"
        rows.append(
            (
                ids[line.partner_id], line.partner_id, line.rule_id, line.kind, line.source,
                line.source_id, line.base.quantize(cent), line.rate, line.amount, amount,
                source_currency, rate, day, line.why, figures,
            )
        )  # fmt: skip
    insert_rows(StatementLine, LINE_COLUMNS, rows)
