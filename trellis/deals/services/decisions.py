"""The vendor's decisions and the registration's later life: approve, reject, ask, correct, extend,
close, expire."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trellis.core import events
from trellis.core.actor import SYSTEM, Actor
from trellis.core.exceptions import Conflict, InvalidInput
from trellis.core.policies import require

from .. import policies  # noqa: F401  (registers the rules)
from ..choices import DealStatus, RejectReason
from ..models import DealRegistration
from . import lifecycle
from .registration import deal_submit, input_of
from .validation import clean_input


def deal_approve(*, actor: Actor, deal: DealRegistration, note: str = "") -> DealRegistration:
    require(actor, "deals.decide", deal)
    with transaction.atomic():
        deal = lifecycle.lock(deal)
        terms = lifecycle.terms_for(deal.partner_id, program_id=deal.program_id)
        assert terms is not None  # a pinned program always has terms
        step = lifecycle.approve(
            actor, deal, terms.rules, terms.uplift_pct, note=note, automatic=False
        )
        deal.save()
        lifecycle.record_steps(deal, [step])
        lifecycle.tell_partner(deal, lifecycle.APPROVED)
    return deal


def deal_reject(
    *, actor: Actor, deal: DealRegistration, reason: str, note: str = ""
) -> DealRegistration:
    require(actor, "deals.decide", deal)
    if reason not in RejectReason.values:
        raise InvalidInput(_("Choose a rejection reason."), field="reason")
    with transaction.atomic():
        deal = lifecycle.lock(deal)
        before = deal.status
        lifecycle.transition(deal, DealStatus.REJECTED)
        deal.reject_reason, deal.decision_note = reason, note.strip()
        deal.decided_at, deal.decided_by_id, deal.auto_decided, deal.sla_due_at = (
            timezone.now(),
            actor.user_id,
            False,
            None,
        )
        deal.save()
        lifecycle.release(deal)
        events.record(
            actor,
            "deal.rejected",
            deal,
            before={"status": before},
            after={"status": deal.status, "reason": reason},
            note=note,
        )
        lifecycle.tell_partner(deal, lifecycle.REJECTED)
    return deal


def deal_request_info(*, actor: Actor, deal: DealRegistration, question: str) -> DealRegistration:
    require(actor, "deals.decide", deal)
    if not question.strip():
        raise InvalidInput(_("Say what information you need."), field="question")
    with transaction.atomic():
        deal = lifecycle.lock(deal)
        before = deal.status
        lifecycle.transition(deal, DealStatus.MORE_INFO)
        deal.info_request, deal.sla_due_at = (
            question.strip(),
            None,
        )  # the clock waits for the partner
        deal.save()
        events.record(
            actor,
            "deal.info_requested",
            deal,
            before={"status": before},
            after={"status": deal.status},
            note=question,
        )
        lifecycle.tell_partner(deal, lifecycle.INFO_REQUESTED)
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
        deal = lifecycle.lock(deal)
        if deal.status not in (DealStatus.DRAFT, DealStatus.MORE_INFO):
            raise Conflict(
                _("Only drafts and registrations awaiting your information can be changed.")
            )
        current = {name: getattr(deal, name) for name in EDITABLE}
        merged = dataclasses.replace(input_of(deal), **{**current, **changes})
        clean = clean_input(merged)
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
            events.record(
                actor,
                "deal.updated",
                deal,
                before={k: before[k] for k in changed},
                after={k: after[k] for k in changed},
            )
    return deal


def deal_extend(*, actor: Actor, deal: DealRegistration) -> DealRegistration:
    """Extend an approved registration's protection, within the program's limit."""
    require(actor, "deals.manage", deal)
    with transaction.atomic():
        deal = lifecycle.lock(deal)
        rules = lifecycle.rules_for(deal.program_id)
        if deal.status != DealStatus.APPROVED or deal.protected_until is None:
            raise Conflict(_("Only approved registrations can be extended."))
        if deal.extensions_used >= rules.max_extensions:
            raise Conflict(
                _("This registration has used every extension the program allows: %(n)s.")
                % {"n": rules.max_extensions}
            )
        before = deal.protected_until
        deal.protected_until = max(deal.protected_until, timezone.now()) + dt.timedelta(
            days=rules.extension_days
        )
        deal.extensions_used += 1
        deal.expiry_warned_at = None
        deal.save()
        events.record(
            actor,
            "deal.extended",
            deal,
            before={"protected_until": before},
            after={
                "protected_until": deal.protected_until,
                "extensions_used": deal.extensions_used,
            },
        )
    return deal


def deal_close(
    *, actor: Actor, deal: DealRegistration, outcome: str, note: str = ""
) -> DealRegistration:
    """Report an approved registration as won or lost; the customer is free again."""
    require(actor, "deals.manage", deal)
    if outcome not in (DealStatus.WON, DealStatus.LOST):
        raise InvalidInput(_("Choose won or lost."), field="outcome")
    with transaction.atomic():
        deal = lifecycle.lock(deal)
        before = deal.status
        lifecycle.transition(deal, outcome)
        deal.closed_at = timezone.now()
        deal.decision_note = note.strip() or deal.decision_note
        deal.save()
        lifecycle.release(deal)
        events.record(
            actor,
            f"deal.{outcome}",
            deal,
            before={"status": before},
            after={"status": outcome},
            note=note,
        )
    return deal


def deal_reverse(*, actor: Actor, deal: DealRegistration, reason: str) -> DealRegistration:
    """Undo a won deal (the order was cancelled or refunded), with the reason: it no longer
    counts as revenue, and what it earned comes back on the partner's next statement."""
    require(actor, "deals.decide", deal)
    if not reason.strip():
        raise InvalidInput(_("Say why the deal is reversed."), field="reason")
    with transaction.atomic():
        deal = lifecycle.lock(deal)
        if deal.status != DealStatus.WON:
            raise Conflict(_("Only a won deal can be reversed."))
        lifecycle.transition(deal, DealStatus.REVERSED)
        deal.reversed_at = timezone.now()
        deal.save()
        events.record(
            actor,
            "deal.reversed",
            deal,
            before={"status": DealStatus.WON},
            after={"status": deal.status, "reversed_at": deal.reversed_at},
            note=reason.strip(),
        )
    return deal


def deal_expire(*, deal: DealRegistration) -> bool:
    """Expire an approved registration whose protection ended (the scheduled task calls this)."""
    with transaction.atomic():
        deal = lifecycle.lock(deal)
        if (
            deal.status != DealStatus.APPROVED
            or deal.protected_until is None
            or deal.protected_until > timezone.now()
        ):
            return False
        lifecycle.transition(deal, DealStatus.EXPIRED)
        deal.save()
        lifecycle.release(deal)
        events.record(
            SYSTEM,
            "deal.expired",
            deal,
            after={"status": deal.status},
            note=_("Protection ended on %(date)s.")
            % {"date": deal.protected_until.date().isoformat()},
        )
        lifecycle.tell_partner(deal, lifecycle.EXPIRED)
    return True


def deal_answer(*, actor: Actor, deal: DealRegistration, answer: str) -> DealRegistration:
    """The partner answers the vendor's request for information: the answer becomes the
    description and the registration goes back to the vendor, both or neither."""
    with transaction.atomic():
        deal = deal_update(actor=actor, deal=deal, changes={"description": answer})
        return deal_submit(actor=actor, deal=deal)
