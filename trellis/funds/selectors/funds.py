"""Reads about funds: funds with their balances, ledgers, transfers waiting for a
decision, and requests (a partner sees only its own; a budget is the vendor's alone)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import F, Q, QuerySet

from trellis.core.actor import Actor
from trellis.core.exceptions import NotFound

from ..balances import current_balances
from ..choices import UNDECIDED, TransferStatus
from ..engine.ledger import Balances
from ..models import Fund, LedgerEntry, MdfClaim, MdfRequest, ProofFile, Transfer


@dataclass(frozen=True)
class FundRow:
    fund: Fund
    balances: Balances

    @property
    def used_pct(self) -> int:
        """How much of the money allocated is spoken for (committed, claimed or paid)."""
        b = self.balances
        if b.allocated <= 0:
            return 0
        return min(100, round(100 * (b.committed + b.claimed + b.paid) / b.allocated))


def funds_overview(
    *,
    actor: Actor,
    period: str = "",
    program_id: int | None = None,
    partner_id: int | None = None,
    budgets_only: bool = False,
    include_closed: bool = False,
    limit: int = 500,
) -> list[FundRow]:
    """Funds ``actor`` may see with their balances, newest period first."""
    qs = Fund.objects.visible_to(actor).select_related("program", "tier", "partner", "parent")
    if period:
        qs = qs.filter(period=period.upper())
    if program_id is not None:
        qs = qs.filter(program_id=program_id)
    if partner_id is not None:
        qs = qs.filter(partner_id=partner_id)
    if budgets_only:
        qs = qs.filter(partner__isnull=True)
    if not include_closed:
        qs = qs.filter(closed_at__isnull=True)
    funds = list(
        qs.order_by("-starts", F("partner__name").asc(nulls_first=True), "name", "pk")[:limit]
    )
    balances = current_balances([f.pk for f in funds])
    return [FundRow(f, balances[f.pk]) for f in funds]


def fund_rows(funds: list[Fund]) -> list[FundRow]:
    balances = current_balances([f.pk for f in funds])
    return [FundRow(f, balances[f.pk]) for f in funds]


def fund_get(*, actor: Actor, fund_id: int) -> Fund:
    fund = (
        Fund.objects.visible_to(actor)
        .select_related("program", "tier", "partner", "parent")
        .filter(pk=fund_id)
        .first()
    )
    if fund is None:
        raise NotFound()
    return fund


def fund_row(*, actor: Actor, fund_id: int) -> FundRow:
    fund = fund_get(actor=actor, fund_id=fund_id)
    return FundRow(fund, current_balances([fund.pk])[fund.pk])


def fund_ledger(*, actor: Actor, fund: Fund) -> QuerySet[LedgerEntry]:
    """The fund's entries, newest first, with what each points at."""
    return (
        LedgerEntry.objects.visible_to(actor)
        .filter(fund=fund)
        .select_related("request", "counterpart__partner", "made_by")
        .order_by("-seq")
    )


def period_labels() -> list[str]:
    return sorted(set(Fund.objects.values_list("period", flat=True)), reverse=True)


def transfers_waiting(*, actor: Actor) -> QuerySet[Transfer]:
    return (
        Transfer.objects.visible_to(actor)
        .filter(status=TransferStatus.REQUESTED)
        .select_related("source", "target", "requested_by")
    )


def transfers_of(*, actor: Actor, fund: Fund) -> QuerySet[Transfer]:
    return (
        Transfer.objects.visible_to(actor)
        .filter(Q(source=fund) | Q(target=fund))
        .select_related("source", "target", "requested_by", "decided_by")
    )


def transfer_get(*, actor: Actor, transfer_id: int) -> Transfer:
    found = (
        Transfer.objects.visible_to(actor)
        .select_related("source", "target")
        .filter(pk=transfer_id)
        .first()
    )
    if found is None:
        raise NotFound()
    return found


def mdf_requests(
    *,
    actor: Actor,
    status: str = "",
    partner_id: int | None = None,
    flagged: bool = False,
    fund_id: int | None = None,
) -> QuerySet[MdfRequest]:
    """Requests ``actor`` may see; "open" means waiting for the vendor."""
    qs = MdfRequest.objects.visible_to(actor).select_related("partner", "fund", "program")
    if status == "open":
        qs = qs.filter(status__in=UNDECIDED)
    elif status:
        qs = qs.filter(status=status)
    if partner_id is not None:
        qs = qs.filter(partner_id=partner_id)
    if fund_id is not None:
        qs = qs.filter(fund_id=fund_id)
    if flagged:
        qs = qs.exclude(flags=[])
    return qs


def mdf_request_get(*, actor: Actor, request_id: int) -> MdfRequest:
    found = (
        MdfRequest.objects.visible_to(actor)
        .select_related("partner", "fund", "program", "submitted_by", "decided_by")
        .filter(pk=request_id)
        .first()
    )
    if found is None:
        raise NotFound()
    return found


def request_ledger(*, actor: Actor, request: MdfRequest) -> list[LedgerEntry]:
    """What the request moved on its fund (commitment, releases), oldest first."""
    return list(
        LedgerEntry.objects.visible_to(actor).filter(request=request).order_by("made_at", "seq")
    )


def fund_of_request(*, request: MdfRequest) -> FundRow:
    """The fund a request draws on with its balances, for the approver (not the partner: a
    budget's balances are the vendor's)."""
    return FundRow(request.fund, current_balances([request.fund_id])[request.fund_id])


def queue_counts(*, actor: Actor) -> dict[str, Any]:
    waiting = MdfRequest.objects.visible_to(actor).filter(status__in=UNDECIDED)
    return {
        "open": waiting.count(),
        "flagged": waiting.exclude(flags=[]).count(),
    }


def mdf_claims(
    *, actor: Actor, status: str = "", partner_id: int | None = None, request_id: int | None = None
) -> QuerySet[MdfClaim]:
    qs = (
        MdfClaim.objects.visible_to(actor)
        .select_related("request", "partner", "reviewed_by", "paid_by")
        .prefetch_related("proofs")
    )
    if status:
        qs = qs.filter(status=status)
    if partner_id is not None:
        qs = qs.filter(partner_id=partner_id)
    if request_id is not None:
        qs = qs.filter(request_id=request_id)
    return qs


def mdf_claim_get(*, actor: Actor, claim_id: int) -> MdfClaim:
    found = mdf_claims(actor=actor).filter(pk=claim_id).first()
    if found is None:
        raise NotFound()
    return found


def proof_get(*, actor: Actor, proof_id: int) -> ProofFile:
    found = ProofFile.objects.visible_to(actor).select_related("claim").filter(pk=proof_id).first()
    if found is None:
        raise NotFound()
    return found


def claims_for_finance(*, actor: Actor, status: str) -> list[dict[str, Any]]:
    """Claims as finance exports them: who is paid, for what, how much, and the reference."""
    return [
        {
            "claim": c.pk,
            "partner": c.partner.name,
            "payee": c.request.payee_name,
            "campaign_code": c.request.campaign_code,
            "activity": c.request.title,
            "invoice_number": c.invoice_number,
            "amount": c.approved_amount,
            "currency": c.currency,
            "approved_at": c.reviewed_at,
            "paid_at": c.paid_at,
            "payment_reference": c.payment_reference,
        }
        for c in mdf_claims(actor=actor, status=status).order_by("reviewed_at", "pk")
    ]
