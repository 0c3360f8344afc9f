"""Registering and submitting deals: the conflict check, the claim, and what the engine decides
alone.

A submission is decided in memory first (check, SLA clock, automatic
approval), on what is committed, and then written in one short transaction:
the registration, its lines, co-sellers, claims, audit events and the queued
notification commit together or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trellis.core import events
from trellis.core.actor import SYSTEM, Actor
from trellis.core.business_hours import add_business_hours
from trellis.core.exceptions import Conflict, InvalidInput, InvalidTransition
from trellis.core.policies import require
from trellis.core.rates import NoRate, convert
from trellis.customers.selectors import similar_companies
from trellis.customers.services import (
    CustomerInput,
    Resolution,
    customer_resolve,
    validate_customer,
)
from trellis.partners.selectors import partner_for_actor

from .. import policies  # noqa: F401  (registers the rules)
from ..choices import ACTIVE_STATUSES, CheckOutcome, ConflictKind, DealStatus
from ..models import ConflictLog, DealClaim, DealProduct, DealRegistration, RulesOfEngagement
from ..reasons import all_words, auto_approved, reason
from . import lifecycle
from .checks import CheckResult, check_registration
from .co_sellers import co_seller_requests, co_sellers_named
from .lifecycle import Notice, Step, Terms
from .validation import CleanInput, DealInput, campaign_code_of, clean_input

if TYPE_CHECKING:
    from trellis.partners.models import Partner


class RegistrationConflict(Conflict):
    """Another partner's active registration holds this customer; never says which partner."""

    code = "registration-conflict"

    def __init__(self, message: str, *, conflict_id: int) -> None:
        super().__init__(message)
        self.conflict_id = conflict_id


class DuplicateRegistration(RegistrationConflict):
    code = "duplicate-registration"


class DirectAccountExcluded(RegistrationConflict):
    code = "direct-account"


@dataclass
class _Blocked(Exception):
    kind: ConflictKind
    check: CheckResult
    deal: DealRegistration
    family_ids: list[int]
    resolution: Resolution | None


def registering_partner(*, actor: Actor, partner_id: int | None = None) -> Partner:
    """The partner ``actor`` registers deals for: a partner user's own, or the one vendor staff
    name. Anyone else is refused, another partner's id answers 404 (``NotFound``)."""
    if partner_id is not None and not actor.is_staff:
        raise InvalidInput(
            _("Only vendor staff may register for another partner."), field="partner"
        )
    wanted = partner_id if partner_id is not None else actor.partner_id
    if wanted is None:
        raise InvalidInput(_("Name the partner to register for."), field="partner")
    partner = partner_for_actor(actor=actor, partner_id=wanted)
    require(actor, "deals.register", partner)
    return partner


