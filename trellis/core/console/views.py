"""Console: the audit log, filterable by partner, actor, verb and date."""

from __future__ import annotations

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from trellis.core import selectors
from trellis.core.surfaces import actor_of, console_view


class AuditFilterForm(forms.Form):
    partner = forms.IntegerField(label=_("Partner id"), required=False, min_value=1)
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
