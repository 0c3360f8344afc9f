"""Writes about deal registrations: register, decide, extend, close, expire, appeal.

Every state change goes through ``_transition`` (the allowed moves live in
choices.TRANSITIONS), is audited, and tells the partner.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_q.tasks import async_task

from trellis.accounts.selectors import partner_recipients, staff_recipients
from trellis.catalog.selectors import products_by_sku
from trellis.core import events
from trellis.core.actor import SYSTEM, Actor
from trellis.core.business_hours import add_business_hours
from trellis.core.exceptions import Conflict, InvalidInput, InvalidTransition
from trellis.core.money import CURRENCIES, RATES_VERSION, convert
from trellis.core.notifications import notify
from trellis.core.policies import require
from trellis.customers.selectors import similar_companies
from trellis.customers.services import (
    CustomerInput,
    Resolution,
    customer_resolve,
    validate_customer,
)
from trellis.partners.selectors import partner_region, registration_enrollment

from . import policies  # noqa: F401  (registers the rules)
from .checks import CheckResult, check_registration
from .choices import (
    ACTIVE_STATUSES,
    TRANSITIONS,
    AppealStatus,
    CheckOutcome,
    ConflictKind,
    DealStatus,
    DealType,
    RejectReason,
)
from .models import (
    ConflictAppeal,
    ConflictLog,
    DealClaim,
    DealProduct,
    DealRegistration,
    RulesOfEngagement,
)

MAX_AMOUNT = Decimal("999999999999.99")


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


@dataclass(frozen=True)
class DealInput:
    customer: CustomerInput
    products: list[str]
    amount: Any
    currency: str
    expected_close: Any
    deal_type: str = DealType.NEW
    sourced: bool = True
    contact_name: str = ""
    contact_email: str = ""
    description: str = ""
    co_seller_ids: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class _Clean:
    data: DealInput
    amount: Decimal
    expected_close: dt.date
    products: list[Any]


def _validate(data: DealInput) -> _Clean:
    """Every field checked before anything is written; the first problem is reported with its field."""
    try:
        amount = Decimal(str(data.amount).strip())
    except (InvalidOperation, ValueError):
        raise InvalidInput(
            _("Enter the amount as a number, such as 25000.00."), field="amount"
        ) from None
    if not amount.is_finite() or amount <= 0:
        raise InvalidInput(_("The amount must be more than zero."), field="amount")
    if amount > MAX_AMOUNT or amount.as_tuple().exponent < -2:  # type: ignore[operator]
        raise InvalidInput(
            _("Use at most two decimal places and a realistic amount."), field="amount"
        )
    if data.currency not in CURRENCIES:
        raise InvalidInput(
            _("Unknown currency %(c)s; use an ISO 4217 code such as EUR.") % {"c": data.currency},
            field="currency",
        )
    close = data.expected_close
    if isinstance(close, str):
        try:
            close = dt.date.fromisoformat(close)
        except ValueError:
            raise InvalidInput(
                _("Enter the expected close date as YYYY-MM-DD."), field="expected_close"
            ) from None
    if not isinstance(close, dt.date):
        raise InvalidInput(
            _("Enter the expected close date as YYYY-MM-DD."), field="expected_close"
        )
    if close < timezone.localdate():
        raise InvalidInput(_("The expected close date is in the past."), field="expected_close")
    if close > timezone.localdate() + dt.timedelta(days=3 * 365):
        raise InvalidInput(
            _("The expected close date is more than three years away."), field="expected_close"
        )
    if data.deal_type not in DealType.values:
        raise InvalidInput(_("Choose new, upsell or renewal."), field="deal_type")
    skus = list(dict.fromkeys(s.strip() for s in data.products if s and s.strip()))
    if not skus:
        raise InvalidInput(_("Choose at least one product."), field="products")
    found = products_by_sku(skus)
    unknown = [s for s in skus if s not in found]
    if unknown:
        raise InvalidInput(
            _("Not in the catalogue: %(skus)s.") % {"skus": ", ".join(unknown)}, field="products"
        )
    if data.contact_email:
        try:
            validate_email(data.contact_email.strip())
        except ValidationError:
            raise InvalidInput(_("Enter a valid e-mail address."), field="contact.email") from None
    return _Clean(data, amount, close, [found[s] for s in skus])


def rules_for(program_id: int) -> RulesOfEngagement:
    rules, _created = RulesOfEngagement.objects.get_or_create(program_id=program_id)
    return rules


@dataclass
class _Blocked(Exception):
    kind: ConflictKind
    check: CheckResult
    deal: DealRegistration
    family_ids: list[int]
    resolution: Resolution | None


def deal_register(
    *, actor: Actor, partner: Any, data: DealInput, submit: bool = True
) -> DealRegistration:
    """Register an opportunity for ``partner``; submitted at once unless ``submit`` is False.

    Raises RegistrationConflict (409) when an active registration already holds
    the customer for these product families; the attempt is kept in the conflict log.
    """
    require(actor, "deals.register", partner)
    clean = _validate(data)
    enrollment = registration_enrollment(partner)
    if enrollment is None:
        raise InvalidInput(
            _("Your company is not enrolled in a partner program yet, so it cannot register deals.")
        )
    rules = rules_for(enrollment.program_id)
    email_domain = data.contact_email.rsplit("@", 1)[-1] if "@" in data.contact_email else ""
    resolution = customer_resolve(
        data=CustomerInput(data.customer.name, data.customer.domain, data.customer.country, data.customer.city, email_domain),
        owner_partner_id=partner.pk, actor=actor,
    )  # fmt: skip
    try:
        with transaction.atomic():
            customer = data.customer
            deal = DealRegistration.objects.create(
                partner=partner, program_id=enrollment.program_id, customer=resolution.account,
                customer_name=customer.name.strip()[:250], customer_domain=resolution.account.domain if not customer.domain else customer.domain.strip().lower()[:253],
                customer_country=customer.country.strip().upper(), customer_city=customer.city.strip()[:120],
                contact_name=data.contact_name.strip()[:150], contact_email=data.contact_email.strip().lower(),
                amount=clean.amount, currency=data.currency, expected_close=clean.expected_close,
                deal_type=data.deal_type, sourced=data.sourced, description=data.description.strip(),
                match_score=resolution.score, match_evidence=resolution.evidence, created_by_id=actor.user_id,
            )  # fmt: skip
            DealProduct.objects.bulk_create(
                DealProduct(deal=deal, product=p, family_id=p.family_id) for p in clean.products
            )
            if data.co_seller_ids:
                deal.co_sellers.set([i for i in data.co_seller_ids if i != partner.pk])
            events.record(actor, "deal.created", deal, after=_summary(deal))
            if submit:
                _submit(actor, deal, rules, resolution)
    except _Blocked as blocked:
        raise _conflict_error(actor, blocked, data) from None
    except IntegrityError:
        # Lost a race for the claim: another registration committed first.
        raise _race_error(actor, partner, data, clean) from None
    return deal


def _summary(deal: DealRegistration) -> dict[str, Any]:
    return {"customer": deal.customer_name, "amount": str(deal.amount), "currency": deal.currency,
            "status": deal.status}  # fmt: skip


def _families(deal: DealRegistration) -> tuple[set[int], dict[int, str]]:
    lines = list(deal.lines.select_related("family"))
    return {line.family_id for line in lines}, {line.family_id: line.family.name for line in lines}


def _submit(
    actor: Actor, deal: DealRegistration, rules: RulesOfEngagement, resolution: Resolution | None
) -> None:
    """Claim the customer, decide what the engine can decide, and start the SLA clock."""
    if rules.max_open_per_partner is not None:
        open_count = DealRegistration.objects.filter(
            partner_id=deal.partner_id, status__in=ACTIVE_STATUSES
        ).count()
        if open_count >= rules.max_open_per_partner:
            raise InvalidInput(
                _(
                    "Your company has %(n)s open registrations, the most the program allows. Close or withdraw one first."
                )
                % {"n": open_count}
            )
    family_ids, names = _families(deal)
    check = check_registration(
        deal=deal, family_ids=family_ids, family_names=names, rules=rules, resolution=resolution
    )
    if check.blocked is not None:
        raise _Blocked(check.blocked, check, deal, sorted(family_ids), resolution)
    # The unique index settles simultaneous registrations here; a loser's IntegrityError
    # rolls back its whole registration (the caller turns it into a 409).
    DealClaim.objects.bulk_create(
        DealClaim(customer_id=deal.customer_id, family_id=f, deal=deal) for f in sorted(family_ids)
    )
    now = timezone.now()
    before = deal.status
    _transition(deal, DealStatus.SUBMITTED)
    deal.submitted_at = now
    deal.sla_due_at = add_business_hours(now, rules.sla_hours, partner_region(deal.partner))
    deal.check_outcome = CheckOutcome.REVIEW if check.reasons else CheckOutcome.CLEAR
    deal.check_reasons = check.reasons or [
        _("No other active registration, direct account or similar company found.")
    ]
    deal.related_deals = check.related
    deal.save(update_fields=["status", "submitted_at", "sla_due_at", "check_outcome", "check_reasons",
                             "related_deals", "updated_at"])  # fmt: skip
    events.record(actor, "deal.submitted", deal, before={"status": before},
                  after={"status": deal.status, "check": deal.check_outcome, "reasons": deal.check_reasons})  # fmt: skip
    auto = _auto_approval(deal, rules)
    if auto is not None:
        _approve(SYSTEM, deal, rules, note=auto, automatic=True)
    else:
        _tell_partner(deal, "deal.submitted", gettext_noop("Registration received: %(customer)s"),
                      gettext_noop("We received your registration for %(customer)s. A channel manager will decide by %(due)s."))  # fmt: skip


def _auto_approval(deal: DealRegistration, rules: RulesOfEngagement) -> str | None:
    """The reason for approving without a person, or None when a person must decide."""
    if not rules.auto_approve or deal.check_outcome != CheckOutcome.CLEAR:
        return None
    if deal.partner.status != "active":
        return None
    amount = convert(deal.amount, deal.currency, rules.auto_approve_currency)
    if amount > rules.auto_approve_max_amount:
        return None
    return _(
        "Approved automatically: no conflicting registration or direct account, the partner is in good standing, "
        "and %(amount)s %(cur)s is within the %(limit)s %(limit_cur)s limit (rates of %(rates)s)."
    ) % {"amount": deal.amount, "cur": deal.currency, "limit": rules.auto_approve_max_amount,
         "limit_cur": rules.auto_approve_currency, "rates": RATES_VERSION}  # fmt: skip


def _transition(deal: DealRegistration, target: str) -> None:
    if target not in TRANSITIONS[deal.status]:
        raise InvalidTransition(deal.get_status_display(), str(DealStatus(target).label))
    deal.status = target


def _conflict_error(actor: Actor, blocked: _Blocked, data: DealInput) -> RegistrationConflict:
    log = _log_conflict(
        actor, blocked.deal.partner_id, blocked.deal.customer_id, blocked.kind, blocked.check.winning_deal,
        data, blocked.family_ids, blocked.resolution,
    )  # fmt: skip
    reason = " ".join(blocked.check.reasons)
    if blocked.kind == ConflictKind.OWN_DUPLICATE:
        winner = blocked.check.winning_deal
        return DuplicateRegistration(
            _(
                "Your company already has an active registration for this customer (#%(id)s). %(reason)s"
            )
            % {"id": winner.pk if winner else "?", "reason": reason},
            conflict_id=log.pk,
        )
    if blocked.kind == ConflictKind.DIRECT:
        return DirectAccountExcluded(
            _("This customer is handled by the vendor's own sales team. %(reason)s")
            % {"reason": reason},
            conflict_id=log.pk,
        )
    return RegistrationConflict(
        _(
            "Another active registration protects this customer for these products. %(reason)s "
            "Your attempt is recorded; you can appeal it."
        )
        % {"reason": reason},
        conflict_id=log.pk,
    )


def _race_error(actor: Actor, partner: Any, data: DealInput, clean: _Clean) -> RegistrationConflict:
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
    claim = (
        DealClaim.objects.filter(
            customer_id=int(found[0].id), family_id__in=family_ids, active=True
        )
        .select_related("deal")
        .first()
        if found
        else None
    )
    winner = claim.deal if claim else None
    kind = (
        ConflictKind.OWN_DUPLICATE
        if winner and winner.partner_id == partner.pk
        else ConflictKind.PARTNER
    )
    log = _log_conflict(
        actor,
        partner.pk,
        winner.customer_id if winner else None,
        kind,
        winner,
        data,
        family_ids,
        None,
    )
    error_class = (
        DuplicateRegistration if kind == ConflictKind.OWN_DUPLICATE else RegistrationConflict
    )
    return error_class(
        _(
            "Another registration for this customer and these products was accepted a moment earlier. "
            "Your attempt is recorded; you can appeal it."
        ),
        conflict_id=log.pk,
    )


def _log_conflict(
    actor: Actor, partner_id: int, customer_id: int | None, kind: str, winner: DealRegistration | None,
    data: DealInput, family_ids: list[int], resolution: Resolution | None,
) -> ConflictLog:  # fmt: skip
    with transaction.atomic():
        log = ConflictLog.objects.create(
            partner_id=partner_id, attempted_by_id=actor.user_id, customer_id=customer_id, kind=kind,
            winning_deal=winner, families=family_ids,
            attempt={"customer": data.customer.name, "domain": data.customer.domain, "country": data.customer.country,
                     "city": data.customer.city, "amount": str(data.amount), "currency": data.currency,
                     "products": data.products},
            match_score=resolution.score if resolution else None,
            evidence=resolution.evidence if resolution else [],
        )  # fmt: skip
        events.record(
            actor,
            "deal.conflict",
            log,
            after={"kind": kind, "winning_deal": winner.pk if winner else None},
        )
    return log


# --- decisions ------------------------------------------------------------------


def _approve(
    actor: Actor, deal: DealRegistration, rules: RulesOfEngagement, *, note: str, automatic: bool
) -> None:
    before = deal.status
    _transition(deal, DealStatus.APPROVED)
    now = timezone.now()
    deal.decided_at = now
    deal.decided_by_id = actor.user_id
    deal.auto_decided = automatic
    deal.decision_note = note
    deal.protected_until = now + dt.timedelta(days=rules.protection_days)
    enrollment = registration_enrollment(deal.partner)
    deal.uplift_pct = enrollment.tier.deal_reg_uplift_pct if enrollment else Decimal(0)
    deal.sla_due_at = None
    deal.save()
    events.record(actor, "deal.approved", deal, before={"status": before},
                  after={"status": deal.status, "protected_until": deal.protected_until, "uplift_pct": deal.uplift_pct},
                  note=note)  # fmt: skip
    _tell_partner(deal, "deal.approved", gettext_noop("Registration approved: %(customer)s"),
                  gettext_noop("Your registration for %(customer)s is approved and protected until %(until)s."))  # fmt: skip


def _lock(deal: DealRegistration) -> DealRegistration:
    return DealRegistration.objects.select_for_update().select_related("partner").get(pk=deal.pk)


def deal_approve(*, actor: Actor, deal: DealRegistration, note: str = "") -> DealRegistration:
    require(actor, "deals.decide", deal)
    with transaction.atomic():
        deal = _lock(deal)
        _approve(actor, deal, rules_for(deal.program_id), note=note, automatic=False)
    return deal


def _release(deal: DealRegistration) -> None:
    DealClaim.objects.filter(deal=deal, active=True).update(active=False)


def deal_reject(
    *, actor: Actor, deal: DealRegistration, reason: str, note: str = ""
) -> DealRegistration:
    require(actor, "deals.decide", deal)
    if reason not in RejectReason.values:
        raise InvalidInput(_("Choose a rejection reason."), field="reason")
    with transaction.atomic():
        deal = _lock(deal)
        before = deal.status
        _transition(deal, DealStatus.REJECTED)
        deal.reject_reason, deal.decision_note = reason, note.strip()
        deal.decided_at, deal.decided_by_id, deal.auto_decided, deal.sla_due_at = (
            timezone.now(),
            actor.user_id,
            False,
            None,
        )
        deal.save()
        _release(deal)
        events.record(actor, "deal.rejected", deal, before={"status": before},
                      after={"status": deal.status, "reason": reason}, note=note)  # fmt: skip
        _tell_partner(deal, "deal.rejected", gettext_noop("Registration rejected: %(customer)s"),
                      gettext_noop("Your registration for %(customer)s was rejected: %(reason)s. %(note)s"))  # fmt: skip
    return deal


def deal_request_info(*, actor: Actor, deal: DealRegistration, question: str) -> DealRegistration:
    require(actor, "deals.decide", deal)
    if not question.strip():
        raise InvalidInput(_("Say what information you need."), field="question")
    with transaction.atomic():
        deal = _lock(deal)
        before = deal.status
        _transition(deal, DealStatus.MORE_INFO)
        deal.info_request, deal.sla_due_at = (
            question.strip(),
            None,
        )  # the clock waits for the partner
        deal.save()
        events.record(actor, "deal.info_requested", deal, before={"status": before}, after={"status": deal.status},
                      note=question)  # fmt: skip
        _tell_partner(deal, "deal.info_requested", gettext_noop("More information needed: %(customer)s"),
                      gettext_noop("Your channel manager asks about %(customer)s: %(question)s"))  # fmt: skip
    return deal


EDITABLE = (
    "amount",
    "currency",
    "expected_close",
    "contact_name",
    "contact_email",
    "description",
    "deal_type",
    "sourced",
)


def deal_update(
    *, actor: Actor, deal: DealRegistration, changes: dict[str, Any]
) -> DealRegistration:
    """The partner corrects a draft or answers a request for information."""
    require(actor, "deals.edit", deal)
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise InvalidInput(
            _("These fields cannot be changed: %(f)s.") % {"f": ", ".join(unknown)},
            field=unknown[0],
        )
    with transaction.atomic():
        deal = _lock(deal)
        if deal.status not in (DealStatus.DRAFT, DealStatus.MORE_INFO):
            raise Conflict(
                _("Only drafts and registrations awaiting your information can be changed.")
            )
        current = {name: getattr(deal, name) for name in EDITABLE}
        merged = dataclasses.replace(_input_of(deal), **{**current, **changes})
        clean = _validate(merged)
        before = events.snapshot(deal, list(EDITABLE))
        deal.amount, deal.currency, deal.expected_close = (
            clean.amount,
            merged.currency,
            clean.expected_close,
        )
        deal.deal_type, deal.sourced, deal.description = (
            merged.deal_type,
            bool(merged.sourced),
            merged.description.strip(),
        )
        deal.contact_name, deal.contact_email = (
            merged.contact_name.strip(),
            merged.contact_email.strip().lower(),
        )
        deal.save()
        after = events.snapshot(deal, list(EDITABLE))
        changed = {k for k in after if after[k] != before[k]}
        if changed:
            events.record(actor, "deal.updated", deal, before={k: before[k] for k in changed},
                          after={k: after[k] for k in changed})  # fmt: skip
    return deal


def deal_submit(*, actor: Actor, deal: DealRegistration) -> DealRegistration:
    """Submit a draft, or send an answered information request back to the vendor."""
    require(actor, "deals.edit", deal)
    try:
        with transaction.atomic():
            deal = _lock(deal)
            rules = rules_for(deal.program_id)
            if deal.status == DealStatus.MORE_INFO:
                _transition(deal, DealStatus.SUBMITTED)
                deal.sla_due_at = add_business_hours(
                    timezone.now(), rules.sla_hours, partner_region(deal.partner)
                )
                deal.save()
                events.record(actor, "deal.resubmitted", deal, after={"status": deal.status})
            else:
                _submit(actor, deal, rules, None)
    except _Blocked as blocked:
        raise _conflict_error(actor, blocked, _input_of(deal)) from None
    except IntegrityError:
        raise Conflict(
            _("Another registration for this customer was accepted a moment earlier.")
        ) from None
    return deal


def _input_of(deal: DealRegistration) -> DealInput:
    """A stored registration as the input that would register it again (for re-checks and edits)."""
    return DealInput(
        customer=CustomerInput(deal.customer_name, deal.customer_domain, deal.customer_country, deal.customer_city),
        products=[line.product.sku for line in deal.lines.select_related("product")], amount=deal.amount,
        currency=deal.currency, expected_close=deal.expected_close, deal_type=deal.deal_type, sourced=deal.sourced,
        contact_name=deal.contact_name, contact_email=deal.contact_email, description=deal.description,
    )  # fmt: skip


def deal_extend(*, actor: Actor, deal: DealRegistration) -> DealRegistration:
    """Extend an approved registration's protection, within the program's limit."""
    require(actor, "deals.manage", deal)
    with transaction.atomic():
        deal = _lock(deal)
        rules = rules_for(deal.program_id)
        if deal.status != DealStatus.APPROVED or deal.protected_until is None:
            raise Conflict(_("Only approved registrations can be extended."))
        if deal.extensions_used >= rules.max_extensions:
            raise Conflict(
                _("This registration has used its %(n)s extension(s); the program allows no more.")
                % {"n": rules.max_extensions}
            )
        before = deal.protected_until
        deal.protected_until = max(deal.protected_until, timezone.now()) + dt.timedelta(
            days=rules.extension_days
        )
        deal.extensions_used += 1
        deal.expiry_warned_at = None
        deal.save()
        events.record(actor, "deal.extended", deal, before={"protected_until": before},
                      after={"protected_until": deal.protected_until, "extensions_used": deal.extensions_used})  # fmt: skip
    return deal


def deal_close(
    *, actor: Actor, deal: DealRegistration, outcome: str, note: str = ""
) -> DealRegistration:
    """Report an approved registration as won or lost; the customer is free again."""
    require(actor, "deals.manage", deal)
    if outcome not in (DealStatus.WON, DealStatus.LOST):
        raise InvalidInput(_("Choose won or lost."), field="outcome")
    with transaction.atomic():
        deal = _lock(deal)
        before = deal.status
        _transition(deal, outcome)
        deal.decision_note = note.strip() or deal.decision_note
        deal.save()
        _release(deal)
        events.record(
            actor,
            f"deal.{outcome}",
            deal,
            before={"status": before},
            after={"status": outcome},
            note=note,
        )
    return deal


def deal_reopen(*, actor: Actor, deal: DealRegistration, note: str = "") -> DealRegistration:
    """The vendor gives a rejected, lost or expired registration another chance (it must still win its claim)."""
    require(actor, "deals.decide", deal)
    try:
        with transaction.atomic():
            deal = _lock(deal)
            if deal.status not in (DealStatus.REJECTED, DealStatus.LOST, DealStatus.EXPIRED):
                raise InvalidTransition(deal.get_status_display(), str(DealStatus.SUBMITTED.label))
            DealClaim.objects.filter(deal=deal).delete()
            deal.reject_reason = ""
            deal.status = DealStatus.DRAFT  # re-enters through the same checks as a new submission
            events.record(actor, "deal.reopened", deal, note=note)
            _submit(actor, deal, rules_for(deal.program_id), None)
    except _Blocked as blocked:
        raise _conflict_error(actor, blocked, _input_of(deal)) from None
    except IntegrityError:
        raise Conflict(
            _("Another registration for this customer was accepted a moment earlier.")
        ) from None
    return deal


def deal_expire(*, deal: DealRegistration) -> bool:
    """Expire an approved registration whose protection ended (the scheduled task calls this)."""
    with transaction.atomic():
        deal = _lock(deal)
        if (
            deal.status != DealStatus.APPROVED
            or deal.protected_until is None
            or deal.protected_until > timezone.now()
        ):
            return False
        _transition(deal, DealStatus.EXPIRED)
        deal.save()
        _release(deal)
        events.record(SYSTEM, "deal.expired", deal, after={"status": deal.status},
                      note=_("Protection ended on %(date)s.") % {"date": deal.protected_until.date().isoformat()})  # fmt: skip
        _tell_partner(deal, "deal.expired", gettext_noop("Registration expired: %(customer)s"),
                      gettext_noop("Protection for %(customer)s ended on %(until)s; the customer is open to other registrations."))  # fmt: skip
    return True


# --- appeals ---------------------------------------------------------------------


def conflict_appeal(*, actor: Actor, conflict: ConflictLog, reason: str) -> ConflictAppeal:
    require(actor, "deals.appeal", conflict)
    if not reason.strip():
        raise InvalidInput(_("Explain why the decision should change."), field="reason")
    with transaction.atomic():
        try:
            with transaction.atomic():
                appeal = ConflictAppeal.objects.create(
                    conflict=conflict,
                    partner_id=conflict.partner_id,
                    reason=reason.strip(),
                    opened_by_id=actor.user_id,
                )
        except IntegrityError:
            raise Conflict(_("This conflict has already been appealed.")) from None
        events.record(actor, "deal.appealed", appeal, after={"conflict": conflict.pk})
        managers = [conflict.partner.channel_manager_id]
        notify(
            staff_recipients(user_ids=managers, roles=() if managers[0] else ("partner_ops",)),
            verb="deal.appealed", partner_id=None, url=reverse("console:appeal_detail", args=[appeal.pk]),
            render=lambda: (_("Conflict appeal from %(partner)s") % {"partner": conflict.partner.name}, reason.strip()),
        )  # fmt: skip
    return appeal


def appeal_decide(
    *, actor: Actor, appeal: ConflictAppeal, overturn: bool, note: str
) -> ConflictAppeal:
    """Uphold the conflict, or overturn it: then the appealing partner's attempt is registered."""
    require(actor, "deals.decide_appeal", appeal)
    if not note.strip():
        raise InvalidInput(_("Explain the decision to the partner."), field="note")
    with transaction.atomic():
        appeal = (
            ConflictAppeal.objects.select_for_update()
            .select_related("conflict", "partner")
            .get(pk=appeal.pk)
        )
        if appeal.status != AppealStatus.OPEN:
            raise Conflict(_("This appeal has already been decided."))
        appeal.status = AppealStatus.OVERTURNED if overturn else AppealStatus.UPHELD
        appeal.decided_by_id, appeal.decided_at, appeal.decision_note = (
            actor.user_id,
            timezone.now(),
            note.strip(),
        )
        appeal.save()
        if overturn and appeal.conflict.winning_deal_id:
            winner = _lock(appeal.conflict.winning_deal)  # type: ignore[arg-type]
            if winner.status in ACTIVE_STATUSES:
                before = winner.status
                winner.status = DealStatus.REJECTED
                winner.reject_reason, winner.decision_note = RejectReason.CONFLICT, note.strip()
                winner.save()
                _release(winner)
                events.record(actor, "deal.rejected", winner, before={"status": before},
                              after={"status": winner.status, "reason": "appeal"}, note=note)  # fmt: skip
        events.record(actor, f"appeal.{appeal.status}", appeal, note=note)
        notify(
            partner_recipients(partner_id=appeal.partner_id, user_ids=[appeal.opened_by_id]),
            verb="appeal.decided", partner_id=appeal.partner_id, url=reverse("portal:deal_list"),
            render=lambda: (_("Your appeal was decided: %(status)s") % {"status": appeal.get_status_display()}, note.strip()),
        )  # fmt: skip
    return appeal


