"""Console: the lead queue, taking a lead in, and one lead with its routing explanation and
override."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trellis.catalog.selectors import products
from trellis.core import uploads
from trellis.core.exceptions import DomainError, InvalidInput
from trellis.core.forms import refuse_form
from trellis.core.surfaces import actor_of, console_view, form_error
from trellis.partners.selectors import partner_names, program_choices

from .. import selectors, services
from ..choices import WAITING, LeadStatus
from ..engine.facts import EXCLUSIONS, FACTORS
from ..forms import AssignForm, AssignPostForm, LeadForm, WebFormSettings
from ..models import WebForm
from ..services import batch, imports, intake

_FORM_FIELDS = {
    "customer.name": "customer_name",
    "customer.country": "country",
    "contact.name": "contact_name",
    "contact.email": "contact_email",
}
VIEWS = {
    "waiting": (_("Waiting for a partner"), tuple(WAITING)),
    "working": (_("With partners"), (LeadStatus.ACCEPTED, LeadStatus.CONTACTED)),
    "closed": (
        _("Converted and closed"),
        (LeadStatus.CONVERTED, LeadStatus.WON, LeadStatus.LOST, LeadStatus.DISQUALIFIED),
    ),
    "all": (_("All"), ()),
}


@console_view
def lead_queue(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    view = request.GET.get("view", "waiting")
    if view not in VIEWS:
        view = "waiting"
    q = request.GET.get("q", "").strip()
    leads = selectors.lead_list(
        actor=actor, filters=selectors.LeadFilters(statuses=VIEWS[view][1], q=q)
    )
    page = Paginator(leads, 25).get_page(request.GET.get("page"))
    offered_to = {o.partner_id for lead in page for o in lead.offers.all() if o.status == "open"}
    names = partner_names(actor=actor, ids=list(offered_to))
    context = {
        "nav": "leads",
        "page": page,
        "view": view,
        "views": [(k, v[0]) for k, v in VIEWS.items()],
        "q": q,
        "names": names,
    }
    return render(request, "leads/console_queue.html", context)


PERIODS = {
    "90": (_("Last 90 days"), 90),
    "365": (_("Last 12 months"), 365),
    "all": (_("All time"), None),
}


@console_view
def lead_funnel(request: HttpRequest) -> HttpResponse:
    """Received, accepted, contacted, converted, won: by partner, busiest first."""
    actor = actor_of(request)
    period = request.GET.get("period", "90")
    if period not in PERIODS:
        period = "90"
    days = PERIODS[period][1]
    since = timezone.now() - dt.timedelta(days=days) if days else None
    rows = selectors.lead_funnel(actor=actor, since=since)
    totals = selectors.FunnelRow(
        0,
        _("All partners"),
        *(
            sum(getattr(r, f) for r in rows)
            for f in ("received", "accepted", "contacted", "converted", "won")
        ),
    )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    context = {
        "nav": "leads",
        "page": page,
        "totals": totals,
        "period": period,
        "periods": [(k, v[0]) for k, v in PERIODS.items()],
        "query": f"period={period}",
    }
    return render(request, "leads/console_funnel.html", context)


@console_view
def lead_import(request: HttpRequest) -> HttpResponse:
    """Leads from a CSV file: a preview saying where each would go, then the import with a report
    per
    row."""
    actor = actor_of(request)
    report, error, encoded = None, "", ""
    if request.method == "POST":
        raw, preview = uploads.upload_from_request(request)
        try:
            report = imports.lead_import(actor=actor, raw=raw, dry_run=preview)
        except DomainError as exc:
            error = exc.message
        else:
            encoded = uploads.payload_of(raw) if preview else ""
    context = {
        "report": report,
        "error": error,
        "payload": encoded,
        "columns": ",".join(imports.COLUMNS),
        "nav": "leads",
    }
    return render(request, "leads/console_import.html", context)


@console_view
def web_forms(request: HttpRequest) -> HttpResponse:
    """The vendor's web-to-lead forms, each with the code to embed it."""
    actor = actor_of(request)
    forms = list(WebForm.objects.visible_to(actor).select_related("program"))
    base = request.build_absolute_uri("/").rstrip("/")
    return render(
        request, "leads/console_web_forms.html", {"nav": "leads", "forms": forms, "base": base}
    )


@console_view
def web_form_edit(request: HttpRequest, form_id: int | None = None) -> HttpResponse:
    actor = actor_of(request)
    form = WebForm.objects.visible_to(actor).filter(pk=form_id).first() if form_id else None
    if form_id and form is None:
        raise Http404
    initial = (
        {
            "name": form.name,
            "program": form.program_id,
            "thank_you": form.thank_you,
            "embed_origins": form.embed_origins,
            "is_active": form.is_active,
        }
        if form
        else {}
    )
    settings_form = WebFormSettings(
        request.POST or None, initial=initial, programs=program_choices()
    )
    if request.method == "POST" and settings_form.is_valid():
        d = settings_form.cleaned_data
        try:
            intake.web_form_save(
                actor=actor,
                form=form,
                name=d["name"],
                program_id=d["program"],
                thank_you=d["thank_you"],
                embed_origins=d["embed_origins"],
                is_active=d["is_active"],
            )
        except DomainError as exc:
            form_error(settings_form, exc)
        else:
            messages.success(request, _("Form saved."))
            return redirect("console:web_forms")
    return render(
        request,
        "leads/console_web_form_edit.html",
        {"nav": "leads", "settings_form": settings_form, "form": form},
    )


