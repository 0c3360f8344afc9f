"""Console: prospect lists (predictive recruitment): upload candidate companies, see them
ranked by fit with the reasons, export the ranking."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from trellis.core.exceptions import DomainError
from trellis.core.exports import csv_download
from trellis.core.forms import Form
from trellis.core.policies import allows
from trellis.core.surfaces import actor_of, console_view, form_error, read_only

from .. import selectors, services
from ..services.prospects import COLUMNS, MAX_ROWS
from .recruitment import fit_class

PAGE_SIZE = 100


class UploadForm(Form):
    name = forms.CharField(label=gettext_lazy("Name of the list"), max_length=150)
    file = forms.FileField(label=gettext_lazy("CSV file"))


@console_view
def prospect_list_index(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = UploadForm(request.POST or None, request.FILES or None, label_suffix="")
    may_upload = allows(actor, "lifecycle.review")
    if not may_upload:
        read_only(form)
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            kept = services.prospects_upload(
                actor=actor,
                name=form.cleaned_data["name"],
                raw=upload.read(services.prospects.MAX_BYTES + 1),
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("%(n)s companies scored and ranked.") % {"n": kept.size})
            return redirect("console:prospect_list", kept.pk)
    return render(
        request,
        "lifecycle/console_prospect_lists.html",
        {
            "nav": "applications",
            "form": form,
            "lists": selectors.prospect_lists(actor=actor)[:100],
            "columns": ",".join(COLUMNS),
            "max_rows": MAX_ROWS,
        },
        status=400 if may_upload and request.method == "POST" else 200,
    )


@console_view
def prospect_list(request: HttpRequest, list_id: int) -> HttpResponse:
    actor = actor_of(request)
    kept = selectors.prospect_list_get(actor=actor, list_id=list_id)
    new_only = request.GET.get("new") == "1"
    ranked = selectors.ranked_prospects(actor=actor, prospect_list=kept, new_only=new_only)
    page = Paginator(ranked, PAGE_SIZE).get_page(request.GET.get("page"))
    for p in page:
        p.lines = selectors.fit_lines(p.fit_factors)  # type: ignore[attr-defined]
        p.fit_class = fit_class(p.fit_score)  # type: ignore[attr-defined]
        p.blocked = selectors.blocked_words(p.fit_blocked_by)  # type: ignore[attr-defined]
    return render(
        request,
        "lifecycle/console_prospect_list.html",
        {
            "nav": "applications",
            "list": kept,
            "page": page,
            "new_only": new_only,
            "query": "new=1" if new_only else "",
            "may_rescore": allows(actor, "lifecycle.review"),
            "unchecked": kept.prospects.filter(checked=False).count(),
        },
    )


@console_view
@require_POST
def prospect_list_rescore(request: HttpRequest, list_id: int) -> HttpResponse:
    actor = actor_of(request)
    kept = selectors.prospect_list_get(actor=actor, list_id=list_id)
    try:
        services.prospects_rescore(actor=actor, prospect_list=kept)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Scored again on today's profile."))
    return redirect("console:prospect_list", kept.pk)


@console_view
def prospect_list_export(request: HttpRequest, list_id: int) -> HttpResponseBase:
    actor = actor_of(request)
    kept = selectors.prospect_list_get(actor=actor, list_id=list_id)
    ranked = selectors.ranked_prospects(actor=actor, prospect_list=kept)

    def rows() -> object:
        for rank, p in enumerate(ranked.iterator(chunk_size=2000), start=1):
            reasons = "; ".join(
                f"{line.label} {line.points:g}/{line.max_points:g}"
                for line in selectors.fit_lines(p.fit_factors)
            )
            yield [
                rank,
                p.company_name,
                p.website,
                p.country,
                p.fit_score,
                reasons,
                ", ".join(p.fit_blocked_by),
                p.partner_name_known,
                p.line,
            ]

    header = [
        _("Rank"),
        _("Company"),
        _("Website"),
        _("Country"),
        _("Fit"),
        _("Why"),
        _("Missing requirements"),
        _("Already a partner"),
        _("Line in the upload"),
    ]
    return csv_download(header, rows(), f"prospects-{kept.pk}.csv")  # type: ignore[arg-type]
