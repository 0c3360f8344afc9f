"""Console: the queue of fund requests (flagged and overdue first) and one request, with its
compliance flags, the fund it draws on, and the decision: approve in full or in part with
conditions, ask the partner, or reject."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from trellis.core.exceptions import DomainError
from trellis.core.policies import allows
from trellis.core.surfaces import actor_of, console_view, form_error, read_only

from .. import selectors, services
from ..choices import UNDECIDED, RequestStatus
from ..forms import ApproveForm, ClaimRejectForm, ClaimReviewForm, QuestionForm, ReasonForm

PAGE_SIZE = 50


@console_view
def request_queue(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    status = request.GET.get("status", "open")
    if status not in ("open", "all", *RequestStatus.values):
        status = "open"
    qs = selectors.mdf_requests(
        actor=actor, status="" if status == "all" else status, flagged="flagged" in request.GET
    ).order_by(F("escalated_at").desc(nulls_last=True), "decision_due_at", "-pk")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "funds/console_requests.html",
        {
            "nav": "mdf",
            "page": page,
            "status": status,
            "statuses": RequestStatus.choices,
            "flagged": "flagged" in request.GET,
            "counts": selectors.queue_counts(actor=actor),
        },
    )


@console_view
def request_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    actor = actor_of(request)
    found = selectors.mdf_request_get(actor=actor, request_id=request_id)
    may = allows(actor, "funds.decide", found) and found.status in UNDECIDED
    post = request.POST if request.method == "POST" else None
    approve = ApproveForm(
        post if post and "approve" in post else None,
        initial={"amount": found.requested_amount},
        label_suffix="",
    )
    ask = QuestionForm(post if post and "ask" in post else None, label_suffix="")
    reject = ReasonForm(post if post and "reject" in post else None, label_suffix="")
    cancel = ReasonForm(post if post and "cancel" in post else None, label_suffix="")
    if not may:
        read_only(approve, ask, reject)
    acted = None
    if post is not None:
        try:
            if may and approve.is_bound and approve.is_valid():
                d = approve.cleaned_data
                services.request_approve(
                    actor=actor,
                    request=found,
                    amount=d["amount"],
                    conditions=d["conditions"],
                    note=d["note"],
                )
                acted = _("Approved; the amount is committed on the fund.")
            elif may and ask.is_bound and ask.is_valid():
                services.request_ask(
                    actor=actor, request=found, question=ask.cleaned_data["question"]
                )
                acted = _("Sent back to the partner with your question.")
            elif may and reject.is_bound and reject.is_valid():
                services.request_reject(
                    actor=actor, request=found, reason=reject.cleaned_data["reason"]
                )
                acted = _("Rejected; the partner is told why.")
            elif cancel.is_bound and cancel.is_valid():
                services.request_cancel(
                    actor=actor, request=found, reason=cancel.cleaned_data["reason"]
                )
                acted = _("Cancelled; the commitment is back in the fund.")
        except DomainError as exc:
            bound = next(f for f in (approve, ask, reject, cancel) if f.is_bound)
            form_error(bound, exc)
        if acted:
            messages.success(request, acted)
            return redirect("console:mdf_request", found.pk)
    run = services.latest_forecast_run()
    return render(
        request,
        "funds/console_request.html",
        {
            "nav": "mdf",
            "r": found,
            "flags": [(f, services.finding_words(f)) for f in found.flags],
            "fund": selectors.fund_of_request(request=found),
            "entries": selectors.request_ledger(actor=actor, request=found),
            "may": may,
            "may_cancel": found.status == RequestStatus.APPROVED
            and allows(actor, "funds.decide", found)
            and not selectors.mdf_claims(actor=actor, request_id=found.pk)
            .exclude(status="rejected")
            .exists(),
            "approve": approve,
            "ask": ask,
            "reject": reject,
            "cancel": cancel,
            "claims": selectors.mdf_claims(actor=actor, request_id=found.pk),
            "forecast_run": run,
            "forecast_history": run.n_train + run.n_test if run else 0,
            "result": next(
                iter(selectors.activity_results(actor=actor, request_ids=[found.pk])), None
            ),
            "checks": services.required_checks(found),
            "review": ClaimReviewForm(label_suffix=""),
            "turn_down": ClaimRejectForm(label_suffix=""),
            "may_review": allows(actor, "funds.decide", found),
        },
        status=400 if post is not None else 200,
    )
