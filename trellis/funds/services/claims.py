"""Claims on approved requests: what the partner spent, with its invoice and proof (checked by
content, an invoice claimed once by number and by file), never more than was approved and
never after the deadline; the reviewer's checklist and decision (the money moves from
committed to claimed); the payment finance records; and commitments that lapse."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import IO

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from trellis.core import events
from trellis.core.actor import SYSTEM, Actor
from trellis.core.amounts import money_amount
from trellis.core.exceptions import Conflict, InvalidFields, InvalidInput, InvalidTransition
from trellis.core.money import Money
from trellis.core.policies import require
from trellis.core.uploads import document_type
from trellis.lifecycle.selectors import payouts_held

from .. import policies  # noqa: F401  (registers the rules)
from ..choices import ClaimCheck, ClaimRejection, ClaimStatus, EntryKind, ProofKind, RequestStatus
from ..models import MdfClaim, MdfRequest, ProofFile
from .ledger import lock_fund, post
from .news import tell_claim

MAX_PROOF = 10_000_000
MAX_PROOFS = 12
PDF, PNG, JPEG = "application/pdf", "image/png", "image/jpeg"
CSV, XLSX = "text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
PROOF_TYPES: dict[str, tuple[str, ...]] = {
    ProofKind.INVOICE: (PDF, PNG, JPEG),
    ProofKind.PHOTO: (PNG, JPEG, PDF),
    ProofKind.ATTENDEES: (CSV, XLSX, PDF),
    ProofKind.OTHER: (PDF, PNG, JPEG, DOCX, PPTX, XLSX),
}
# Counted against what was approved: claims waiting for review, approved or paid.
LIVE = (ClaimStatus.SUBMITTED, ClaimStatus.APPROVED, ClaimStatus.PAID)


@dataclass(frozen=True)
class Proof:
    kind: str
    upload: IO[bytes]
    filename: str
    size: int


def invoice_key(number: str) -> str:
    """An invoice number as compared for duplicates: "inv-2027/0042" is "INV20270042"."""
    return re.sub(r"[^0-9A-Z]", "", number.upper())[:60]


def claimed_so_far(request: MdfRequest) -> Decimal:
    total = (
        MdfClaim.objects.filter(request=request, status__in=LIVE)
        .aggregate(total=Sum("amount"))
        .get("total")
    )
    return total or Decimal(0)


def _checked_proofs(
    proofs: list[Proof], errors: list[tuple[str, str]]
) -> list[tuple[Proof, str, bytes, str]]:
    """Each proof with its content type, bytes and SHA-256, or errors on the ``proofs`` field."""
    out: list[tuple[Proof, str, bytes, str]] = []
    if not any(p.kind == ProofKind.INVOICE for p in proofs):
        errors.append(("invoice", _("Attach the invoice.")))
    if len(proofs) > MAX_PROOFS:
        errors.append(("proofs", _("Send at most %(n)s files.") % {"n": MAX_PROOFS}))
        return out
    seen: set[str] = set()
    for proof in proofs:
        field = "invoice" if proof.kind == ProofKind.INVOICE else "proofs"
        if proof.kind not in PROOF_TYPES:
            errors.append((field, _("Say what each file shows.")))
            continue
        if proof.size > MAX_PROOF:
            errors.append((field, _("%(name)s is larger than 10 MB.") % {"name": proof.filename}))
            continue
        try:
            kind = document_type(
                proof.upload, proof.filename, field=field, kinds=PROOF_TYPES[proof.kind]
            )
        except InvalidInput as exc:
            errors.append((field, f"{proof.filename}: {exc.message}"))
            continue
        raw = proof.upload.read()
        digest = hashlib.sha256(raw).hexdigest()
        if digest in seen:
            errors.append((field, _("%(name)s is sent twice.") % {"name": proof.filename}))
            continue
        seen.add(digest)
        out.append((proof, kind, raw, digest))
    return out


def claim_submit(
    *,
    actor: Actor,
    request: MdfRequest,
    amount: Decimal,
    currency: str,
    invoice_number: str,
    proofs: list[Proof],
    final: bool = False,
    note: str = "",
    today: dt.date | None = None,
) -> MdfClaim:
    """Claim on an approved request; ``InvalidFields`` names every reason it is refused, and
    nothing is stored then."""
    require(actor, "funds.claim", request)
    today = today or timezone.localdate()
    if request.status != RequestStatus.APPROVED:
        raise Conflict(_("Only an approved request can be claimed."))
    if today > request.claim_deadline:
        raise InvalidInput(
            _("Claims for this activity closed on %(day)s.")
            % {"day": request.claim_deadline.isoformat()},
            field="request",
        )
    if today < request.starts:
        raise InvalidInput(
            _("Claim once the activity has taken place (it starts on %(day)s).")
            % {"day": request.starts.isoformat()},
            field="request",
        )
    errors: list[tuple[str, str]] = []
    if currency != request.currency:
        errors.append(
            (
                "currency",
                _("This request is in %(currency)s; claim in %(currency)s.")
                % {"currency": request.currency},
            )
        )
    try:
        amount = money_amount(amount, request.currency, field="amount")
    except InvalidInput as exc:
        errors.append(("amount", exc.message))
    key = invoice_key(invoice_number)
    if not key:
        errors.append(("invoice_number", _("Give the invoice number.")))
    elif (
        MdfClaim.objects.filter(partner_id=request.partner_id, invoice_key=key)
        .exclude(status=ClaimStatus.REJECTED)
        .exists()
    ):
        errors.append(
            (
                "invoice_number",
                _("Invoice %(number)s was already claimed.") % {"number": invoice_number.strip()},
            )
        )
    checked = _checked_proofs(proofs, errors)
    digests = [d for p, _k, _r, d in checked if p.kind == ProofKind.INVOICE]
    if (
        digests
        and ProofFile.objects.filter(
            partner_id=request.partner_id, kind=ProofKind.INVOICE, live=True, sha256__in=digests
        ).exists()
    ):
        errors.append(("invoice", _("This invoice file was already sent with another claim.")))
    if errors:
        raise InvalidFields(errors)
    try:
        with transaction.atomic():
            locked = MdfRequest.objects.select_for_update().get(pk=request.pk)
            left = (locked.approved_amount or Decimal(0)) - claimed_so_far(locked)
            if amount > left:
                raise InvalidFields(
                    [
                        (
                            "amount",
                            _("You can claim at most %(left)s more (approved %(approved)s).")
                            % {
                                "left": Money(max(left, Decimal(0)), locked.currency).format(),
                                "approved": Money(
                                    locked.approved_amount or Decimal(0), locked.currency
                                ).format(),
                            },
                        )
                    ]
                )
            claim = MdfClaim.objects.create(
                request=locked,
                partner_id=locked.partner_id,
                amount=amount,
                currency=locked.currency,
                invoice_number=invoice_number.strip()[:60],
                invoice_key=key,
                final=final,
                note=note.strip(),
                submitted_by_id=actor.user_id,
            )
            for proof, kind, raw, digest in checked:
                clean = proof.filename.replace("/", "_").replace("\\", "_")[-200:]
                ProofFile.objects.create(
                    claim=claim,
                    partner_id=locked.partner_id,
                    kind=proof.kind,
                    file=ContentFile(raw, name=clean),
                    original_name=clean,
                    content_type=kind,
                    size=len(raw),
                    sha256=digest,
                )
            events.record(
                actor,
                "mdf_claim.submitted",
                claim,
                after={"amount": str(amount), "invoice": claim.invoice_number, "final": final},
            )
            tell_claim(claim, locked, "submitted")
    except IntegrityError:
        raise InvalidInput(_("This invoice was already claimed."), field="invoice_number") from None
    return claim


def _locked_claim(claim: MdfClaim) -> MdfClaim:
    return MdfClaim.objects.select_for_update().select_related("request").get(pk=claim.pk)


def required_checks(request: MdfRequest) -> list[str]:
    """What the reviewer must confirm for this request's claims."""
    checks = [ClaimCheck.INVOICE_MATCHES, ClaimCheck.PROOF_SHOWN]
    if request.conditions:
        checks.append(ClaimCheck.CONDITIONS_MET)
    if request.collects_personal_data:
        checks.append(ClaimCheck.CONSENT)
    return [str(c) for c in checks]


