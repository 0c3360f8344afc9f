"""Console: disputes on earnings lines, and one dispute with its thread, where finance
replies, accepts (with a correction) or rejects."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from trellis.core.exceptions import DomainError
from trellis.core.forms import refuse_form
from trellis.core.policies import allows
from trellis.core.surfaces import actor_of, console_view

from .. import selectors, services
from ..choices import DisputeStatus
from ..forms import CommentForm, ResolveForm


@console_view
def dispute_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    status = request.GET.get("status", DisputeStatus.OPEN)
    if status not in DisputeStatus.values:
        status = DisputeStatus.OPEN
    page = Paginator(selectors.disputes(actor=actor, status=status), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "incentives/console_disputes.html",
        {
            "nav": "earnings",
            "page": page,
            "status": status,
            "statuses": DisputeStatus.choices,
            "query": f"status={status}",
        },
    )


@console_view
def dispute_detail(request: HttpRequest, dispute_id: int) -> HttpResponse:
    actor = actor_of(request)
    dispute = selectors.dispute_get(actor=actor, dispute_id=dispute_id)
    if request.method == "POST":
        resolving = "decision" in request.POST
        form = ResolveForm(request.POST) if resolving else CommentForm(request.POST, prefix="reply")
        if not form.is_valid():
            refuse_form(request, form)
        else:
            d = form.cleaned_data
            try:
                if resolving:
                    services.dispute_resolve(
                        actor=actor,
                        dispute=dispute,
                        accept=d["decision"] == "accept",
                        comment=d["comment"],
                        adjustment=d["adjustment"],
                    )
                    messages.success(request, _("Dispute decided; the partner is told."))
                else:
                    services.dispute_reply(actor=actor, dispute=dispute, comment=d["comment"])
                    messages.success(request, _("Reply sent."))
                return redirect("console:dispute", dispute.pk)
            except DomainError as exc:
                messages.error(request, exc.message)
    return render(
        request,
        "incentives/console_dispute.html",
        {
            "nav": "earnings",
            "dispute": dispute,
            "line": dispute.line,
            "may_resolve": allows(actor, "incentives.resolve", dispute),
            "may_reply": allows(actor, "incentives.discuss", dispute),
            "comment_form": CommentForm(label_suffix="", prefix="reply"),
            "resolve_form": ResolveForm(label_suffix=""),
        },
    )
