"""Portal: the partner's earnings (earned, pending, paid, next payout, what would raise them,
every statement and how it earns), and one statement with every line, where a line of an
approved statement is disputed and the dispute discussed."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from trellis.core.exceptions import DomainError
from trellis.core.forms import refuse_form
from trellis.core.policies import allows
from trellis.core.surfaces import actor_of, portal_view
from trellis.partners.selectors import partner_for_actor

from .. import selectors, services
from ..forms import CommentForm


@portal_view
def earnings_home(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    partner = partner_for_actor(actor=actor, partner_id=actor.partner_id or 0)
    outlook = selectors.earnings_outlook(actor=actor, partner_id=partner.pk)
    plan = selectors.plan_of_partner(partner_id=partner.pk)
    today = timezone.localdate()
    chart = selectors.month_bars(outlook) if outlook else []
    in_force = [
        (rule, v)
        for rule, versions in (selectors.plan_rules(program_id=plan.program_id) if plan else [])
        for v in versions
        if v.starts <= today and (v.ends is None or v.ends >= today)
    ]
    return render(
        request,
        "incentives/portal_earnings.html",
        {
            "nav": "earnings",
            "outlook": outlook,
            "chart": chart,
            "chart_width": len(chart) * 48,
            "statements": selectors.statements(actor=actor, partner_id=partner.pk)[:24],
            "rules": in_force,
        },
    )


@portal_view
def statement_detail(request: HttpRequest, statement_id: int) -> HttpResponse:
    """The statement; a POST disputes a line (``line``) or writes in a dispute (``dispute``)."""
    actor = actor_of(request)
    statement = selectors.statement_get(actor=actor, statement_id=statement_id)
    if request.method == "POST":
        form = CommentForm(request.POST)
        if not form.is_valid():
            refuse_form(request, form)
        else:
            comment = form.cleaned_data["comment"]
            try:
                if request.POST.get("dispute"):
                    dispute = selectors.dispute_get(
                        actor=actor, dispute_id=_number(request.POST["dispute"])
                    )
                    if dispute.line.statement_id != statement.pk:
                        raise DomainError(_("That dispute is on another statement."))
                    services.dispute_reply(actor=actor, dispute=dispute, comment=comment)
                    messages.success(request, _("Reply sent to finance."))
                else:
                    line = selectors.line_get(
                        actor=actor, line_id=_number(request.POST.get("line"))
                    )
                    if line.statement_id != statement.pk:
                        raise DomainError(_("That line is on another statement."))
                    services.dispute_open(actor=actor, line=line, comment=comment)
                    messages.success(request, _("Line disputed; finance answers here."))
                return redirect("portal:statement", statement.pk)
            except DomainError as exc:
                messages.error(request, exc.message)
    rows = selectors.statement_lines(statement)
    return render(
        request,
        "incentives/portal_statement.html",
        {
            "nav": "earnings",
            "statement": statement,
            "rows": rows,
            "threads": selectors.threads_of([r.dispute for r in rows if r.dispute]),
            "may_dispute": statement.status != "draft"
            and bool(rows)
            and allows(actor, "incentives.dispute", rows[0].line),
            "form": CommentForm(label_suffix=""),
            "disputable": [r for r in rows if not r.dispute or r.dispute.status != "open"],
        },
    )


def _number(raw: str | None) -> int:
    """A posted id; anything else finds nothing (404)."""
    try:
        number = int(raw or 0)
    except ValueError:
        return 0
    return number if 0 < number < 2**62 else 0
