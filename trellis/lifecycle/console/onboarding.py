"""Console: the onboarding funnel (who is at which step, who is stuck and for how long), time
to first deal and first revenue per cohort, documents to check, the partner agreement, and one
partner's checklist with the vendor's verifications."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from trellis.core.exceptions import DomainError
from trellis.core.forms import Form
from trellis.core.policies import allows
from trellis.core.surfaces import actor_of, console_view, form_error, read_only
from trellis.partners.selectors import partner_get

from .. import selectors, services


class AgreementForm(Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    body = forms.CharField(
        label=gettext_lazy("Text (Markdown)"),
        max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 12}),
    )


@console_view
def onboarding_overview(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    current = services.onboarding.current_agreement()
    form = AgreementForm(
        request.POST or None,
        initial={"title": current.title, "body": current.body} if current else None,
        label_suffix="",
    )
    if not allows(actor, "lifecycle.configure"):
        read_only(form)
    elif request.method == "POST" and form.is_valid():
        try:
            version = services.agreement_publish(actor=actor, **form.cleaned_data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(
                request,
                _("Version %(n)s published; partners accept it from now on.")
                % {"n": version.number},
            )
            return redirect("console:onboarding_overview")
    steps, stuck, onboarding_count = selectors.funnel(actor=actor)
    return render(
        request,
        "lifecycle/console_onboarding.html",
        {
            "nav": "onboarding",
            "steps": steps,
            "stuck": stuck[:50],
            "stuck_count": len(stuck),
            "onboarding_count": onboarding_count,
            "cohorts": selectors.time_to_first(),
            "documents": selectors.documents_to_review(actor=actor)[:50],
            "agreement": current,
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


@console_view
def partner_onboarding(request: HttpRequest, partner_id: int) -> HttpResponse:
    actor = actor_of(request)
    partner = partner_get(actor=actor, partner_id=partner_id)
    services.onboarding_refresh(partner_id=partner.pk)
    to_deal, to_revenue = selectors.partner_firsts(partner=partner)
    return render(
        request,
        "lifecycle/console_partner_onboarding.html",
        {
            "nav": "partners",
            "partner": partner,
            "list": selectors.checklist(actor=actor, partner_id=partner.pk),
            "may_verify": allows(actor, "lifecycle.verify_onboarding", partner),
            "to_deal": to_deal,
            "to_revenue": to_revenue,
            "now": timezone.now(),
        },
    )


@console_view
@require_POST
def onboarding_step_close(request: HttpRequest, partner_id: int, step_id: int) -> HttpResponse:
    actor = actor_of(request)
    partner = partner_get(actor=actor, partner_id=partner_id)
    step = selectors.onboarding_step_get(actor=actor, partner_id=partner.pk, step_id=step_id)
    try:
        services.step_close(
            actor=actor,
            step=step,
            waive=request.POST.get("action") == "waive",
            note=request.POST.get("note", "")[:2000],
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("console:partner_onboarding", partner.pk)


@console_view
@require_POST
def document_review(request: HttpRequest, partner_id: int, document_id: int) -> HttpResponse:
    actor = actor_of(request)
    partner = partner_get(actor=actor, partner_id=partner_id)
    document = selectors.partner_document_get(
        actor=actor, partner_id=partner.pk, document_id=document_id
    )
    try:
        services.document_review(
            actor=actor,
            document=document,
            accept=request.POST.get("action") == "accept",
            note=request.POST.get("note", "")[:2000],
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("console:partner_onboarding", partner.pk)


@console_view
def document_file(request: HttpRequest, partner_id: int, document_id: int) -> FileResponse:
    """The document as sent, to check it (always a download: never rendered in the console)."""
    actor = actor_of(request)
    partner = partner_get(actor=actor, partner_id=partner_id)
    document = selectors.partner_document_get(
        actor=actor, partner_id=partner.pk, document_id=document_id
    )
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
