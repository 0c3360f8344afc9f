"""A partner asks for marketing funds: the request is checked (some findings refuse it, red
flags send it to review with their reasons), drawn against the right fund, and decided by the
vendor within the program's SLA: approved in full or in part (the money is committed at once,
never more than the fund holds), with conditions, or rejected, or sent back with a question."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from trellis.core import events
from trellis.core.actor import SYSTEM, Actor
from trellis.core.amounts import money_amount
from trellis.core.business_hours import add_business_hours
from trellis.core.exceptions import (
    Conflict,
    InvalidFields,
    InvalidInput,
    InvalidTransition,
    NotFound,
)
from trellis.core.money import CURRENCIES, Money
from trellis.core.policies import allows, require
from trellis.partners.selectors import partner_program_tiers

from .. import policies  # noqa: F401  (registers the rules)
from ..choices import (
    FINDINGS,
    REQUEST_TRANSITIONS,
    ActivityType,
    EntryKind,
    RequestStatus,
)
from ..engine import compliance
from ..models import AllowedActivity, Fund, MdfClaim, MdfRequest, MdfRules
from .forecast import forecast_for, in_currency
from .ledger import lock_fund, post
from .news import tell_deciders, tell_partner


@dataclass(frozen=True)
class RequestInput:
    activity_type: str
    title: str
    starts: dt.date
    ends: dt.date
    cost: Decimal
    requested_amount: Decimal
    currency: str
    description: str = ""
    audience: str = ""
    expected_leads: int = 0
    expected_pipeline: Decimal = Decimal(0)
    collects_personal_data: bool = False
    consent_attested: bool = False
    involves_public_officials: bool = False
    gifts_or_hospitality: bool = False
    cash_equivalents: bool = False
    payee_name: str = ""
    fund_id: int | None = None
    program_id: int | None = None


def mdf_rules(program_id: int) -> MdfRules:
    """The program's rules, or the defaults (not stored) when the vendor set none."""
    return MdfRules.objects.filter(program_id=program_id).first() or MdfRules(program_id=program_id)


def allowed_activities(tier_id: int) -> list[str]:
    """The activities a tier may ask funds for, in words (empty: every kind)."""
    kinds = AllowedActivity.objects.filter(tier_id=tier_id).values_list("activity_type", flat=True)
    return [str(ActivityType(k).label) for k in sorted(kinds)]


def finding_words(finding: dict[str, Any]) -> str:
    """A compliance finding in the reader's language."""
    figures = dict(finding.get("figures") or {})
    if "allowed" in figures:
        figures["allowed"] = ", ".join(
            str(ActivityType(k).label)
            for k in figures["allowed"].split(",")
            if k in ActivityType.values
        )
    if "most" in figures and figures.get("currency") in CURRENCIES:
        figures["most"] = Money(Decimal(figures["most"]), figures["currency"]).format()
    if finding["code"] in ("public_officials", "gifts_or_hospitality", "cash_equivalents"):
        figures["why"] = (
            _("declared by the partner")
            if figures.get("declared")
            else _("the request mentions “%(words)s”") % {"words": figures.get("words", "")}
        )
    text = FINDINGS.get(finding["code"], finding["code"])
    return str(text) % figures if figures else str(text).replace("%%", "%")


def _fund_for(actor: Actor, partner: Any, program_id: int, tier: Any, data: RequestInput) -> Fund:
    """The fund the request draws on: the one named (it must be the partner's own), else the
    partner's own fund in the program for the activity's start, else the most specific budget
    of the program that covers the partner's region and tier."""
    open_on = Q(closed_at__isnull=True, starts__lte=data.starts, ends__gte=data.starts)
    if data.fund_id is not None:
        fund = Fund.objects.visible_to(actor).filter(pk=data.fund_id).first()
        if fund is None or fund.partner_id != partner.pk:
            raise NotFound()
        if not Fund.objects.filter(open_on, pk=fund.pk).exists():
            raise InvalidInput(
                _(
                    "The fund %(fund)s (%(period)s) is closed or does not cover the "
                    "activity's start."
                )
                % {"fund": fund.name, "period": fund.period},
                field="fund",
            )
        return fund
    regions = list(partner.regions.values_list("region", flat=True))
    own = list(Fund.objects.filter(open_on, partner=partner, program_id=program_id))
    pools = list(
        Fund.objects.filter(open_on, partner__isnull=True, program_id=program_id)
        .filter(Q(region="") | Q(region__in=regions))
        .filter(Q(tier__isnull=True) | Q(tier=tier))
    )
    pools.sort(key=lambda f: (f.tier_id is None, f.region == "", f.pk))
    candidates = own + pools
    if not candidates:
        raise InvalidInput(
            _(
                "No fund of this program covers an activity starting %(day)s; ask your channel "
                "manager."
            )
            % {"day": data.starts.isoformat()},
            field="fund",
        )
    same = [f for f in candidates if f.currency == data.currency]
    return (same or candidates)[0]