@console_view
def lead_new(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = LeadForm(request.POST or None, products=products(actor=actor))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        data = services.LeadInput(
            customer_name=d["customer_name"],
            customer_domain=d["customer_domain"],
            country=d["country"],
            city=d["city"],
            postal_code=d["postal_code"],
            contact_name=d["contact_name"],
            contact_email=d["contact_email"],
            contact_phone=d["contact_phone"],
            products=d["products"],
            estimated_amount=d["estimated_amount"],
            currency=d["currency"],
            source=d["source"],
            notes=d["notes"],
        )
        try:
            lead = services.lead_receive(actor=actor, data=data)
        except DomainError as exc:
            form_error(
                form, type(exc)(exc.message, field=_FORM_FIELDS.get(exc.field or "", exc.field))
            )
        else:
            messages.success(request, _("Lead %(id)s taken in and routed.") % {"id": lead.pk})
            return redirect("console:lead_detail", lead.pk)
    return render(request, "leads/console_form.html", {"form": form, "nav": "leads"})


def _explained(actor: Any, decisions: list[Any]) -> tuple[list[Any], dict[int, str]]:
    """Decisions with their ranked partners and exclusion examples named, for the explanation
    view."""
    ids: set[int] = set()
    for d in decisions:
        ids.update(d.chosen)
        ids.update(r["partner"] for r in d.explanation.get("ranked", []))
        for ex in d.explanation.get("excluded", {}).values():
            ids.update(ex["examples"])
    return decisions, partner_names(actor=actor, ids=list(ids))


@console_view
def lead_detail(request: HttpRequest, lead_id: int) -> HttpResponse:
    actor = actor_of(request)
    lead = selectors.lead_get(actor=actor, lead_id=lead_id)
    decisions, names = _explained(actor, list(selectors.routing_history(actor=actor, lead=lead)))
    names.update(partner_names(actor=actor, ids=[o.partner_id for o in lead.offers.all()]))
    latest = decisions[0] if decisions else None
    ranked = latest.explanation.get("ranked", []) if latest else []
    # Stored values follow the stored factor order; the page shows them by name.
    order = latest.explanation.get("factors", list(FACTORS)) if latest else list(FACTORS)
    rows = [{**r, "factors": dict(zip(order, r.get("values", []), strict=False))} for r in ranked]
    tried = {o.partner_id for o in lead.offers.all()}
    choices = [
        (r["partner"], f"{names.get(r['partner'], r['partner'])} · {r['score']:.2f}")
        for r in ranked
        if r["partner"] not in tried
    ]
    context = {
        "nav": "leads",
        "lead": lead,
        "decisions": decisions,
        "latest": latest,
        "names": names,
        "rows": rows,
        "factors": FACTORS,
        "exclusions": EXCLUSIONS,
        "assign_form": AssignForm(partners=choices),
        "can_assign": lead.status in (LeadStatus.NEW, LeadStatus.OFFERED, LeadStatus.UNROUTABLE)
        and choices,
        "activities": lead.activities.select_related("partner", "by"),
    }
    return render(request, "leads/console_detail.html", context)


@console_view
@require_POST
def lead_assign(request: HttpRequest, lead_id: int) -> HttpResponse:
    actor = actor_of(request)
    lead = selectors.lead_get(actor=actor, lead_id=lead_id)
    form = AssignPostForm(request.POST)
    if not form.is_valid():
        refuse_form(request, form)
        return redirect("console:lead_detail", lead.pk)
    try:
        services.lead_assign(
            actor=actor,
            lead=lead,
            partner_id=form.cleaned_data["partner"],
            reason=form.cleaned_data["reason"],
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Offered to the partner you chose."))
    return redirect("console:lead_detail", lead.pk)


@console_view
@require_POST
def lead_reroute(request: HttpRequest, lead_id: int) -> HttpResponse:
    actor = actor_of(request)
    lead = selectors.lead_get(actor=actor, lead_id=lead_id)
    try:
        services.lead_reroute(actor=actor, lead=lead)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Routed again."))
    return redirect("console:lead_detail", lead.pk)


@console_view
def routing_runs(request: HttpRequest) -> HttpResponse:
    """Route every new and unroutable lead again (after partners, capacity or rules changed), and
    past
    runs."""
    actor = actor_of(request)
    if request.method == "POST":
        raw = request.POST.get("program", "")
        try:
            if raw and raw not in {str(pk) for pk, _name in program_choices()}:
                raise InvalidInput(_("Choose a program."), field="program")
            run = batch.routing_run_request(actor=actor, program_id=int(raw) if raw else None)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("console:routing_runs")
        return redirect("console:routing_run", run.pk)
    context = {
        "nav": "leads",
        "runs": selectors.routing_runs(actor=actor)[:20],
        "waiting": selectors.routable_counts(actor=actor),
        "programs": program_choices(),
        "can_route": actor.has_role("admin", "channel_manager", "partner_ops"),
    }
    return render(request, "leads/console_routing_runs.html", context)


@console_view
def routing_run(request: HttpRequest, run_id: int) -> HttpResponse:
    """One run: where it stands (the page refreshes itself until it is done) and what it did."""
    run = selectors.routing_run_get(actor=actor_of(request), run_id=run_id)
    return render(request, "leads/console_routing_run.html", {"nav": "leads", "run": run})
