"""The public partner application page: no sign-in, in the visitor's language, spam-guarded
and rate-limited the way the public lead form is (a honeypot field people never see, a signed
start time, a few applications per visitor address per hour)."""

from __future__ import annotations

import time

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

from trellis.core.exceptions import DomainError
from trellis.core.surfaces import form_error
from trellis.core.throttle import limit_client
from trellis.partners.selectors import specializations

from ..choices import ApplicationSource
from ..forms import ApplicationForm
from ..services import ApplicationInput, application_submit

MIN_SECONDS, MAX_SECONDS = 3, 24 * 3600
_SIGNER = signing.Signer(salt="trellis.lifecycle.apply")


def _looks_automated(request: HttpRequest) -> bool:
    if request.POST.get("nickname"):  # the honeypot: hidden from people, filled in by bots
        return True
    try:
        stamp = _SIGNER.unsign_object(request.POST.get("started", ""))
    except signing.BadSignature:
        return True
    return not MIN_SECONDS <= time.time() - float(stamp.get("t", 0)) <= MAX_SECONDS


def _input(form: ApplicationForm) -> ApplicationInput:
    d = form.cleaned_data
    return ApplicationInput(
        company_name=d["company_name"],
        website=d["website"],
        country=d["country"],
        city=d["city"],
        size=d["size"],
        partner_types=d["partner_types"],
        specializations=d["specializations"],
        industries=d["industries"],
        customers_served=d["customers_served"],
        certifications_held=d["certifications_held"],
        esg=form.esg(),
        contact_name=d["contact_name"],
        contact_email=d["contact_email"],
        contact_phone=d["contact_phone"],
        message=d["message"],
        language=translation.get_language() or "en",
        source=ApplicationSource.WEB,
    )


def apply(request: HttpRequest) -> HttpResponse:
    options = [(s.slug, s.label()) for s in specializations()]
    form = ApplicationForm(request.POST or None, specialization_choices=options)
    status, sent, retry_after = 200, None, None
    if request.method == "POST":
        refusal = limit_client(request, "partner-application")
        if refusal is not None:
            status, retry_after = 429, refusal.retry_after
            form.add_error(None, _("Too many applications from here. Please try again in an hour."))
        elif _looks_automated(request):
            status = 400
            form.add_error(
                None, _("The form could not be sent. Please reload the page and try again.")
            )
        elif form.is_valid():
            try:
                sent = application_submit(data=_input(form))
            except DomainError as exc:
                form_error(form, exc)
        if sent is None and status == 200:
            status = 400  # the form comes back with what to fix
    response = render(
        request,
        "lifecycle/apply.html",
        {
            "form": form,
            "sent": sent,
            "started": _SIGNER.sign_object({"t": time.time()}),
            "program_name": settings.TRELLIS_PROGRAM_NAME,
        },
        status=status,
    )
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response
