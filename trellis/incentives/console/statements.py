"""Console: a month's earnings statements for finance (draft again, approve the month, export
the payouts, record payments) and one statement with every line."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trellis.core.exceptions import DomainError
from trellis.core.exports import csv_download
from trellis.core.forms import refuse_form
from trellis.core.policies import allows
from trellis.core.surfaces import actor_of, console_view

from .. import selectors, services
from ..choices import StatementStatus
from ..forms import PayForm

PAGE_SIZE = 50


def _period(request: HttpRequest, periods: list[str]) -> str:
    asked = request.GET.get("period") or request.POST.get("period") or ""
    if asked in periods:
        return asked
    return periods[0] if periods else f"{timezone.localdate():%Y-%m}"


@console_view
def statement_list(request: HttpRequest) -> HttpResponseBase:
    actor = actor_of(request)
    periods = selectors.statement_periods(actor=actor)
    period = _period(request, periods)
    status = request.GET.get("status", "")
    if status not in StatementStatus.values:
        status = ""
    if request.GET.get("export") == "csv":
        rows = selectors.payout_rows(actor=actor, period=period)
        columns = tuple(rows[0]) if rows else ("statement", "partner", "amount")
        return csv_download(
            columns, ([r[c] for c in columns] for r in rows), f"payouts-{period}.csv"
        )
    qs = selectors.statements(actor=actor, period=period, status=status)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    summary = selectors.period_summary(actor=actor, period=period)
    return render(
        request,
        "incentives/console_statements.html",
        {
            "nav": "earnings",
            "page": page,
            "period": period,
            "periods": periods,
            "status": status,
            "statuses": StatementStatus.choices,
            "summary": [
                (dict(StatementStatus.choices)[st], currency, n, total)
                for st, currency, n, total in summary
            ],
            "drafts": any(st == StatementStatus.DRAFT for st, *_rest in summary),
            "month_over": period < f"{timezone.localdate():%Y-%m}",
            "may_pay": allows(actor, "incentives.pay", None),
            "plans": selectors.plans(),
            "open_disputes": selectors.open_disputes_count(actor=actor),
            "missing_rates": selectors.missing_rates(period=period),
            "query": f"period={period}&status={status}",
        },
    )


@console_view
@require_POST
def statements_compute(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    period = request.POST.get("period", "")
    written = 0
    try:
        for plan in selectors.plans():
            written += services.statements_compute(actor=actor, plan=plan, period=period)
    except DomainError as exc:  # a month that is not one is refused by the service too
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Drafts of %(period)s computed again: %(n)s.") % {"period": period, "n": written},
        )
    return redirect(f"{_list_url()}?period={period}")


def _list_url() -> str:
    return reverse("console:statements")


@console_view
@require_POST
def statements_approve(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    period = request.POST.get("period", "")
    try:
        waiting = services.month_approval_request(actor=actor, period=period)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Approving %(n)s statements of %(period)s in the background; partners are told.")
            % {"n": waiting, "period": period},
        )
    return redirect(f"{_list_url()}?period={period}")


@console_view
def statement_detail(request: HttpRequest, statement_id: int) -> HttpResponse:
    actor = actor_of(request)
    statement = selectors.statement_get(actor=actor, statement_id=statement_id)
    return render(
        request,
        "incentives/console_statement.html",
        {
            "nav": "earnings",
            "statement": statement,
            "rows": selectors.statement_lines(statement),
            "may_pay": allows(actor, "incentives.pay", statement),
            "month_over": statement.ends < timezone.localdate(),
            "pay_form": PayForm(),
        },
    )


@console_view
@require_POST
def statement_decide(request: HttpRequest, statement_id: int) -> HttpResponse:
    """Approve (``approve`` posted) or record the payment (a ``reference``)."""
    actor = actor_of(request)
    statement = selectors.statement_get(actor=actor, statement_id=statement_id)
    try:
        if "approve" in request.POST:
            services.statement_approve(actor=actor, statement=statement)
            messages.success(request, _("Statement approved; the partner is told."))
        else:
            form = PayForm(request.POST)
            if not form.is_valid():
                refuse_form(request, form)
                return redirect("console:statement", statement.pk)
            services.statement_pay(
                actor=actor, statement=statement, reference=form.cleaned_data["reference"]
            )
            messages.success(request, _("Payment recorded."))
    except DomainError as exc:
        messages.error(request, exc.message)
    if request.POST.get("back") == "list":  # paid from the month's list: back to it
        return redirect(f"{_list_url()}?period={statement.period}")
    return redirect("console:statement", statement.pk)
