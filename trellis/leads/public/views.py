"""The public web-to-lead form a vendor embeds on its own sites: no sign-in, spam-guarded,
rate-limited.

Spam protection without third parties: a honeypot field people never see, and
a signed start time (a form sent back in under three seconds, or over a day
later, or with a forged stamp, is refused). Each visitor address may send a
few forms per ten minutes and each form a few hundred per hour; more answers
429. The page may be framed by the sites the form names (any site when none).
"""

from __future__ import annotations

import time

from csp.utils import build_policy
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt

from trellis.core.exceptions import DomainError
from trellis.core.surfaces import form_error
from trellis.core.throttle import Refusal, limit_client, limit_key

from ..forms import WebLeadForm
from ..models import WebForm
from ..services import intake
from ..validation import LeadInput

MIN_SECONDS, MAX_SECONDS = 3, 24 * 3600
_SIGNER = signing.Signer(salt="trellis.leads.web-form")


def _too_many(form: WebForm, request: HttpRequest) -> Refusal | None:
    """Count this submission against the visitor's and the form's limits."""
    return limit_client(request, "web-form") or limit_key(request, "web-form-total", form.key)


def _looks_automated(form: WebForm, request: HttpRequest) -> bool:
    if request.POST.get("website"):  # the honeypot: hidden from people, filled in by bots
        return True
    try:
        stamp = _SIGNER.unsign_object(request.POST.get("started", ""))
    except signing.BadSignature:
        return True
    age = time.time() - float(stamp.get("t", 0))
    return stamp.get("f") != form.key or not MIN_SECONDS <= age <= MAX_SECONDS


# framed on other sites, where the CSRF cookie is not sent; the signed stamp guards it instead
@csrf_exempt
@xframe_options_exempt
def web_form(request: HttpRequest, key: str) -> HttpResponse:
    form = WebForm.objects.filter(key=key, is_active=True).select_related("program").first()
    if form is None:
        raise Http404
    fields = WebLeadForm(request.POST or None)
    status, sent, refusal = 200, False, None
    if request.method == "POST":
        refusal = _too_many(form, request)
        if refusal is not None:
            status = 429
            fields.add_error(
                None, _("Too many submissions from here. Please try again in a few minutes.")
            )
        elif _looks_automated(form, request):
            status = 400
            fields.add_error(
                None, _("The form could not be sent. Please reload the page and try again.")
            )
        elif fields.is_valid():
            d = fields.cleaned_data
            data = LeadInput(
                customer_name=d["company"],
                country=d["country"],
                city=d["city"],
                postal_code=d["postal_code"],
                contact_name=d["name"],
                contact_email=d["email"],
                contact_phone=d["phone"],
                notes=d["message"],
            )
            try:
                intake.web_form_submit(form=form, data=data)
            except DomainError as exc:
                form_error(fields, exc)
            else:
                sent = True
    response = render(
        request,
        "leads/web_form.html",
        {
            "form": form,
            "fields": fields,
            "sent": sent,
            "started": _SIGNER.sign_object({"f": form.key, "t": time.time()}),
        },
        status=status,
    )
    # The site policy, with the sites this form may be embedded in (any, when it names none).
    response["Content-Security-Policy"] = build_policy(
        replace={"frame-ancestors": form.origins() or ["*"]}
    )
    if refusal is not None:
        response["Retry-After"] = str(refusal.retry_after)
    return response
