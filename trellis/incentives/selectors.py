"""Reads about earnings: statements and their lines with what each line came from, disputes
with their threads, the payout list for finance, and a partner's earnings outlook (earned,
pending, paid, next payout, and what would raise it). A partner sees only its own."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from trellis.core.actor import Actor
from trellis.core.exceptions import NotFound
from trellis.deals.selectors import deal_briefs, opportunity_briefs

from .choices import DisputeStatus, StatementStatus
from .engine.earnings import Nudge, Rule, nudges
from .models import (
    Dispute,
    DisputeMessage,
    DraftRun,
    IncentivePlan,
    IncentiveRule,
    ReportedSale,
    RuleVersion,
    Statement,
    StatementLine,
)
from .month import month_of, month_sales, rules_in_force


def statements(
    *,
    actor: Actor,
    period: str = "",
    status: str = "",
    partner_id: int | None = None,
    held: bool | None = None,
) -> QuerySet[Statement]:
    qs = Statement.objects.visible_to(actor).select_related("partner", "plan__program")
    if period:
        qs = qs.filter(period=period)
    if status:
        qs = qs.filter(status=status)
    if partner_id is not None:
        qs = qs.filter(partner_id=partner_id)
    if held is not None:
        qs = qs.filter(held=held)
    return qs.annotate(
        open_disputes=Count("lines__disputes", filter=Q(lines__disputes__status="open"))
    ).order_by("-starts", "partner__name", "pk")


def statement_get(*, actor: Actor, statement_id: int) -> Statement:
    found = (
        Statement.objects.visible_to(actor)
        .select_related("partner", "plan__program", "approved_by")
        .filter(pk=statement_id)
        .first()
    )
    if found is None:
        raise NotFound()
    return found


@dataclass
class LineRow:
    """A line with the words for its source and rule, and its dispute, if any."""

    line: StatementLine
    rule_name: str
    version: int
    source_label: str
    source_detail: str
    reversed: bool = False  # a deal reversed since it was won
    dispute: Dispute | None = None


def statement_lines(statement: Statement) -> list[LineRow]:
    """Every line of ``statement`` with what it came from, in four statements whatever its
    size: the lines with their rule versions, the disputes, the deals, the imported sales."""
    lines = list(
        StatementLine.objects.filter(statement=statement)
        .select_related("statement", "rule_version__rule")
        .order_by("kind", "source", "source_id", "pk")
    )
    disputes: dict[int, Dispute] = {}
    for d in Dispute.objects.filter(line__statement=statement).order_by("opened_at"):
        disputes[d.line_id] = d  # the latest dispute of a line is the one shown
    deals = deal_briefs(deal_ids=[x.source_id for x in lines if x.source == "deal"])
    ours = opportunity_briefs(
        opportunity_ids=[x.source_id for x in lines if x.source == "opportunity"]
    )
    reported = {
        s.pk: s
        for s in ReportedSale.objects.filter(
            pk__in=[x.source_id for x in lines if x.source in ("usage", "marketplace")]
        )
    }
    rows = []
    for x in lines:
        label, detail = _source_words(x, deals, reported)
        if x.source == "opportunity":
            detail = ours.get(x.source_id, detail)
        undone = x.source == "deal" and deals.get(x.source_id, ("",) * 4)[3] == "reversed"
        rows.append(
            LineRow(
                x,
                x.rule_version.rule.name,
                x.rule_version.number,
                label,
                detail,
                undone,
                disputes.get(x.pk),
            )
        )
    return rows


def _source_words(
    line: StatementLine,
    deals: dict[int, tuple[str, Decimal, str, str]],
    reported: dict[int, ReportedSale],
) -> tuple[str, str]:
    """(what, which): "deal", "Acme GmbH"; the words are put in the template's language."""
    if line.source == "deal" and line.source_id in deals:
        return "deal", deals[line.source_id][0]
    if line.source in ("usage", "marketplace") and line.source_id in reported:
        sale = reported[line.source_id]
        return line.source, f"{sale.customer_name} · {sale.reference}"
    return line.source, f"#{line.source_id}"


