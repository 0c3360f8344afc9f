"""Setting funds up and moving money between them: budgets per fiscal period, program, region
and tier; partner funds allocated at the vendor's discretion or accrued on revenue; transfers
between budgets asked by one person and approved by another; unused money expiring."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trellis.core import events
from trellis.core.actor import SYSTEM, Actor
from trellis.core.amounts import money_amount
from trellis.core.exceptions import Conflict, InvalidInput
from trellis.core.money import CURRENCIES
from trellis.core.policies import require
from trellis.core.rates import NoRate, convert
from trellis.deals.selectors import won_revenue
from trellis.partners.choices import Region
from trellis.partners.selectors import listed_partner, program_get

from .. import policies  # noqa: F401  (registers the rules)
from ..choices import Allocation, EntryKind, FundKind, TransferStatus
from ..engine import periods
from ..models import Fund, LedgerEntry, Transfer
from .ledger import lock_fund, post


@dataclass(frozen=True)
class FundInput:
    name: str
    currency: str
    amount: Decimal
    period: str
    kind: str = FundKind.MDF
    program_id: int | None = None
    region: str = ""
    tier_id: int | None = None
    partner_id: int | None = None
    parent_id: int | None = None
    allocation: str = Allocation.DISCRETIONARY
    accrual_pct: Decimal | None = None


def _period(label: str) -> periods.Period:
    try:
        return periods.parse(label, year_starts_in=settings.TRELLIS_FISCAL_YEAR_START)
    except periods.BadPeriod:
        raise InvalidInput(
            _("Write the period as FY2027, FY2027-H1, FY2027-Q3 or 2027-05."), field="period"
        ) from None


def _checked(data: FundInput) -> tuple[periods.Period, Any, Any, Any, Fund | None]:
    if not data.name.strip():
        raise InvalidInput(_("Name the fund."), field="name")
    if data.currency not in CURRENCIES:
        raise InvalidInput(_("Choose a currency the program pays in."), field="currency")
    if data.kind not in FundKind.values:
        raise InvalidInput(_("Choose MDF or co-op."), field="kind")
    if data.region and data.region not in Region.values:
        raise InvalidInput(_("Choose one of the program's regions."), field="region")
    period = _period(data.period)
    program = program_get(program_id=data.program_id) if data.program_id else None
    tier = None
    if data.tier_id is not None:
        tiers = {t.pk: t for t in (program.tiers.all() if program else [])}
        tier = tiers.get(data.tier_id)
        if tier is None:
            raise InvalidInput(_("Choose a tier of the fund's program."), field="tier")
    partner = listed_partner(partner_id=data.partner_id) if data.partner_id else None
    if data.allocation == Allocation.ACCRUAL:
        if partner is None:
            raise InvalidInput(_("An accrual fund belongs to one partner."), field="partner")
        if data.accrual_pct is None or not Decimal(0) < data.accrual_pct <= 100:
            raise InvalidInput(
                _("Give the share of revenue that accrues, above 0 and at most 100%."),
                field="accrual_pct",
            )
    elif data.allocation != Allocation.DISCRETIONARY:
        raise InvalidInput(_("Choose how money comes into the fund."), field="allocation")
    parent = None
    if data.parent_id is not None:
        parent = Fund.objects.filter(pk=data.parent_id, partner__isnull=True).first()
        if parent is None:
            raise InvalidInput(_("Choose a budget to draw from."), field="parent")
        if parent.currency != data.currency:
            raise InvalidInput(
                _("The budget is kept in %(currency)s; so must this fund be.")
                % {"currency": parent.currency},
                field="currency",
            )
    return period, program, tier, partner, parent


def fund_create(*, actor: Actor, data: FundInput) -> Fund:
    """A budget (no partner) or a partner's fund, with its first money: new money for a
    budget, or drawn from ``parent``. All or nothing."""
    require(actor, "funds.manage", None)
    period, program, tier, partner, parent = _checked(data)
    amount = money_amount(data.amount, data.currency, field="amount", allow_zero=True)
    if partner is not None and program is not None:
        taken = Fund.objects.filter(
            partner=partner, program=program, period=period.label, kind=data.kind
        ).filter(currency=data.currency)
        if taken.exists():
            raise Conflict(_("This partner already has a fund for this program and period."))
    with transaction.atomic():
        fund = Fund.objects.create(
            name=data.name.strip(),
            kind=data.kind,
            currency=data.currency,
            period=period.label,
            starts=period.starts,
            ends=period.ends,
            program=program,
            region=data.region,
            tier=tier,
            partner=partner,
            parent=parent,
            allocation=data.allocation,
            accrual_pct=data.accrual_pct if data.allocation == Allocation.ACCRUAL else None,
            created_by_id=actor.user_id,
        )
        events.record(
            actor,
            "fund.created",
            fund,
            partner_id=fund.partner_id,
            after={"currency": fund.currency, "amount": str(amount), "period": fund.period},
        )
        if amount > 0:
            _move(actor, fund, amount, source=parent, note=_("First allocation"))
    return fund


def _move(
    actor: Actor, fund: Fund, amount: Decimal, *, source: Fund | None, note: str, ref: str = ""
) -> LedgerEntry:
    """Money into ``fund``: new money, or drawn from ``source`` (locked in id order, so two
    moves between the same funds never wait on each other)."""
    ids = sorted(f.pk for f in (fund, source) if f is not None)
    locked = {pk: lock_fund(pk) for pk in ids}
    if source is not None:
        post(
            locked[source.pk],
            EntryKind.ALLOCATE_OUT,
            amount,
            actor=actor,
            counterpart=fund,
            reference=ref,
            note=note,
        )
    entry = post(
        locked[fund.pk],
        EntryKind.ALLOCATE,
        amount,
        actor=actor,
        counterpart=source,
        reference=ref,
        note=note,
    )
    events.record(
        actor,
        "fund.allocated",
        fund,
        partner_id=fund.partner_id,
        after={"amount": str(amount), "from": source.pk if source else None},
        note=note,
    )
    return entry


def fund_allocate(
    *, actor: Actor, fund: Fund, amount: Decimal, partner_id: int | None = None, note: str = ""
) -> Fund:
    """Add new money to ``fund``; or, with ``partner_id``, give a partner part of this budget
    (into its fund for the same program and period, made when it has none). Returns the fund
    that received the money."""
    require(actor, "funds.manage", fund)
    amount = money_amount(amount, fund.currency, field="amount")
    with transaction.atomic():
        if partner_id is None:
            _move(actor, fund, amount, source=None, note=note or _("Allocation"))
            return fund
        if fund.partner_id is not None:
            raise InvalidInput(_("Allocate to partners from a budget."), field="partner")
        partner = listed_partner(partner_id=partner_id)
        target = Fund.objects.filter(
            partner=partner,
            program=fund.program,
            period=fund.period,
            kind=fund.kind,
            currency=fund.currency,
        ).first()
        if target is None:
            target = Fund.objects.create(
                name=fund.name,
                kind=fund.kind,
                currency=fund.currency,
                period=fund.period,
                starts=fund.starts,
                ends=fund.ends,
                program=fund.program,
                region=fund.region,
                tier=fund.tier,
                partner=partner,
                parent=fund,
                created_by_id=actor.user_id,
            )
            events.record(actor, "fund.created", target, partner_id=partner.pk)
        _move(actor, target, amount, source=fund, note=note or _("Allocation to the partner"))
    return target


def transfer_request(
    *, actor: Actor, source: Fund, target: Fund, amount: Decimal, reason: str
) -> Transfer:
    """Ask to move money between two budgets; someone else approves it."""
    require(actor, "funds.manage", source)
    if source.pk == target.pk:
        raise InvalidInput(_("Choose two different funds."), field="target")
    if source.partner_id is not None or target.partner_id is not None:
        raise InvalidInput(
            _("Transfers move money between budgets; allocate to a partner instead."),
            field="target",
        )
    if source.currency != target.currency:
        raise InvalidInput(
            _("Both funds must be kept in one currency (%(a)s and %(b)s).")
            % {"a": source.currency, "b": target.currency},
            field="target",
        )
    if not reason.strip():
        raise InvalidInput(_("Say why the money moves."), field="reason")
    amount = money_amount(amount, source.currency, field="amount")
    with transaction.atomic():
        transfer = Transfer.objects.create(
            source=source,
            target=target,
            amount=amount,
            reason=reason.strip(),
            requested_by_id=actor.user_id,
        )
        events.record(
            actor,
            "fund_transfer.requested",
            transfer,
            after={"source": source.pk, "target": target.pk, "amount": str(amount)},
            note=reason.strip(),
        )
    return transfer


def transfer_decide(*, actor: Actor, transfer: Transfer, approve: bool, note: str = "") -> Transfer:
    """Approve (the money moves now, if the source still has it) or reject a transfer."""
    require(actor, "funds.approve_transfer", transfer)
    if not approve and not note.strip():
        raise InvalidInput(_("Say why the transfer is rejected."), field="note")
    with transaction.atomic():
        locked = Transfer.objects.select_for_update().get(pk=transfer.pk)
        if locked.status != TransferStatus.REQUESTED:
            raise Conflict(_("This transfer is already decided."))
        if approve:
            _move(
                actor,
                locked.target,
                locked.amount,
                source=locked.source,
                note=locked.reason,
                ref=f"transfer {locked.pk}",
            )
        locked.status = TransferStatus.APPROVED if approve else TransferStatus.REJECTED
        locked.decided_by_id, locked.decided_at = actor.user_id, timezone.now()
        locked.decision_note = note.strip()
        locked.save()
        events.record(actor, f"fund_transfer.{locked.status}", locked, note=note.strip())
    return locked


def accruals_post(*, today: dt.date | None = None) -> int:
    """The daily job: each open accrual fund receives its share of the partner's revenue won
    in the period so far, less what it already received (so a second run adds nothing).
    Revenue in other currencies is converted at the rate of the day it is counted."""
    today = today or timezone.localdate()
    posted = 0
    for fund in Fund.objects.filter(
        allocation=Allocation.ACCRUAL, closed_at__isnull=True, starts__lte=today
    ):
        since = dt.datetime.combine(fund.starts, dt.time.min, tzinfo=dt.UTC)
        until = dt.datetime.combine(min(fund.ends, today), dt.time.max, tzinfo=dt.UTC)
        earned = Decimal(0)
        for row in won_revenue(since=since, until=until, partner_ids=[fund.partner_id or 0]):
            try:
                earned += convert(row.sourced, row.currency, fund.currency, on=today).amount
            except NoRate:
                continue
        accrued = (earned * (fund.accrual_pct or 0) / 100).quantize(Decimal("0.01"))
        with transaction.atomic():
            locked = lock_fund(fund.pk)
            already = sum(
                LedgerEntry.objects.filter(
                    fund=locked, kind=EntryKind.ALLOCATE, reference="accrual"
                ).values_list("amount", flat=True),
                Decimal(0),
            )
            due = accrued - already
            if due > 0:
                _move(
                    SYSTEM,
                    locked,
                    due,
                    source=locked.parent,
                    note=_("Accrued: %(pct)s%% of revenue won") % {"pct": locked.accrual_pct},
                    ref="accrual",
                )
                posted += 1
    return posted


def funds_expire(*, today: dt.date | None = None) -> int:
    """The daily job: a fund whose period has ended closes, and what is still available
    expires (commitments stay claimable until their deadlines). Safe to run again."""
    today = today or timezone.localdate()
    closed = 0
    for fund_id in Fund.objects.filter(ends__lt=today, closed_at__isnull=True).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            fund = lock_fund(fund_id)
            if fund.closed_at is not None:
                continue
            last = LedgerEntry.objects.filter(fund=fund).order_by("-seq").first()
            left = last.available if last else Decimal(0)
            if left > 0:
                post(fund, EntryKind.EXPIRE, left, actor=SYSTEM, note=_("Period ended"))
            fund.closed_at = timezone.now()
            fund.save(update_fields=["closed_at"])
            events.record(
                SYSTEM,
                "fund.expired",
                fund,
                partner_id=fund.partner_id,
                after={"expired": str(left)},
            )
            closed += 1
    return closed