def _tell_partner(deal: DealRegistration, verb: str, title: str, body: str) -> None:
    """Queue the partner's notification with the change (outbox); a worker renders and sends it."""
    async_task("trellis.deals.tasks.tell_partner", deal.pk, verb, title, body, uuid.uuid4().hex,
               task_name=f"{verb}-{deal.pk}")  # fmt: skip


def tell_partner_now(*, deal_id: int, verb: str, title: str, body: str, key: str) -> int:
    """Write the in-app notifications and e-mails for one event, in each reader's language (idempotent)."""
    deal = DealRegistration.objects.select_related("partner").get(pk=deal_id)

    def render() -> tuple[str, str]:
        values = {
            "customer": deal.customer_name,
            "due": deal.sla_due_at.strftime("%Y-%m-%d %H:%M UTC") if deal.sla_due_at else "—",
            "until": deal.protected_until.date().isoformat() if deal.protected_until else "—",
            "reason": deal.get_reject_reason_display() if deal.reject_reason else "",
            "note": deal.decision_note,
            "question": deal.info_request,
        }
        return _(title) % values, _(body) % values

    with transaction.atomic():
        return notify(
            partner_recipients(partner_id=deal.partner_id, user_ids=[deal.created_by_id]),
            verb=verb, partner_id=deal.partner_id, url=reverse("portal:deal_detail", args=[deal.pk]), render=render,
            dedupe_key=key,
        )  # fmt: skip