def deal_register(
    *, actor: Actor, partner: Partner, data: DealInput, submit: bool = True
) -> DealRegistration:
    """Register an opportunity for ``partner``; submitted at once unless ``submit`` is False.

    Raises RegistrationConflict (409) when an active registration already holds
    the customer for these product families; the attempt is kept in the conflict log.
    """
    require(actor, "deals.register", partner)
    clean = clean_input(data)
    terms = lifecycle.terms_for(partner.pk)
    if terms is None:
        raise InvalidInput(
            _("Your company is not enrolled in a partner program yet, so it cannot register deals.")
        )
    co_sellers = co_sellers_named(data.co_seller_ids, partner.pk)
    email_domain = data.contact_email.rsplit("@", 1)[-1] if "@" in data.contact_email else ""
    customer = data.customer
    resolution = customer_resolve(
        data=CustomerInput(
            customer.name, customer.domain, customer.country, customer.city, email_domain
        ),
        owner_partner_id=partner.pk,
        actor=actor,
    )
    deal = DealRegistration(
        partner=partner,
        program_id=terms.program_id,
        customer=resolution.account,
        customer_name=customer.name.strip()[:250],
        customer_domain=customer.domain.strip().lower()[:253]
        if customer.domain
        else resolution.account.domain,
        customer_country=customer.country.strip().upper(),
        customer_city=customer.city.strip()[:120],
        contact_name=data.contact_name.strip()[:150],
        contact_email=data.contact_email.strip().lower(),
        amount=clean.amount,
        currency=data.currency,
        expected_close=clean.expected_close,
        deal_type=data.deal_type,
        sourced=data.sourced,
        description=data.description.strip(),
        campaign_code=campaign_code_of(data.campaign_code),
        match_score=resolution.score,
        match_evidence=resolution.evidence,
        created_by_id=actor.user_id,
    )
    families = {p.family_id: p.family.name for p in clean.products}
    steps = [Step(actor, "deal.created", after=_summary(deal))]
    lines = [DealProduct(deal=deal, product=p, family=p.family) for p in clean.products]
    try:
        notice = None
        if submit:
            # Decided on what is committed; the claim's unique index settles a race at the write.
            submitted, notice = _submit(
                actor, deal, families=families, terms=terms, resolution=resolution
            )
            steps += submitted
        with transaction.atomic():
            deal.save(force_insert=True)
            DealProduct.objects.bulk_create(lines)
            if co_sellers:
                co_seller_requests(deal, co_sellers)
            if submit:
                # A loser of a race for the claim fails here, and all of the above with it.
                DealClaim.objects.bulk_create(_claims(deal, families))
            lifecycle.record_steps(deal, steps)
            if notice is not None:
                lifecycle.tell_partner(deal, notice)
    except _Blocked as blocked:
        raise _conflict_error(actor, blocked, data) from None
    except IntegrityError:
        # Lost a race for the claim: another registration committed first.
        raise _race_error(actor, partner, data, clean) from None
    deal.keep_lines(lines)
    return deal


def deal_submit(*, actor: Actor, deal: DealRegistration) -> DealRegistration:
    """Submit a draft, or send an answered information request back to the vendor."""
    require(actor, "deals.edit", deal)
    try:
        with transaction.atomic():
            deal = lifecycle.lock(deal)
            terms = _terms_of(deal)
            if deal.status == DealStatus.MORE_INFO:
                lifecycle.transition(deal, DealStatus.SUBMITTED)
                deal.sla_due_at = add_business_hours(
                    timezone.now(), terms.rules.sla_hours, terms.region
                )
                deal.save()
                events.record(actor, "deal.resubmitted", deal, after={"status": deal.status})
            else:
                _submit_existing(actor, deal, terms)
    except _Blocked as blocked:
        raise _conflict_error(actor, blocked, input_of(deal)) from None
    except IntegrityError:
        raise Conflict(
            _("Another registration for this customer was accepted a moment earlier.")
        ) from None
    return deal


def deal_reopen(*, actor: Actor, deal: DealRegistration, note: str = "") -> DealRegistration:
    """The vendor gives a rejected, lost or expired registration another chance (it must still win
    its
    claim)."""
    require(actor, "deals.decide", deal)
    try:
        with transaction.atomic():
            deal = lifecycle.lock(deal)
            if deal.status not in (DealStatus.REJECTED, DealStatus.LOST, DealStatus.EXPIRED):
                raise InvalidTransition(deal.get_status_display(), str(DealStatus.SUBMITTED.label))
            DealClaim.objects.filter(deal=deal).delete()
            deal.reject_reason = ""
            deal.status = DealStatus.DRAFT  # re-enters through the same checks as a new submission
            events.record(actor, "deal.reopened", deal, note=note)
            _submit_existing(actor, deal, _terms_of(deal))
    except _Blocked as blocked:
        raise _conflict_error(actor, blocked, input_of(deal)) from None
    except IntegrityError:
        raise Conflict(
            _("Another registration for this customer was accepted a moment earlier.")
        ) from None
    return deal


def input_of(deal: DealRegistration) -> DealInput:
    """A stored registration as the input that would register it again (for re-checks and edits)."""
    return DealInput(
        customer=CustomerInput(
            deal.customer_name, deal.customer_domain, deal.customer_country, deal.customer_city
        ),
        products=[line.product.sku for line in deal.lines.select_related("product")],
        amount=deal.amount,
        currency=deal.currency,
        expected_close=deal.expected_close,
        deal_type=deal.deal_type,
        sourced=deal.sourced,
        contact_name=deal.contact_name,
        contact_email=deal.contact_email,
        description=deal.description,
    )