def request_submit(*, actor: Actor, partner: Any, data: RequestInput) -> MdfRequest:
    """Check and store a request; ``InvalidFields`` lists every reason it is refused."""
    require(actor, "funds.request", partner)
    errors: list[tuple[str, str]] = []
    if not data.title.strip():
        errors.append(("title", _("Name the activity.")))
    if data.activity_type not in ActivityType.values:
        errors.append(("activity_type", _("Choose the kind of activity.")))
    if data.currency not in CURRENCIES:
        errors.append(("currency", _("Choose a currency the program pays in.")))
    if data.ends < data.starts:
        errors.append(("ends", finding_words({"code": "dates"})))
    elif data.ends < timezone.localdate():
        errors.append(("ends", finding_words({"code": "past"})))
    if data.expected_leads < 0:
        errors.append(("expected_leads", _("Expected leads cannot be negative.")))
    amounts = {}
    for field, value in (
        ("cost", data.cost),
        ("requested_amount", data.requested_amount),
        ("expected_pipeline", data.expected_pipeline),
    ):
        try:
            amounts[field] = money_amount(
                value,
                data.currency if data.currency in CURRENCIES else "USD",
                field=field,
                allow_zero=field == "expected_pipeline",
            )
        except InvalidInput as exc:
            errors.append((field, exc.message))
    enrolled = {
        p: (name, tier) for p, name, tier, _since in partner_program_tiers(partner_id=partner.pk)
    }
    program_id = data.program_id
    if program_id is None and data.fund_id is None and len(enrolled) == 1:
        program_id = next(iter(enrolled))
    if errors:
        raise InvalidFields(errors)
    fund = None
    if data.fund_id is not None:
        fund = _fund_for(actor, partner, 0, None, data)
        program_id = program_id or fund.program_id
    if program_id not in enrolled:
        raise InvalidInput(_("Choose a program your company is in."), field="program")
    tier = enrolled[program_id][1]
    fund = fund or _fund_for(actor, partner, program_id, tier, data)
    rules = mdf_rules(program_id)
    allowed = set(AllowedActivity.objects.filter(tier=tier).values_list("activity_type", flat=True))
    outcome = compliance.check(
        compliance.RequestFacts(
            activity_type=data.activity_type,
            text=" ".join((data.title, data.description, data.audience)),
            starts=data.starts,
            ends=data.ends,
            today=timezone.localdate(),
            cost=amounts["cost"],
            requested=amounts["requested_amount"],
            currency=data.currency,
            fund_currency=fund.currency,
            collects_personal_data=data.collects_personal_data,
            consent_attested=data.consent_attested,
            involves_public_officials=data.involves_public_officials,
            gifts_or_hospitality=data.gifts_or_hospitality,
            cash_equivalents=data.cash_equivalents,
            payee_name=data.payee_name.strip() or partner.name,
            partner_name=partner.name,
            tier_eligible=bool(tier.mdf_eligible),
            tier_name=tier.name,
            allowed_types=frozenset(allowed) if allowed else None,
            max_share_pct=Decimal(str(rules.max_share_pct)),
            notice_days=rules.notice_days,
        )
    )
    if outcome.refusals:
        raise InvalidFields(
            [
                (f.field, finding_words({"code": f.code, "figures": f.figures}))
                for f in outcome.refusals
            ]
        )
    flags = [{"code": f.code, "field": f.field, "figures": f.figures} for f in outcome.flags]
    likely = forecast_for(
        data.activity_type,
        amounts["cost"],
        data.expected_leads,
        amounts["expected_pipeline"],
        data.currency,
    )
    region = partner.regions.values_list("region", flat=True).first()
    now = timezone.now()
    with transaction.atomic():
        request = MdfRequest.objects.create(
            partner=partner,
            program_id=program_id,
            fund=fund,
            campaign_code=_campaign_code(),
            activity_type=data.activity_type,
            title=data.title.strip(),
            description=data.description.strip(),
            audience=data.audience.strip(),
            starts=data.starts,
            ends=data.ends,
            cost=amounts["cost"],
            requested_amount=amounts["requested_amount"],
            currency=data.currency,
            expected_leads=data.expected_leads,
            expected_pipeline=amounts["expected_pipeline"],
            collects_personal_data=data.collects_personal_data,
            consent_attested=data.consent_attested,
            involves_public_officials=data.involves_public_officials,
            gifts_or_hospitality=data.gifts_or_hospitality,
            cash_equivalents=data.cash_equivalents,
            payee_name=data.payee_name.strip() or partner.name,
            flags=flags,
            submitted_by_id=actor.user_id,
            decision_due_at=add_business_hours(now, rules.decision_hours, region),
            claim_deadline=data.ends + dt.timedelta(days=rules.claim_days),
            forecast_pipeline=in_currency(likely[0].pipeline, data.currency) if likely else None,
            forecast_low=in_currency(likely[0].low, data.currency) if likely else None,
            forecast_high=in_currency(likely[0].high, data.currency) if likely else None,
            forecast_run=likely[1] if likely else None,
        )
        events.record(
            actor,
            "mdf_request.submitted",
            request,
            after={
                "amount": str(request.requested_amount),
                "currency": request.currency,
                "fund": fund.pk,
                "flags": [f["code"] for f in flags],
            },
        )
        tell_deciders(request, partner, "submitted")
    return request