def claim_approve(
    *,
    actor: Actor,
    claim: MdfClaim,
    checklist: list[str],
    amount: Decimal | None = None,
    note: str = "",
) -> MdfClaim:
    """Approve for payment (all or part of what was claimed): the money moves from committed to
    claimed. After the last claim, what is left of the commitment goes back to the fund."""
    require(actor, "funds.decide", claim.request)
    missing = [c for c in required_checks(claim.request) if c not in checklist]
    if missing:
        raise InvalidInput(
            _("Confirm before approving: %(checks)s.")
            % {"checks": "; ".join(str(ClaimCheck(c).label).lower() for c in missing)},
            field="checklist",
        )
    with transaction.atomic():
        claim = _locked_claim(claim)
        if claim.status != ClaimStatus.SUBMITTED:
            raise InvalidTransition(claim.get_status_display(), str(ClaimStatus.APPROVED.label))
        approved = money_amount(
            claim.amount if amount is None else amount, claim.currency, field="amount"
        )
        if approved > claim.amount:
            raise InvalidInput(_("Approve at most what was claimed."), field="amount")
        request = MdfRequest.objects.select_for_update().get(pk=claim.request_id)
        fund = lock_fund(request.fund_id)
        post(
            fund,
            EntryKind.CLAIM,
            approved,
            actor=actor,
            request=request,
            reference=f"claim {claim.pk}",
        )
        claim.status, claim.approved_amount = ClaimStatus.APPROVED, approved
        claim.checklist = sorted(set(checklist) & set(ClaimCheck.values))
        claim.review_note = note.strip()
        claim.reviewed_by_id, claim.reviewed_at = actor.user_id, timezone.now()
        claim.save()
        events.record(
            actor,
            "mdf_claim.approved",
            claim,
            after={"amount": str(approved), "partial": approved < claim.amount},
            note=note.strip(),
        )
        if claim.final or claimed_so_far(request) >= (request.approved_amount or 0):
            _close(request, actor, fund)
        tell_claim(claim, request, "approved")
    return claim