# --- timers (called by the scheduled sweeps in tasks.py; each is idempotent) ------------

REMIND_BEFORE = dt.timedelta(hours=4)


def deal_sla_remind(*, deal: DealRegistration) -> bool:
    """Remind the partner's channel manager that a decision is due soon (once)."""
    with transaction.atomic():
        deal = _lock(deal)
        if deal.status != DealStatus.SUBMITTED or deal.reminded_at or not deal.sla_due_at:
            return False
        if deal.sla_due_at - timezone.now() > REMIND_BEFORE:
            return False
        deal.reminded_at = timezone.now()
        deal.save(update_fields=["reminded_at", "updated_at"])
        events.record(SYSTEM, "deal.sla_reminder", deal, after={"sla_due_at": deal.sla_due_at})
        manager = deal.partner.channel_manager_id
        notify(
            staff_recipients(user_ids=[manager], roles=() if manager else ("partner_ops",)),
            verb="deal.sla_reminder", partner_id=None, url=reverse("console:deal_detail", args=[deal.pk]),
            render=lambda: (_("Decision due soon: %(customer)s") % {"customer": deal.customer_name},
                            _("The registration from %(partner)s is due by %(due)s.")
                            % {"partner": deal.partner.name, "due": deal.sla_due_at.strftime("%Y-%m-%d %H:%M UTC")}),  # type: ignore[union-attr]
        )  # fmt: skip
    return True


