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
from django.utils.translation import gettext as _

from trellis.core import events
from trellis.core.actor import Actor
from trellis.core.bulk import insert_rows, update_rows
from trellis.core.exceptions import InvalidInput
from trellis.core.fields import dumps_json
from trellis.core.money import minor_units
from trellis.core.policies import require
from trellis.deals.selectors import deals_reversed
from trellis.lifecycle.selectors import partners_with_payouts_held
from trellis.partners.selectors import program_enrollments

from .. import policies  # noqa: F401  (registers the rules)
from ..choices import DisputeStatus, StatementStatus
from ..engine.earnings import ZERO, Line, Sale, clawbacks, lines_for
from ..models import Dispute, DraftRun, IncentivePlan, Statement, StatementLine
from ..month import (
    PARTNER_STATUSES,
    Rates,
    SourceMoney,
    month_of,
    month_sales,
    rules_in_force,
)


def statements_compute(*, actor: Actor, plan: IncentivePlan, period: str) -> int:
    """Draft (again) every partner's statement of ``plan`` for the month ``period``; returns
    how many statements were written (partners that earned nothing get none)."""
    require(actor, "incentives.compute", plan)
    try:
        starts, ends = month_of(period)
    except ValueError:
        raise InvalidInput(_("Give the month as YYYY-MM."), field="period") from None
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
    rates = Rates(plan.currency)
    sales, money_of = month_sales(plan, period, starts, ends, since, until, wanted, only, rates)
    lines = lines_for(sales, rules_in_force(plan, starts, ends), places=minor_units(plan.currency))
    reversed_ids = deals_reversed(
        program_id=plan.program_id, since=since, until=until, partner_ids=only
    )
    lines += _clawbacks(plan, period, reversed_ids, wanted, lines)
    lines += _adjustments(since, until, wanted)
    written = _write(actor, plan, period, (starts, ends), wanted, lines, money_of)
    missing = [
        {"currency": c, "from": day.isoformat(), "sales": n}
        for c, (day, n) in sorted(rates.missing.items())
    ]
    DraftRun.objects.update_or_create(
        plan=plan,
        period=period,
        defaults={
            "computed_at": timezone.now(),
            "statements": written,
            "lines": len(lines),
            "missing_rates": missing,
        },
    )
    return written


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
        "statement__partner_id",
        "rule_version_id",
        "kind",
        "source_id",
        "base",
        "rate",
        "amount",
        "why",
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
    "partner_id",
    "plan_id",
    "period",
    "starts",
    "ends",
    "currency",
    "status",
    "total",
    "held",
    "computed_at",
    "payment_reference",
)


def _write(
    actor: Actor,
    plan: IncentivePlan,
    period: str,
    month: tuple[dt.date, dt.date],
    partners: set[int],
    lines: list[Line],
    money_of: SourceMoney,
) -> int:
    """Replace the drafts of ``partners`` with the new ones: a statement for each partner with
    a line (a month without earnings has none), then every line. A draft keeps its id (and its
    address) from one drafting to the next."""
    held = partners_with_payouts_held()
    now = timezone.now()
    with transaction.atomic():
        # One drafting of a plan at a time (the nightly job and "draft again now"), and the
        # month's drafts held while they are replaced: an approval waits for the new lines.
        IncentivePlan.objects.select_for_update().filter(pk=plan.pk).first()
        month_drafts = (
            Statement.objects.select_for_update()
            .filter(plan=plan, period=period, status=StatementStatus.DRAFT)
            .values_list("partner_id", "pk")
        )
        # The month's drafts are read whole and kept for ``partners`` (ten thousand ids in the
        # query cost more than reading the few thousand drafts).
        drafts = {p: pk for p, pk in month_drafts if p in partners}
        # A statement approved since the sales were read keeps what it has.
        frozen = set(
            Statement.objects.filter(plan=plan, period=period)
            .exclude(status=StatementStatus.DRAFT)
            .values_list("partner_id", flat=True)
        )
        lines = [line for line in lines if line.partner_id not in frozen]
        totals: dict[int, Decimal] = defaultdict(Decimal)
        for line in lines:
            totals[line.partner_id] += line.amount
        _drop_lines(list(drafts.values()))
        _drop_statements([pk for p, pk in drafts.items() if p not in totals])
        update_rows(
            Statement,
            ("total", "held", "computed_at"),
            [(drafts[p], total, p in held, now) for p, total in totals.items() if p in drafts],
        )
        insert_rows(
            Statement,
            STATEMENT_COLUMNS,
            [
                (p, plan.pk, period, *month, plan.currency, "draft", total, p in held, now, "")
                for p, total in sorted(totals.items())
                if p not in drafts
            ],
        )
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
            after={"period": period, "statements": len(totals), "lines": len(lines)},
        )
    return len(totals)


def _drop_lines(statement_ids: list[int]) -> None:
    """Delete the lines of draft statements, a thousand statements at a time. Measured:
    Django's cascading delete loads every line first (it checks the disputes that protect
    them; a draft's lines have none, as only approved statements can be disputed), which took
    longer than drafting the month."""
    _delete(StatementLine, "statement_id", statement_ids)


def _drop_statements(statement_ids: list[int]) -> None:
    """Delete drafts left without a line (their lines are gone already)."""
    _delete(Statement, "id", statement_ids)


def _delete(model: type[Statement] | type[StatementLine], column: str, ids: list[int]) -> None:
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        for at in range(0, len(ids), 1000):
            chunk = ids[at : at + 1000]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"DELETE FROM {table} WHERE {column} IN ({marks})", chunk)  # noqa: S608


LINE_COLUMNS = (
    "statement_id",
    "rule_version_id",
    "kind",
    "source",
    "source_id",
    "base",
    "rate",
    "amount",
    "source_amount",
    "source_currency",
    "fx_rate",
    "fx_day",
    "why",
    "figures",
)


def _insert_lines(
    ids: dict[int, int],
    lines: list[Line],
    source_money: SourceMoney,
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
                ids[line.partner_id],
                line.rule_id,
                line.kind,
                line.source,
                line.source_id,
                line.base.quantize(cent),
                line.rate,
                line.amount,
                amount,
                source_currency,
                rate,
                day,
                line.why,
                figures,
            )
        )
    insert_rows(StatementLine, LINE_COLUMNS, rows, ready=True)  # figures are text already
