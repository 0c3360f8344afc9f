"""Console: claims, reviewed from their request's page (checklist, amount, approve or reject),
the finance list of claims to pay with its export, recording a payment, and the proof files
(always downloaded, never shown in the console)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trellis.core.exceptions import DomainError
from trellis.core.exports import csv_download
from trellis.core.forms import refuse_form
from trellis.core.policies import allows
from trellis.core.surfaces import actor_of, console_view

from .. import selectors, services
from ..choices import ClaimStatus
from ..forms import ClaimRejectForm, ClaimReviewForm, PayForm

PAGE_SIZE = 50


@console_view
@require_POST
def claim_review(request: HttpRequest, claim_id: int) -> HttpResponse:
    actor = actor_of(request)
    claim = selectors.mdf_claim_get(actor=actor, claim_id=claim_id)
    approve = "approve" in request.POST
    form = (ClaimReviewForm if approve else ClaimRejectForm)(request.POST)
    if not form.is_valid():
        refuse_form(request, form)
    else:
        d = form.cleaned_data
        try:
            if approve:
                services.claim_approve(
                    actor=actor,
                    claim=claim,
                    checklist=list(d["checklist"]),
                    amount=d["amount"],
                    note=d["note"],
                )
                messages.success(request, _("The claim is approved for payment."))
            else:
                services.claim_reject(actor=actor, claim=claim, reason=d["reason"], note=d["note"])
                messages.success(request, _("The claim is rejected; the partner is told why."))
        except DomainError as exc:
            messages.error(request, exc.message)
    return redirect("console:mdf_request", claim.request_id)


@console_view
def claim_list(request: HttpRequest) -> HttpResponseBase:
    actor = actor_of(request)
    status = request.GET.get("status", ClaimStatus.APPROVED)
    if status not in ClaimStatus.values:
        status = ClaimStatus.APPROVED
    if request.GET.get("export") == "csv":
        return _export(selectors.claims_for_finance(actor=actor, status=status), status)
    qs = selectors.mdf_claims(actor=actor, status=status).order_by("reviewed_at", "submitted_at")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "funds/console_claims.html",
        {
            "nav": "mdf",
            "page": page,
            "status": status,
            "statuses": ClaimStatus.choices,
            "may_pay": allows(actor, "funds.pay", None),
            "query": f"status={status}",
        },
    )


EXPORT_COLUMNS = (
    "claim",
    "partner",
    "payee",
    "campaign_code",
    "activity",
    "invoice_number",
    "amount",
    "currency",
    "approved_at",
    "paid_at",
    "payment_reference",
)


def _export(rows: list[dict[str, object]], status: str) -> HttpResponseBase:
    return csv_download(
        EXPORT_COLUMNS,
        ([row[c] for c in EXPORT_COLUMNS] for row in rows),
        f"mdf-claims-{status}.csv",
    )


@console_view
@require_POST
def claim_pay(request: HttpRequest, claim_id: int) -> HttpResponse:
    actor = actor_of(request)
    claim = selectors.mdf_claim_get(actor=actor, claim_id=claim_id)
    form = PayForm(request.POST)
    if not form.is_valid():
        refuse_form(request, form)
    else:
        try:
            services.claim_pay(actor=actor, claim=claim, reference=form.cleaned_data["reference"])
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Payment recorded."))
    return redirect(request.POST.get("next") or "console:mdf_claims")


@console_view
def proof_file(request: HttpRequest, proof_id: int) -> FileResponse:
    proof = selectors.proof_get(actor=actor_of(request), proof_id=proof_id)
    return FileResponse(
        proof.file.open("rb"),
        as_attachment=True,
        filename=proof.original_name,
        content_type=proof.content_type,
    )