def deal_sla_escalate(*, deal: DealRegistration) -> bool:
    """The SLA passed without a decision: tell partner operations (once) and record the breach."""
    with transaction.atomic():
        deal = _lock(deal)
        if deal.status != DealStatus.SUBMITTED or deal.escalated_at or not deal.sla_due_at:
            return False
        if deal.sla_due_at > timezone.now():
            return False
        deal.escalated_at = timezone.now()
        deal.save(update_fields=["escalated_at", "updated_at"])
        events.record(SYSTEM, "deal.sla_breached", deal, after={"sla_due_at": deal.sla_due_at})
        notify(
            staff_recipients(user_ids=[deal.partner.channel_manager_id], roles=("partner_ops",)),
            verb="deal.sla_breached", partner_id=None, url=reverse("console:deal_detail", args=[deal.pk]),
            render=lambda: (_("SLA breached: %(customer)s") % {"customer": deal.customer_name},
                            _("The registration from %(partner)s has waited past its decision time.")
                            % {"partner": deal.partner.name}),
        )  # fmt: skip
    return True


def deal_warn_expiry(*, deal: DealRegistration) -> bool:
    """Tell the partner protection ends soon (once per protection period)."""
    with transaction.atomic():
        deal = _lock(deal)
        rules = rules_for(deal.program_id)
        if (
            deal.status != DealStatus.APPROVED
            or deal.expiry_warned_at
            or deal.protected_until is None
        ):
            return False
        if deal.protected_until - timezone.now() > dt.timedelta(days=rules.expiry_warning_days):
            return False
        deal.expiry_warned_at = timezone.now()
        deal.save(update_fields=["expiry_warned_at", "updated_at"])
        events.record(
            SYSTEM, "deal.expiry_warning", deal, after={"protected_until": deal.protected_until}
        )
        _tell_partner(deal, "deal.expiry_warning", gettext_noop("Protection ends soon: %(customer)s"),
                      gettext_noop("Protection for %(customer)s ends on %(until)s. Report the outcome or request an extension."))  # fmt: skip
    return True


def validate_input(data: DealInput) -> None:
    """Check a registration's fields without writing anything (bulk preview)."""
    _validate(data)
