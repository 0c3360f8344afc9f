"""Portal: the onboarding checklist, the partner agreement to read and accept, and the documents
the partner sends."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from trellis.core.exceptions import DomainError
from trellis.core.forms import Form
from trellis.core.policies import allows
from trellis.core.surfaces import actor_of, form_error, portal_view
from trellis.core.throttle import client_address
from trellis.partners.selectors import partner_get

from .. import selectors, services
from ..choices import DocumentKind


class DocumentForm(Form):
    kind = forms.ChoiceField(label=gettext_lazy("Document"), choices=DocumentKind.choices)
    file = forms.FileField(
        label=gettext_lazy("File"), help_text=gettext_lazy("PDF, PNG or JPEG, at most 10 MB.")
    )


def _page(request: HttpRequest, form: DocumentForm, status: int = 200) -> HttpResponse:
    actor = actor_of(request)
    partner = partner_get(actor=actor, partner_id=actor.partner_id or 0)
    services.onboarding_refresh(partner_id=partner.pk)
    return render(
        request,
        "lifecycle/portal_onboarding.html",
        {
            "nav": "onboarding",
            "list": selectors.checklist(actor=actor, partner_id=partner.pk),
            "form": form,
            "may_sign": allows(actor, "lifecycle.accept_agreement", partner),
            "may_upload": allows(actor, "lifecycle.upload_documents", partner),
            "now": timezone.now(),
        },
        status=status,
    )


@portal_view
def onboarding(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = DocumentForm(request.POST or None, request.FILES or None, label_suffix="")
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.document_upload(
                actor=actor,
                partner=partner_get(actor=actor, partner_id=actor.partner_id or 0),
                kind=form.cleaned_data["kind"],
                upload=upload,
                filename=upload.name,
                size=upload.size,
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Document received; your channel team checks it."))
            return redirect("portal:onboarding")
    return _page(request, form, 400 if request.method == "POST" else 200)


@portal_view
@require_POST
def agreement_accept(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    partner = partner_get(actor=actor, partner_id=actor.partner_id or 0)
    if request.POST.get("agree") != "yes":
        messages.error(request, _("Tick the box to confirm you accept the agreement."))
        return redirect("portal:onboarding")
    try:
        version = int(request.POST.get("version", "0"))
    except ValueError:
        version = 0
    try:
        services.agreement_accept(
            actor=actor,
            partner=partner,
            version_number=version,
            ip_address=client_address(request),
            user_agent=request.headers.get("User-Agent", ""),
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Thank you: the agreement is accepted for your company."))
    return redirect("portal:onboarding")