def _close(request: MdfRequest, actor: Actor, fund: object) -> None:
    """The last claim is decided: release what the claims did not use and close the request
    (unless another claim still waits for review)."""
    if MdfClaim.objects.filter(request=request, status=ClaimStatus.SUBMITTED).exists():
        return
    used = MdfClaim.objects.filter(
        request=request, status__in=(ClaimStatus.APPROVED, ClaimStatus.PAID)
    ).aggregate(total=Sum("approved_amount")).get("total") or Decimal(0)
    left = (request.approved_amount or Decimal(0)) - used
    if left > 0:
        post(fund, EntryKind.RELEASE, left, actor=actor, request=request, note=_("Not claimed"))  # type: ignore[arg-type]
    request.status = RequestStatus.CLOSED
    request.save(update_fields=["status", "updated_at"])
    events.record(actor, "mdf_request.closed", request, after={"released": str(left)})


def claim_reject(*, actor: Actor, claim: MdfClaim, reason: str, note: str = "") -> MdfClaim:
    """Turn a claim down with a reason the partner reads; nothing is booked, and its invoice
    may be claimed again (corrected)."""
    require(actor, "funds.decide", claim.request)
    if reason not in ClaimRejection.values:
        raise InvalidInput(_("Choose why the claim is rejected."), field="reason")
    if reason == ClaimRejection.OTHER and not note.strip():
        raise InvalidInput(_("Say what is wrong, so the partner can claim again."), field="note")
    with transaction.atomic():
        claim = _locked_claim(claim)
        if claim.status != ClaimStatus.SUBMITTED:
            raise InvalidTransition(claim.get_status_display(), str(ClaimStatus.REJECTED.label))
        claim.status, claim.rejection, claim.review_note = (
            ClaimStatus.REJECTED,
            reason,
            note.strip(),
        )
        claim.reviewed_by_id, claim.reviewed_at = actor.user_id, timezone.now()
        claim.save()
        ProofFile.objects.filter(claim=claim).update(live=False)
        events.record(
            actor, "mdf_claim.rejected", claim, after={"reason": reason}, note=note.strip()
        )
        tell_claim(claim, claim.request, "rejected")
    return claim


def claim_pay(*, actor: Actor, claim: MdfClaim, reference: str) -> MdfClaim:
    """Finance records the payment (the money moves from claimed to paid). A partner that left
    the program is paid through its final statement instead."""
    require(actor, "funds.pay", claim)
    if not reference.strip():
        raise InvalidInput(_("Give the payment reference."), field="reference")
    if payouts_held(partner_id=claim.partner_id):
        raise Conflict(_("Payouts to this partner are held for its final statement."))
    with transaction.atomic():
        claim = _locked_claim(claim)
        if claim.status != ClaimStatus.APPROVED:
            raise InvalidTransition(claim.get_status_display(), str(ClaimStatus.PAID.label))
        fund = lock_fund(claim.request.fund_id)
        assert claim.approved_amount is not None
        post(
            fund,
            EntryKind.PAY,
            claim.approved_amount,
            actor=actor,
            request=claim.request,
            reference=reference.strip()[:120],
        )
        claim.status, claim.payment_reference = ClaimStatus.PAID, reference.strip()[:80]
        claim.paid_by_id, claim.paid_at = actor.user_id, timezone.now()
        claim.save()
        events.record(actor, "mdf_claim.paid", claim, after={"reference": claim.payment_reference})
        tell_claim(claim, claim.request, "paid")
    return claim


def requests_lapse(*, today: dt.date | None = None) -> int:
    """The daily job: an approved request whose claim deadline passed, with no claim waiting,
    gives back what its claims did not use and closes. Safe to run again."""
    today = today or timezone.localdate()
    closed = 0
    for request_id in MdfRequest.objects.filter(
        status=RequestStatus.APPROVED, claim_deadline__lt=today
    ).values_list("pk", flat=True):
        with transaction.atomic():
            request = MdfRequest.objects.select_for_update().get(pk=request_id)
            if request.status != RequestStatus.APPROVED:
                continue
            if MdfClaim.objects.filter(request=request, status=ClaimStatus.SUBMITTED).exists():
                continue
            _close(request, SYSTEM, lock_fund(request.fund_id))
            closed += 1
    return closed