def _campaign_code() -> str:
    """A short code the partner puts on the activity's links and forms, so the leads and
    deals it brings are attributed to it."""
    return "MDF-" + secrets.token_hex(4).upper()


def _locked(request: MdfRequest) -> MdfRequest:
    return MdfRequest.objects.select_for_update().select_related("partner").get(pk=request.pk)


def _move(request: MdfRequest, target: str) -> str:
    if target not in REQUEST_TRANSITIONS[request.status]:
        raise InvalidTransition(request.get_status_display(), str(RequestStatus(target).label))
    before, request.status = request.status, target
    return before


def request_approve(
    *,
    actor: Actor,
    request: MdfRequest,
    amount: Decimal | None = None,
    conditions: str = "",
    note: str = "",
) -> MdfRequest:
    """Approve in full or in part: the amount is committed on the fund in the same transaction
    (``Conflict`` with what the fund still has when it cannot cover it)."""
    require(actor, "funds.decide", request)
    with transaction.atomic():
        request = _locked(request)
        wanted = request.requested_amount if amount is None else amount
        wanted = money_amount(wanted, request.currency, field="amount")
        if wanted > request.requested_amount:
            raise InvalidInput(
                _("Approve at most the %(amount)s requested.")
                % {"amount": Money(request.requested_amount, request.currency).format()},
                field="amount",
            )
        if request.flags and not note.strip():
            raise InvalidInput(
                _("This request has red flags: say why they are acceptable."), field="note"
            )
        before = _move(request, RequestStatus.APPROVED)
        fund = lock_fund(request.fund_id)
        if fund.closed_at is not None:
            raise Conflict(_("The fund %(fund)s is closed.") % {"fund": fund.name})
        post(fund, EntryKind.COMMIT, wanted, actor=actor, request=request)
        request.approved_amount = wanted
        request.conditions = conditions.strip()
        request.decision_note = note.strip()
        request.decided_by_id, request.decided_at = actor.user_id, timezone.now()
        request.save()
        events.record(
            actor,
            "mdf_request.approved",
            request,
            before={"status": before},
            after={
                "status": request.status,
                "amount": str(wanted),
                "partial": wanted < request.requested_amount,
            },
            note=note.strip(),
        )
        tell_partner(request, "approved")
    return request


