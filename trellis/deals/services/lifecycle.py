"""What every registration service shares: the status machine, the program's terms, approval,
telling
the partner."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timezone import localdate
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_q.tasks import async_task

from trellis.accounts.selectors import partner_recipients
from trellis.core import events, stamps
from trellis.core.actor import Actor
from trellis.core.event_changes import moment
from trellis.core.exceptions import InvalidTransition
from trellis.core.notifications import notify
from trellis.partners.selectors import registration_terms

from ..choices import TRANSITIONS, DealStatus
from ..models import DealClaim, DealRegistration, RulesOfEngagement
from ..reasons import note_words


def transition(deal: DealRegistration, target: str) -> None:
    """Move ``deal`` to ``target`` in memory, if choices.TRANSITIONS allows it."""
    if target not in TRANSITIONS[deal.status]:
        raise InvalidTransition(deal.get_status_display(), str(DealStatus(target).label))
    deal.status = target


def lock(deal: DealRegistration) -> DealRegistration:
    """The registration re-read under a row lock: every decision starts here."""
    return DealRegistration.objects.select_for_update().select_related("partner").get(pk=deal.pk)


def release(deal: DealRegistration) -> None:
    """The customer is free again for these product families."""
    DealClaim.objects.filter(deal=deal, active=True).update(active=False)


def rules_for(program_id: int) -> RulesOfEngagement:
    """The program's rules of engagement; the defaults are written the first time they are asked
    for."""
    rules, _created = RulesOfEngagement.objects.get_or_create(program_id=program_id)
    return rules


@dataclass(frozen=True)
class Terms:
    """The program rules, margin uplift and business-hours region a registration is decided
    under."""

    program_id: int
    rules: RulesOfEngagement
    uplift_pct: Decimal
    region: str | None


# Every registration reads its terms: each process keeps them per partner until the
# programs' stamp changes (a tier, an enrollment, a region or the rules changed).
_TERMS: stamps.StampedCache[Terms | None] = stamps.StampedCache(stamps.PROGRAMS)


def terms_for(partner_id: int, *, program_id: int | None = None) -> Terms | None:
    """The partner's current terms; ``program_id`` pins the program a registration was made under.

    The rules inside are shared by the process's requests: read-only.
    """
    return _TERMS.get((partner_id, program_id), lambda: _read_terms(partner_id, program_id))


def _read_terms(partner_id: int, program_id: int | None) -> Terms | None:
    current = registration_terms(partner_id)
    if current is None:
        if program_id is None:
            return None
        return Terms(program_id, rules_for(program_id), Decimal(0), None)
    program = program_id if program_id is not None else current.program_id
    return Terms(program, rules_for(program), current.uplift_pct, current.region)


@dataclass(frozen=True)
class Step:
    """A state change made in memory, audited once the registration is written."""

    actor: Actor
    verb: str
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    note: str = ""


def record_steps(deal: DealRegistration, steps: list[Step]) -> None:
    """All of a service's events in one statement, in its transaction."""
    events.record_all(step_events(deal, steps))


def step_events(deal: DealRegistration, steps: list[Step]) -> list[Any]:
    """The audit events of ``steps``, not yet written (``deal`` has its id)."""
    return [
        events.build(s.actor, s.verb, deal, before=s.before, after=s.after, note=s.note)
        for s in steps
    ]


def approve(
    actor: Actor,
    deal: DealRegistration,
    rules: RulesOfEngagement,
    uplift_pct: Decimal,
    *,
    note: str,
    automatic: bool,
) -> Step:
    """Approve in memory: protection starts now and the tier's margin uplift is kept for
    incentives."""
    before = deal.status
    transition(deal, DealStatus.APPROVED)
    now = timezone.now()
    deal.decided_at = now
    deal.decided_by_id = actor.user_id
    deal.auto_decided = automatic
    deal.decision_note = note
    deal.protected_until = now + dt.timedelta(days=rules.protection_days)
    deal.uplift_pct = uplift_pct
    deal.sla_due_at = None
    return Step(
        actor,
        "deal.approved",
        before={"status": before},
        after={
            "status": deal.status,
            "protected_until": deal.protected_until,
            "uplift_pct": deal.uplift_pct,
        },
        note=note,
    )


@dataclass(frozen=True)
class Notice:
    """What the partner is told about a change: rendered later, in each reader's language."""

    verb: str
    title: str
    body: str


SUBMITTED = Notice(
    "deal.submitted",
    gettext_noop("Registration received: %(customer)s"),
    # The customer's name often ends with a period (Ltd., S.A.): never end a sentence on it.
    gettext_noop("A channel manager will decide on your registration for %(customer)s by %(due)s."),
)
# A registration decided before its notice went out has no deadline left to name.
SUBMITTED_DECIDED = gettext_noop("A channel manager has your registration for %(customer)s.")
APPROVED = Notice(
    "deal.approved",
    gettext_noop("Registration approved: %(customer)s"),
    gettext_noop("Your registration for %(customer)s is approved and protected until %(until)s."),
)
REJECTED = Notice(
    "deal.rejected",
    gettext_noop("Registration rejected: %(customer)s"),
    gettext_noop("Your registration for %(customer)s was rejected: %(reason)s. %(note)s"),
)
INFO_REQUESTED = Notice(
    "deal.info_requested",
    gettext_noop("More information needed: %(customer)s"),
    gettext_noop("Your channel manager asks about %(customer)s: %(question)s"),
)
EXPIRED = Notice(
    "deal.expired",
    gettext_noop("Registration expired: %(customer)s"),
    gettext_noop(
        "Protection for %(customer)s ended on %(until)s; the customer is open to other "
        "registrations."
    ),
)
EXPIRY_WARNING = Notice(
    "deal.expiry_warning",
    gettext_noop("Protection ends soon: %(customer)s"),
    gettext_noop(
        "Protection for %(customer)s ends on %(until)s. Report the outcome or request an extension."
    ),
)


def tell_partner(deal: DealRegistration, notice: Notice) -> None:
    """Queue the partner's notification; a worker renders and sends it.

    Called inside the change's transaction: the queue's row commits with the
    change (django-q's database broker), so a notification is queued exactly
    when the change lands.
    """
    args = (deal.pk, notice.verb, notice.title, notice.body, uuid.uuid4().hex)
    name = f"{notice.verb}-{deal.pk}"
    async_task("trellis.deals.tasks.tell_partner", *args, task_name=name)


def tell_partner_now(*, deal_id: int, verb: str, title: str, body: str, key: str) -> int:
    """Write the in-app notifications and e-mails for one event, in each reader's language
    (idempotent)."""
    deal = DealRegistration.objects.select_related("partner").get(pk=deal_id)

    def render() -> tuple[str, str]:
        """In the reader's language, with moments and dates as the reader's locale writes them."""
        values = {
            "customer": deal.customer_name,
            "due": moment(deal.sla_due_at) if deal.sla_due_at else "—",
            "until": date_format(localdate(deal.protected_until), "DATE_FORMAT")
            if deal.protected_until
            else "—",
            "reason": deal.get_reject_reason_display() if deal.reject_reason else "",
            "note": note_words(deal.decision_note),
            "question": deal.info_request,
        }
        text = body if deal.sla_due_at or "%(due)s" not in body else SUBMITTED_DECIDED
        return _(title) % values, _(text) % values

    with transaction.atomic():
        return notify(
            partner_recipients(partner_id=deal.partner_id, user_ids=[deal.created_by_id]),
            verb=verb,
            partner_id=deal.partner_id,
            url=reverse("portal:deal_detail", args=[deal.pk]),
            render=render,
            dedupe_key=key,
        )