def line_get(*, actor: Actor, line_id: int) -> StatementLine:
    found = (
        StatementLine.objects.visible_to(actor)
        .select_related("statement__partner", "rule_version__rule")
        .filter(pk=line_id)
        .first()
    )
    if found is None:
        raise NotFound()
    return found


def disputes(*, actor: Actor, status: str = "", partner_id: int | None = None) -> QuerySet[Dispute]:
    qs = Dispute.objects.visible_to(actor).select_related(
        "partner", "line__statement", "line__rule_version__rule", "opened_by"
    )
    if status:
        qs = qs.filter(status=status)
    if partner_id is not None:
        qs = qs.filter(partner_id=partner_id)
    return qs.order_by("-opened_at", "-pk")


def dispute_get(*, actor: Actor, dispute_id: int) -> Dispute:
    found = (
        Dispute.objects.visible_to(actor)
        .select_related("partner", "line__statement", "line__rule_version__rule", "resolved_by")
        .prefetch_related(
            Prefetch("messages", queryset=DisputeMessage.objects.select_related("author"))
        )
        .filter(pk=dispute_id)
        .first()
    )
    if found is None:
        raise NotFound()
    return found


def payout_rows(*, actor: Actor, period: str = "") -> list[dict[str, Any]]:
    """Approved statements to pay (held partners left out: they are paid with their final
    statement), as finance's export reads them."""
    qs = statements(actor=actor, period=period, status=StatementStatus.APPROVED, held=False)
    return [
        {
            "statement": s.pk,
            "partner_id": s.partner_id,
            "partner": s.partner.name,
            "period": s.period,
            "currency": s.currency,
            "amount": f"{s.total:f}",
            "approved_at": s.approved_at.isoformat() if s.approved_at else "",
            "open_disputes": getattr(s, "open_disputes", 0),
        }
        for s in qs
        if s.total > 0
    ]


def plan_rules(*, program_id: int) -> list[tuple[IncentiveRule, list[RuleVersion]]]:
    """The program's rules, each with its versions, newest first."""
    rules = IncentiveRule.objects.filter(plan__program_id=program_id).prefetch_related(
        Prefetch("versions", queryset=RuleVersion.objects.order_by("-number"))
    )
    return [(r, list(r.versions.all())) for r in rules.order_by("name")]


def plans() -> list[IncentivePlan]:
    return list(IncentivePlan.objects.select_related("program").order_by("program__name"))


@dataclass
class Outlook:
    """A partner's earnings at a glance, in the plan's currency."""

    currency: str
    earned: Decimal  # approved or paid, this year
    pending: Decimal  # drafts: this month and any month not yet approved
    paid: Decimal  # this year
    next_payout: Decimal  # approved, not yet paid
    held: bool
    months: list[tuple[str, Decimal, str]] = field(default_factory=list)  # period, total, status
    nudges: list[Nudge] = field(default_factory=list)


def earnings_outlook(
    *, actor: Actor, partner_id: int, today: dt.date | None = None
) -> Outlook | None:
    """The partner's outlook in its first program's plan (None: no plan covers it)."""
    today = today or timezone.localdate()
    qs = Statement.objects.visible_to(actor).filter(partner_id=partner_id)
    plan = (
        IncentivePlan.objects.filter(program__enrollments__partner_id=partner_id)
        .select_related("program")
        .order_by("pk")
        .first()
    )
    if plan is None:
        return None
    mine = qs.filter(plan=plan)
    year = mine.filter(starts__year=today.year)
    totals = defaultdict(Decimal)
    for status, total in year.values_list("status").annotate(total=Sum("total")):
        totals[status] = total or Decimal(0)
    pending = mine.filter(status=StatementStatus.DRAFT).aggregate(t=Sum("total"))["t"]
    next_payout = mine.filter(status=StatementStatus.APPROVED).aggregate(t=Sum("total"))["t"]
    months = list(mine.order_by("-starts").values_list("period", "total", "status")[:12])
    return Outlook(
        currency=plan.currency,
        earned=totals["approved"] + totals["paid"],
        pending=pending or Decimal(0),
        paid=totals["paid"],
        next_payout=next_payout or Decimal(0),
        held=mine.filter(held=True).exists(),
        months=months[::-1],
        nudges=_nudges(plan, partner_id, today),
    )


