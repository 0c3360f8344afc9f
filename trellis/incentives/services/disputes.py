"""Disputes on earnings lines. The partner disputes a line of an approved or paid statement
with a comment; both sides write in its thread; finance accepts it (with a correction paid,
or taken back, on the statement of the month it is accepted in) or rejects it, with a
reason. One open dispute per line."""

from __future__ import annotations

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trellis.core import events
from trellis.core.actor import Actor
from trellis.core.amounts import LARGEST
from trellis.core.exceptions import Conflict, InvalidInput, InvalidTransition
from trellis.core.money import minor_units
from trellis.core.policies import require

from .. import policies  # noqa: F401  (registers the rules)
from ..choices import DisputeStatus, StatementStatus
from ..models import Dispute, DisputeMessage, StatementLine
from .news import tell_dispute

LONGEST = 4000


def _body(text: str) -> str:
    body = text.strip()
    if not body:
        raise InvalidInput(_("Write what you disagree with."), field="comment")
    if len(body) > LONGEST:
        raise InvalidInput(_("Keep it under %(n)s characters.") % {"n": LONGEST}, field="comment")
    return body


def dispute_open(*, actor: Actor, line: StatementLine, comment: str) -> Dispute:
    """The partner disputes ``line`` with a first comment."""
    require(actor, "incentives.dispute", line)
    body = _body(comment)
    if line.statement.status == StatementStatus.DRAFT:
        raise Conflict(
            _("This statement is still a draft: its lines may change. Dispute once approved.")
        )
    try:
        with transaction.atomic():
            dispute = Dispute.objects.create(
                line=line, partner_id=line.statement.partner_id, opened_by_id=actor.user_id
            )
            message = DisputeMessage.objects.create(
                dispute=dispute, author_id=actor.user_id, body=body
            )
            events.record(
                actor,
                "dispute.opened",
                dispute,
                after={"line": line.pk, "amount": line.amount},
                note=body,
            )
    except IntegrityError as exc:
        raise Conflict(_("This line is already disputed; write in that dispute.")) from exc
    tell_dispute(dispute, line.statement.partner, "opened", message.pk)
    return dispute


def dispute_reply(*, actor: Actor, dispute: Dispute, comment: str) -> DisputeMessage:
    """Either side writes in an open dispute's thread."""
    require(actor, "incentives.discuss", dispute)
    body = _body(comment)
    with transaction.atomic():
        dispute = Dispute.objects.select_for_update().get(pk=dispute.pk)
        if dispute.status != DisputeStatus.OPEN:
            raise Conflict(_("This dispute is closed."))
        message = DisputeMessage.objects.create(dispute=dispute, author_id=actor.user_id, body=body)
        events.record(actor, "dispute.replied", dispute, note=body)
    tell_dispute(
        dispute, dispute.partner, "replied" if not actor.is_staff else "answered", message.pk
    )
    return message


def dispute_resolve(
    *,
    actor: Actor,
    dispute: Dispute,
    accept: bool,
    comment: str,
    adjustment: Decimal | None = None,
) -> Dispute:
    """Finance decides, with the reason in the thread. Accepted with an ``adjustment`` (signed,
    in the statement's currency): a line of that amount on this month's statement."""
    require(actor, "incentives.resolve", dispute)
    body = _body(comment)
    currency = dispute.line.statement.currency
    if adjustment is not None:
        if not accept:
            raise InvalidInput(
                _("Only an accepted dispute carries a correction."), field="adjustment"
            )
        if not adjustment.is_finite() or abs(adjustment) >= LARGEST or adjustment == 0:
            raise InvalidInput(_("Enter a correction other than zero."), field="adjustment")
        places = minor_units(currency)
        if adjustment != adjustment.quantize(Decimal(1).scaleb(-places)):
            raise InvalidInput(
                _("%(currency)s amounts have at most %(n)s decimals.")
                % {"currency": currency, "n": places},
                field="adjustment",
            )
    target = DisputeStatus.ACCEPTED if accept else DisputeStatus.REJECTED
    with transaction.atomic():
        dispute = Dispute.objects.select_for_update().get(pk=dispute.pk)
        if dispute.status != DisputeStatus.OPEN:
            raise InvalidTransition(dispute.get_status_display(), str(target.label))
        message = DisputeMessage.objects.create(dispute=dispute, author_id=actor.user_id, body=body)
        dispute.status, dispute.adjustment = target, adjustment
        dispute.resolved_by_id, dispute.resolved_at = actor.user_id, timezone.now()
        dispute.save(update_fields=["status", "adjustment", "resolved_by", "resolved_at"])
        events.record(
            actor,
            f"dispute.{target}",
            dispute,
            before={"status": DisputeStatus.OPEN},
            after={"status": target, "adjustment": adjustment},
            note=body,
        )
    tell_dispute(dispute, dispute.partner, str(target), message.pk)
    return dispute
