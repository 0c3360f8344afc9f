"""Console: the funds (budgets and partners' funds) with their balances, one fund's ledger,
allocating money, and transfers between budgets waiting for a second person's approval."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from trellis.core.exceptions import DomainError
from trellis.core.forms import set_choices
from trellis.core.places import REGION_OF
from trellis.core.policies import allows
from trellis.core.surfaces import actor_of, console_view, form_error, read_only
from trellis.partners.selectors import listed_partners_serving, program_choices, tiers

from .. import selectors, services
from ..forms import AllocateForm, DecideTransferForm, FundForm, TransferForm

PAGE_SIZE = 50


def _fund_form(data: Any = None) -> FundForm:
    form = FundForm(data, label_suffix="")
    set_choices(form.fields["program"], [("", _("Every program")), *program_choices()])
    set_choices(
        form.fields["tier"],
        [("", _("Every tier")), *((t.pk, f"{t.program.name} · {t.name}") for t in tiers())],
    )
    return form


@console_view
def fund_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    may = allows(actor, "funds.manage", None)
    form = _fund_form(request.POST if request.method == "POST" else None)
    if not may:
        read_only(form)
    elif request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            fund = services.fund_create(
                actor=actor,
                data=services.FundInput(
                    name=d["name"],
                    currency=d["currency"],
                    amount=d["amount"],
                    period=d["period"],
                    kind=d["kind"],
                    program_id=d["program"],
                    region=d["region"],
                    tier_id=d["tier"],
                ),
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("%(name)s is set up.") % {"name": fund.name})
            return redirect("console:fund", fund.pk)
    period = request.GET.get("period", "")[:12]
    show = request.GET.get("show", "budgets")
    rows = selectors.funds_overview(
        actor=actor, period=period, budgets_only=show == "budgets", include_closed=show == "all"
    )
    return render(
        request,
        "funds/console_funds.html",
        {
            "nav": "funds",
            "rows": rows,
            "form": form,
            "may": may,
            "period": period,
            "periods": selectors.period_labels(),
            "show": show,
            "transfers": selectors.transfers_waiting(actor=actor),
            "queue": selectors.queue_counts(actor=actor),
        },
        status=400 if request.method == "POST" else 200,
    )


@console_view
def fund_detail(request: HttpRequest, fund_id: int) -> HttpResponse:
    actor = actor_of(request)
    row = selectors.fund_row(actor=actor, fund_id=fund_id)
    fund = row.fund
    may = allows(actor, "funds.manage", fund)
    allocate = AllocateForm(request.POST if "allocate" in request.POST else None, label_suffix="")
    move = TransferForm(request.POST if "transfer" in request.POST else None, label_suffix="")
    partners = (
        listed_partners_serving(countries=_countries_of(fund), limit=500)
        if fund.partner_id is None
        else []
    )
    set_choices(allocate.fields["partner"], [("", _("This fund (new money)")), *partners])
    budgets = [
        (r.fund.pk, f"{r.fund.name} · {r.fund.period}")
        for r in selectors.funds_overview(actor=actor, budgets_only=True)
        if r.fund.pk != fund.pk and r.fund.currency == fund.currency
    ]
    set_choices(move.fields["target"], budgets)
    if not may:
        read_only(allocate, move)
    elif request.method == "POST" and allocate.is_bound and allocate.is_valid():
        d = allocate.cleaned_data
        try:
            target = services.fund_allocate(
                actor=actor, fund=fund, amount=d["amount"], partner_id=d["partner"], note=d["note"]
            )
        except DomainError as exc:
            form_error(allocate, exc)
        else:
            messages.success(request, _("Allocated to %(fund)s.") % {"fund": target.name})
            return redirect("console:fund", fund.pk)
    elif request.method == "POST" and move.is_bound and move.is_valid():
        d = move.cleaned_data
        try:
            target_fund = selectors.fund_get(actor=actor, fund_id=d["target"])
            services.transfer_request(
                actor=actor, source=fund, target=target_fund, amount=d["amount"], reason=d["reason"]
            )
        except DomainError as exc:
            form_error(move, exc)
        else:
            messages.success(request, _("Transfer requested; finance approves it."))
            return redirect("console:fund", fund.pk)
    ledger = Paginator(selectors.fund_ledger(actor=actor, fund=fund), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "funds/console_fund.html",
        {
            "nav": "funds",
            "row": row,
            "fund": fund,
            "may": may,
            "allocate": allocate,
            "move": move,
            "ledger": ledger,
            "children": selectors.fund_rows(list(fund.children.all()[:200])),
            "requests": selectors.mdf_requests(actor=actor, fund_id=fund.pk)[:50],
            "transfers": selectors.transfers_of(actor=actor, fund=fund)[:20],
        },
        status=400 if request.method == "POST" else 200,
    )


def _countries_of(fund: Any) -> list[str]:
    """The countries whose partners a budget may be allocated to (its region's, or all)."""
    return [c for c, region in REGION_OF.items() if not fund.region or region == fund.region]


@console_view
def transfer_decide(request: HttpRequest, transfer_id: int) -> HttpResponse:
    actor = actor_of(request)
    transfer = selectors.transfer_get(actor=actor, transfer_id=transfer_id)
    form = DecideTransferForm(request.POST or None, label_suffix="")
    if request.method == "POST" and form.is_valid():
        try:
            services.transfer_decide(
                actor=actor,
                transfer=transfer,
                approve="approve" in request.POST,
                note=form.cleaned_data["note"],
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Transfer decided."))
    return redirect(request.POST.get("next") or "console:fund_list")