def _nudges(plan: IncentivePlan, partner_id: int, today: dt.date) -> list[Nudge]:
    """What would raise this month's earnings, from this month's sales so far."""
    starts, ends = month_of(f"{today:%Y-%m}")
    since = dt.datetime.combine(starts, dt.time.min, tzinfo=dt.UTC)
    until = dt.datetime.combine(ends + dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC)
    sales, _money = month_sales(
        plan, f"{today:%Y-%m}", starts, ends, since, until, {partner_id}, [partner_id]
    )
    rules: list[Rule] = rules_in_force(plan, starts, ends)
    return nudges(sales, rules, today)[:3]


def open_disputes_count(*, actor: Actor) -> int:
    return Dispute.objects.visible_to(actor).filter(status=DisputeStatus.OPEN).count()


def plan_of(*, program_id: int) -> IncentivePlan | None:
    return IncentivePlan.objects.filter(program_id=program_id).select_related("program").first()


def rule_get(*, rule_id: int) -> IncentiveRule:
    found = IncentiveRule.objects.select_related("plan").filter(pk=rule_id).first()
    if found is None:
        raise NotFound()
    return found


def statement_periods(*, actor: Actor) -> list[str]:
    """Months with statements, newest first."""
    return list(
        Statement.objects.visible_to(actor)
        .order_by("-period")
        .values_list("period", flat=True)
        .distinct()
    )


def period_summary(*, actor: Actor, period: str) -> list[tuple[str, str, int, Decimal]]:
    """Per status and currency: how many statements of the month and their total."""
    rows = (
        Statement.objects.visible_to(actor)
        .filter(period=period)
        .values_list("status", "currency")
        .annotate(n=Count("pk"), total=Sum("total"))
        .order_by("status", "currency")
    )
    return [(status, currency, n, total or Decimal(0)) for status, currency, n, total in rows]


def plan_of_partner(*, partner_id: int) -> IncentivePlan | None:
    """The plan of the first program the partner is in that has one."""
    return (
        IncentivePlan.objects.filter(program__enrollments__partner_id=partner_id)
        .select_related("program")
        .order_by("pk")
        .first()
    )


def threads_of(found: list[Dispute]) -> dict[int, list[DisputeMessage]]:
    """Each dispute's messages, oldest first, in one statement."""
    out: dict[int, list[DisputeMessage]] = defaultdict(list)
    for m in DisputeMessage.objects.filter(dispute__in=found).select_related("author"):
        out[m.dispute_id].append(m)
    return dict(out)


@dataclass(frozen=True)
class Bar:
    period: str
    total: Decimal
    status: str
    x: int
    y: int
    height: int


def month_bars(outlook: Outlook, *, height: int = 120, width: int = 48) -> list[Bar]:
    """The last months' totals as bars of an SVG chart drawn by the template (no JavaScript);
    a net clawback month draws no bar."""
    top = max((t for _p, t, _s in outlook.months), default=Decimal(0))
    bars = []
    for i, (period, total, status) in enumerate(outlook.months):
        h = int(height * total / top) if top > 0 and total > 0 else 0
        bars.append(Bar(period, total, status, i * width, height - h, h))
    return bars


def missing_rates(*, period: str) -> list[tuple[str, str, str, int]]:
    """Sales left out of the month's drafts for want of an exchange rate: (program, currency,
    from which day, how many), from each plan's latest drafting."""
    return [
        (run.plan.program.name, m["currency"], m["from"], m["sales"])
        for run in DraftRun.objects.filter(period=period).select_related("plan__program")
        for m in run.missing_rates
    ]