def request_reject(*, actor: Actor, request: MdfRequest, reason: str) -> MdfRequest:
    require(actor, "funds.decide", request)
    if not reason.strip():
        raise InvalidInput(_("Say why the request is rejected."), field="reason")
    with transaction.atomic():
        request = _locked(request)
        before = _move(request, RequestStatus.REJECTED)
        request.decision_note = reason.strip()
        request.decided_by_id, request.decided_at = actor.user_id, timezone.now()
        request.save()
        events.record(
            actor, "mdf_request.rejected", request, before={"status": before}, note=reason.strip()
        )
        tell_partner(request, "rejected")
    return request


def request_ask(*, actor: Actor, request: MdfRequest, question: str) -> MdfRequest:
    """Send the request back to the partner with a question; the SLA clock waits for them."""
    require(actor, "funds.decide", request)
    if not question.strip():
        raise InvalidInput(_("Write the question for the partner."), field="question")
    with transaction.atomic():
        request = _locked(request)
        before = _move(request, RequestStatus.MORE_INFO)
        request.question = question.strip()
        request.save()
        events.record(
            actor,
            "mdf_request.more_info",
            request,
            before={"status": before},
            note=question.strip(),
        )
        tell_partner(request, "more_info")
    return request


def request_answer(*, actor: Actor, request: MdfRequest, answer: str) -> MdfRequest:
    """The partner answers the vendor's question; the request waits for a decision again, with
    a fresh SLA."""
    require(actor, "funds.change_request", request)
    if not answer.strip():
        raise InvalidInput(_("Write your answer."), field="answer")
    with transaction.atomic():
        request = _locked(request)
        if request.status != RequestStatus.MORE_INFO:
            raise Conflict(_("Nothing was asked on this request."))
        before = _move(request, RequestStatus.SUBMITTED)
        rules = mdf_rules(request.program_id)
        request.decision_due_at = add_business_hours(timezone.now(), rules.decision_hours)
        request.escalated_at = None
        request.description = f"{request.description}\n\n{_('Answer')}: {answer.strip()}".strip()
        request.save()
        events.record(
            actor, "mdf_request.updated", request, before={"status": before}, note=answer.strip()
        )
        tell_deciders(request, request.partner, "answered")
    return request


def request_cancel(*, actor: Actor, request: MdfRequest, reason: str) -> MdfRequest:
    """The partner withdraws its request (or the vendor cancels an approved one); money
    committed to it goes back to the fund."""
    if not allows(actor, "funds.decide", request):
        require(actor, "funds.change_request", request)
    if not reason.strip():
        raise InvalidInput(_("Say why the request is cancelled."), field="reason")
    with transaction.atomic():
        request = _locked(request)
        if MdfClaim.objects.filter(request=request).exclude(status="rejected").exists():
            raise Conflict(_("Claims were made on this request; it closes after its last claim."))
        before = _move(request, RequestStatus.CANCELLED)
        if before == RequestStatus.APPROVED and request.approved_amount:
            fund = lock_fund(request.fund_id)
            post(
                fund,
                EntryKind.RELEASE,
                request.approved_amount,
                actor=actor,
                request=request,
                note=reason.strip(),
            )
        request.decision_note = reason.strip()
        request.save()
        events.record(
            actor, "mdf_request.cancelled", request, before={"status": before}, note=reason.strip()
        )
    return request


def requests_sweep(*, now: dt.datetime | None = None) -> dict[str, int]:
    """The hourly job: requests past their decision SLA are escalated to the deciders, once."""
    now = now or timezone.now()
    escalated = 0
    late = MdfRequest.objects.filter(
        status=RequestStatus.SUBMITTED, decision_due_at__lt=now, escalated_at__isnull=True
    ).select_related("partner")
    for request in late:
        with transaction.atomic():
            if not MdfRequest.objects.filter(pk=request.pk, escalated_at__isnull=True).update(
                escalated_at=now
            ):
                continue
            events.record(SYSTEM, "mdf_request.escalated", request)
            tell_deciders(request, request.partner, "late")
            escalated += 1
    return {"escalated": escalated}