def _terms_of(deal: DealRegistration) -> Terms:
    terms = lifecycle.terms_for(deal.partner_id, program_id=deal.program_id)
    assert terms is not None  # a pinned program always has terms
    return terms


def _summary(deal: DealRegistration) -> dict[str, Any]:
    return {
        "customer": deal.customer_name,
        "amount": str(deal.amount),
        "currency": deal.currency,
        "status": deal.status,
    }


def _submit_existing(actor: Actor, deal: DealRegistration, terms: Terms) -> None:
    """Submit a registration that is already written (a draft, or one the vendor reopened)."""
    lines = deal.lines.select_related("family")
    families = {line.family_id: line.family.name for line in lines}
    steps, notice = _submit(actor, deal, families=families, terms=terms, resolution=None)
    DealClaim.objects.bulk_create(_claims(deal, families))
    deal.save()
    lifecycle.record_steps(deal, steps)
    lifecycle.tell_partner(deal, notice)


def _claims(deal: DealRegistration, families: dict[int, str]) -> list[DealClaim]:
    # The unique index settles simultaneous registrations where these are written; a loser's
    # IntegrityError undoes its whole registration (the caller turns it into a 409).
    return [
        DealClaim(customer_id=deal.customer_id, family_id=f, deal=deal) for f in sorted(families)
    ]


def _submit(
    actor: Actor,
    deal: DealRegistration,
    *,
    families: dict[int, str],
    terms: Terms,
    resolution: Resolution | None,
) -> tuple[list[Step], Notice]:
    """Decide a submission in memory: the check, the SLA clock, and an automatic approval when
    earned.

    Raises _Blocked when the registration cannot stand; writes nothing itself.
    """
    rules = terms.rules
    _check_open_limit(deal, rules)
    check = check_registration(
        customer=deal.customer,
        partner_id=deal.partner_id,
        deal_id=deal.pk,
        families=families,
        rules=rules,
        resolution=resolution,
    )
    if check.blocked is not None:
        raise _Blocked(check.blocked, check, deal, sorted(families), resolution)
    now = timezone.now()
    before = deal.status
    lifecycle.transition(deal, DealStatus.SUBMITTED)
    deal.submitted_at = now
    deal.sla_due_at = add_business_hours(now, rules.sla_hours, terms.region)
    deal.check_outcome = CheckOutcome.REVIEW if check.reasons else CheckOutcome.CLEAR
    deal.check_reasons = check.reasons or [reason("clear")]
    deal.related_deals = check.related
    steps = [
        Step(
            actor,
            "deal.submitted",
            before={"status": before},
            after={
                "status": deal.status,
                "check": deal.check_outcome,
                "reasons": deal.check_reasons,
            },
        )
    ]
    auto = _auto_approval(deal, rules)
    if auto is None:
        return steps, lifecycle.SUBMITTED
    steps.append(
        lifecycle.approve(SYSTEM, deal, rules, terms.uplift_pct, note=auto, automatic=True)
    )
    return steps, lifecycle.APPROVED


def _check_open_limit(deal: DealRegistration, rules: RulesOfEngagement) -> None:
    if rules.max_open_per_partner is None:
        return
    open_count = DealRegistration.objects.filter(
        partner_id=deal.partner_id, status__in=ACTIVE_STATUSES
    ).count()
    if open_count >= rules.max_open_per_partner:
        raise InvalidInput(
            _(
                "Your company has %(n)s open registrations, the most the program allows. "
                "Close or withdraw one first."
            )
            % {"n": open_count}
        )


