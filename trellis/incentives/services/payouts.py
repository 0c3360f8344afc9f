"""Approving and paying earnings statements. A month's statements are approved once the
month is over (a reversal or dispute settled later lands on a later month, never on an
approved one); finance pays approved statements and records the reference; a partner that
left the program is paid with its final statement, not before."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_q.tasks import async_task

from trellis.core import events
from trellis.core.actor import Actor
from trellis.core.exceptions import Conflict, InvalidInput, InvalidTransition
from trellis.core.policies import require
from trellis.lifecycle.selectors import payouts_held

from .. import policies  # noqa: F401  (registers the rules)
from ..choices import StatementStatus
from ..models import Statement
from ..month import month_of
from .news import tell_statement


def _locked(statement: Statement) -> Statement:
    return Statement.objects.select_for_update().get(pk=statement.pk)


def statement_approve(*, actor: Actor, statement: Statement) -> Statement:
    """Freeze a draft: its lines are final and the partner may dispute them."""
    require(actor, "incentives.approve", statement)
    if statement.ends >= timezone.localdate():
        raise Conflict(
            _("The month is not over: approve its statement from %(day)s.")
            % {"day": statement.ends.isoformat()}
        )
    with transaction.atomic():
        statement = _locked(statement)
        if statement.status != StatementStatus.DRAFT:
            raise InvalidTransition(
                statement.get_status_display(), str(StatementStatus.APPROVED.label)
            )
        statement.status = StatementStatus.APPROVED
        statement.approved_by_id, statement.approved_at = actor.user_id, timezone.now()
        statement.save(update_fields=["status", "approved_by", "approved_at"])
        events.record(
            actor,
            "statement.approved",
            statement,
            after={"period": statement.period, "total": statement.total},
        )
        tell_statement(statement, "approved")
    return statement


def statements_approve(*, actor: Actor, plan_id: int, period: str) -> int:
    """Approve every draft of the month (one by one, each audited and told); returns how
    many. Safe to run again: only drafts are approved."""
    drafts = Statement.objects.filter(plan_id=plan_id, period=period, status="draft")
    done = 0
    for statement in drafts.order_by("partner_id"):
        statement_approve(actor=actor, statement=statement)
        done += 1
    return done


def month_approval_request(*, actor: Actor, period: str) -> int:
    """Queue the approval of every draft of a month that is over, in the background (a month
    holds thousands); returns how many drafts wait."""
    require(actor, "incentives.approve", None)
    try:
        _starts, ends = month_of(period)
    except ValueError:
        raise InvalidInput(_("Give the month as YYYY-MM."), field="period") from None
    if ends >= timezone.localdate():
        raise Conflict(
            _("The month is not over: approve its statement from %(day)s.")
            % {"day": ends.isoformat()}
        )
    waiting = Statement.objects.filter(period=period, status=StatementStatus.DRAFT).count()
    if not waiting:
        raise Conflict(_("No draft of %(period)s waits for approval.") % {"period": period})
    async_task(
        "trellis.incentives.tasks.month_approve",
        actor.user_id,
        period,
        task_name=f"approve-{period}-{actor.user_id}-{timezone.now():%Y%m%d%H%M%S%f}",
    )
    return waiting


def statement_pay(*, actor: Actor, statement: Statement, reference: str) -> Statement:
    """Record the payment of an approved statement with its reference."""
    require(actor, "incentives.pay", statement)
    if not reference.strip():
        raise InvalidInput(_("Give the payment reference."), field="reference")
    if payouts_held(partner_id=statement.partner_id):
        raise Conflict(_("Payouts to this partner are held for its final statement."))
    with transaction.atomic():
        statement = _locked(statement)
        if statement.status != StatementStatus.APPROVED:
            raise InvalidTransition(statement.get_status_display(), str(StatementStatus.PAID.label))
        if statement.total < 0:
            raise Conflict(
                _("This statement is a net clawback: nothing is paid, it is offset next month.")
            )
        statement.status = StatementStatus.PAID
        statement.payment_reference = reference.strip()[:80]
        statement.paid_at = timezone.now()
        statement.save(update_fields=["status", "payment_reference", "paid_at"])
        events.record(
            actor,
            "statement.paid",
            statement,
            after={"total": statement.total, "reference": statement.payment_reference},
        )
        tell_statement(statement, "paid")
    return statement
