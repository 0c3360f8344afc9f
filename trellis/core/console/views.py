"""Console: the home with the work waiting, the audit log (filterable by partner, actor, verb
and date) and exchange rates."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from trellis.core import rates, selectors, uploads
from trellis.core.exceptions import DomainError
from trellis.core.money import currency_name
from trellis.core.pending import pending_work
from trellis.core.policies import allows
from trellis.core.surfaces import actor_of, console_view

from ..forms import Form, IdField


@console_view
def home(request: HttpRequest) -> HttpResponse:
    """What waits for this person: decisions past their deadline first, then by deadline."""
    actor = actor_of(request)
    context = {"nav": "home", "pending": pending_work(actor, "console")}
    return render(request, "core/console_home.html", context)


@console_view
def settings_hub(request: HttpRequest) -> HttpResponse:
    """Where the vendor's configuration lives, one screen per subject."""
    return render(request, "core/console_settings.html", {"nav": "settings"})


class AuditFilterForm(Form):
    partner = IdField(label=_("Partner id"), required=False)
    actor = forms.CharField(label=_("Actor"), required=False, max_length=254)
    verb = forms.CharField(label=_("Event"), required=False, max_length=64)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


@console_view
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None, label_suffix="")
    data = form.cleaned_data if form.is_valid() else {}
    filters = selectors.AuditFilters(
        partner_id=data.get("partner"),
        actor=data.get("actor") or "",
        verb=data.get("verb") or "",
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
    )
    events = selectors.audit_events(actor=actor_of(request), filters=filters)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "nav": "audit",
        "verbs": selectors.known_verbs(),
    }
    template = "core/audit_log.html#results" if request.htmx else "core/audit_log.html"  # type: ignore[attr-defined]
    return render(request, template, context)


class RatesUploadForm(Form):
    file = forms.FileField(
        label=_("CSV file"), help_text=_("Columns: currency, usd_per_unit, effective_on")
    )


@console_view
def exchange_rates(request: HttpRequest) -> HttpResponse:
    """The rates in force today, and finance's CSV import of new ones."""
    actor = actor_of(request)
    form = RatesUploadForm(request.POST or None, request.FILES or None, label_suffix="")
    if request.method == "POST" and form.is_valid():
        try:
            raw = form.cleaned_data["file"].read(uploads.MAX_BYTES + 1)
            written = rates.rates_import(actor=actor, rows=rates.rows_from_csv(raw))
        except DomainError as exc:
            form.add_error("file", exc.message)
        else:
            messages.success(
                request, _("%(n)s exchange rates imported or changed.") % {"n": written}
            )
            return redirect("console:exchange_rates")
    context = {
        "form": form,
        "rates": [
            (currency, currency_name(currency), rate.normalize(), since)
            for currency, rate, since in rates.current_rates()
        ],
        "may_import": allows(actor, "core.manage_rates"),
        "nav": "rates",
    }
    return render(request, "core/exchange_rates.html", context)