def _auto_approval(deal: DealRegistration, rules: RulesOfEngagement) -> str | None:
    """The reason for approving without a person, or None when a person must decide."""
    if not rules.auto_approve or deal.check_outcome != CheckOutcome.CLEAR:
        return None
    if deal.partner.status != "active":
        return None
    try:
        converted = convert(deal.amount, deal.currency, rules.auto_approve_currency)
    except NoRate:  # finance has no rate for this currency yet: a person compares the amount
        return None
    if converted.amount > rules.auto_approve_max_amount:
        return None
    return auto_approved(
        amount=deal.amount,
        currency=deal.currency,
        limit=rules.auto_approve_max_amount,
        limit_currency=rules.auto_approve_currency,
        rates_of=converted.rates_of,
    )


# --- refusals ---------------------------------------------------------------------


def _conflict_error(actor: Actor, blocked: _Blocked, data: DealInput) -> RegistrationConflict:
    winner = blocked.check.winning_deal_id
    log = _log_conflict(
        actor,
        blocked.deal.partner_id,
        blocked.deal.customer_id,
        blocked.kind,
        winner,
        data,
        blocked.family_ids,
        blocked.resolution,
    )
    why = " ".join(all_words(blocked.check.reasons))
    if blocked.kind == ConflictKind.OWN_DUPLICATE:
        return DuplicateRegistration(
            _(
                "Your company already has an active registration for this customer "
                "(#%(id)s). %(reason)s"
            )
            % {"id": winner or "?", "reason": why},
            conflict_id=log.pk,
        )
    if blocked.kind == ConflictKind.DIRECT:
        return DirectAccountExcluded(
            _("This customer is handled by the vendor's own sales team. %(reason)s")
            % {"reason": why},
            conflict_id=log.pk,
        )
    return RegistrationConflict(
        _(
            "Another active registration protects this customer for these products. %(reason)s "
            "Your attempt is recorded; you can appeal it."
        )
        % {"reason": why},
        conflict_id=log.pk,
    )


def _race_error(
    actor: Actor, partner: Partner, data: DealInput, clean: CleanInput
) -> RegistrationConflict:
    """After a lost race the claim exists; find it to log the conflict like any other."""
    family_ids = sorted({p.family_id for p in clean.products})
    customer = validate_customer(data.customer)
    found = similar_companies(
        name=customer.name,
        domain=customer.domain,
        country=customer.country,
        city=customer.city,
        limit=1,
    )
    holder = (
        DealClaim.objects.filter(
            customer_id=int(found[0].id), family_id__in=family_ids, active=True
        )
        .values_list("deal_id", "deal__partner_id", "customer_id")
        .first()
        if found
        else None
    )
    winner, winner_partner, customer_id = holder if holder else (None, None, None)
    kind = ConflictKind.OWN_DUPLICATE if winner_partner == partner.pk else ConflictKind.PARTNER
    log = _log_conflict(actor, partner.pk, customer_id, kind, winner, data, family_ids, None)
    error_class = (
        DuplicateRegistration if kind == ConflictKind.OWN_DUPLICATE else RegistrationConflict
    )
    return error_class(
        _(
            "Another registration for this customer and these products was accepted a "
            "moment earlier. "
            "Your attempt is recorded; you can appeal it."
        ),
        conflict_id=log.pk,
    )


def _log_conflict(
    actor: Actor,
    partner_id: int,
    customer_id: int | None,
    kind: str,
    winner_id: int | None,
    data: DealInput,
    family_ids: list[int],
    resolution: Resolution | None,
) -> ConflictLog:
    log = ConflictLog(
        partner_id=partner_id,
        attempted_by_id=actor.user_id,
        customer_id=customer_id,
        kind=kind,
        winning_deal_id=winner_id,
        families=family_ids,
        attempt={
            "customer": data.customer.name,
            "domain": data.customer.domain,
            "country": data.customer.country,
            "city": data.customer.city,
            "amount": str(data.amount),
            "currency": data.currency,
            "products": data.products,
        },
        match_score=resolution.score if resolution else None,
        evidence=resolution.evidence if resolution else [],
    )
    with transaction.atomic():
        log.save(force_insert=True)
        events.record(actor, "deal.conflict", log, after={"kind": kind, "winning_deal": winner_id})
    return log
