"""Portal: the partner's marketing funds (its own funds with what is left, its requests), a
new request checked as it is sent, and one request with its decision, questions and flags."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from trellis.core.exceptions import DomainError
from trellis.core.policies import allows
from trellis.core.surfaces import actor_of, form_error, portal_view, read_only
from trellis.partners.selectors import partner_for_actor, partner_program_tiers

from .. import selectors, services
from ..choices import RequestStatus
from ..forms import AnswerForm, ClaimForm, ReasonForm, RequestForm, claim_proofs


@portal_view
def funds_home(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    partner = partner_for_actor(actor=actor, partner_id=actor.partner_id or 0)
    return render(
        request,
        "funds/portal_funds.html",
        {
            "nav": "mdf",
            "funds": selectors.funds_overview(actor=actor, partner_id=partner.pk),
            "requests": selectors.mdf_requests(actor=actor, partner_id=partner.pk)[:100],
            "may_ask": allows(actor, "funds.request", partner),
            "eligible": [
                (name, tier) for _p, name, tier, _s in partner_program_tiers(partner_id=partner.pk)
            ],
        },
    )


@portal_view
def request_new(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    partner = partner_for_actor(actor=actor, partner_id=actor.partner_id or 0)
    may = allows(actor, "funds.request", partner)
    own = selectors.funds_overview(actor=actor, partner_id=partner.pk)
    initial = {"currency": own[0].fund.currency if own else "EUR", "expected_leads": 0}
    form = RequestForm(request.POST or None, initial=initial, label_suffix="")
    if not may:
        read_only(form)
    elif request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            made = services.request_submit(
                actor=actor,
                partner=partner,
                data=services.RequestInput(
                    activity_type=d["activity_type"],
                    title=d["title"],
                    starts=d["starts"],
                    ends=d["ends"],
                    cost=d["cost"],
                    requested_amount=d["requested_amount"],
                    currency=d["currency"],
                    description=d["description"],
                    audience=d["audience"],
                    expected_leads=d["expected_leads"],
                    expected_pipeline=d["expected_pipeline"] or Decimal(0),
                    collects_personal_data=d["collects_personal_data"],
                    consent_attested=d["consent_attested"],
                    involves_public_officials=d["involves_public_officials"],
                    gifts_or_hospitality=d["gifts_or_hospitality"],
                    cash_equivalents=d["cash_equivalents"],
                    payee_name=d["payee_name"],
                ),
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(
                request,
                _("Your request is sent; a decision is due by %(when)s.")
                % {"when": timezone.localtime(made.decision_due_at).strftime("%Y-%m-%d %H:%M")},
            )
            return redirect("portal:mdf_request", made.pk)
    rules = [
        (name, tier, services.mdf_rules(p), services.allowed_activities(tier.pk))
        for p, name, tier, _s in partner_program_tiers(partner_id=partner.pk)
    ]
    return render(
        request,
        "funds/portal_request_new.html",
        {"nav": "mdf", "form": form, "may": may, "rules": rules},
        status=400 if request.method == "POST" else 200,
    )


@portal_view
def request_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    actor = actor_of(request)
    found = selectors.mdf_request_get(actor=actor, request_id=request_id)
    may = allows(actor, "funds.change_request", found)
    post = request.POST if request.method == "POST" else None
    answer = AnswerForm(post if post and "answer" in post else None, label_suffix="")
    claiming = ClaimForm(post if post and "claim" in post else None, label_suffix="")
    claims = selectors.mdf_claims(actor=actor, request_id=found.pk)
    left = (found.approved_amount or Decimal(0)) - services.claimed_so_far(found)
    may_claim = (
        allows(actor, "funds.claim", found) and found.status == RequestStatus.APPROVED and left > 0
    )
    cancel = ReasonForm(post if post and "cancel" in post else None, label_suffix="")
    if not may:
        read_only(answer, cancel)
    if post is not None and claiming.is_bound and may_claim:
        if claiming.is_valid():
            d = claiming.cleaned_data
            try:
                services.claim_submit(
                    actor=actor,
                    request=found,
                    amount=d["amount"],
                    currency=found.currency,
                    invoice_number=d["invoice_number"],
                    proofs=claim_proofs(request.FILES),
                    final=d["final"],
                    note=d["note"],
                )
            except DomainError as exc:
                form_error(claiming, exc)
            else:
                messages.success(request, _("Your claim is sent for review."))
                return redirect("portal:mdf_request", found.pk)
    elif may and post is not None:
        try:
            if answer.is_bound and answer.is_valid():
                services.request_answer(
                    actor=actor, request=found, answer=answer.cleaned_data["answer"]
                )
                messages.success(request, _("Your answer is sent."))
                return redirect("portal:mdf_request", found.pk)
            if cancel.is_bound and cancel.is_valid():
                services.request_cancel(
                    actor=actor, request=found, reason=cancel.cleaned_data["reason"]
                )
                messages.success(request, _("Your request is cancelled."))
                return redirect("portal:mdf_request", found.pk)
        except DomainError as exc:
            form_error(answer if answer.is_bound else cancel, exc)
    return render(
        request,
        "funds/portal_request.html",
        {
            "nav": "mdf",
            "r": found,
            "flags": [services.finding_words(f) for f in found.flags],
            "may": may,
            "answer": answer,
            "cancel": cancel,
            "claiming": claiming,
            "may_claim": may_claim,
            "left": left,
            "claims": claims,
            "result": next(
                iter(selectors.activity_results(actor=actor, request_ids=[found.pk])), None
            ),
            "may_cancel": may
            and not claims.exclude(status="rejected").exists()
            and found.status
            in (RequestStatus.SUBMITTED, RequestStatus.MORE_INFO, RequestStatus.APPROVED),
        },
        status=400 if post is not None else 200,
    )


@portal_view
def proof_file(request: HttpRequest, proof_id: int) -> FileResponse:
    """A file the partner sent with a claim (its own only)."""
    proof = selectors.proof_get(actor=actor_of(request), proof_id=proof_id)
    return FileResponse(
        proof.file.open("rb"),
        as_attachment=True,
        filename=proof.original_name,
        content_type=proof.content_type,
    )
