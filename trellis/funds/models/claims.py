"""A partner's claim on an approved request: what it spent, with the invoice and the proof
that the activity took place, the reviewer's checklist and decision, and the payment."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from trellis.core.scoping import ScopedManager, ScopedQuerySet

from ..choices import ClaimRejection, ClaimStatus, ProofKind
from .funds import money
from .requests import MdfRequest


class ClaimQuerySet(ScopedQuerySet):
    partner_path = "partner_id"


class MdfClaim(models.Model):
    request = models.ForeignKey(MdfRequest, on_delete=models.PROTECT, related_name="claims")
    partner = models.ForeignKey("partners.Partner", on_delete=models.PROTECT, related_name="+")
    amount = money(_("amount claimed"))
    currency = models.CharField(_("currency"), max_length=3)
    invoice_number = models.CharField(_("invoice number"), max_length=60)
    # The invoice number as compared for duplicates: letters and digits only, upper case.
    invoice_key = models.CharField(max_length=60)
    final = models.BooleanField(_("last claim for this activity"), default=False)
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(
        max_length=10, choices=ClaimStatus.choices, default=ClaimStatus.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    approved_amount = money(_("amount approved"), null=True, blank=True)
    checklist = models.JSONField(default=list, blank=True)
    rejection = models.CharField(max_length=14, choices=ClaimRejection.choices, blank=True)
    review_note = models.TextField(_("review note"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    payment_reference = models.CharField(_("payment reference"), max_length=80, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    paid_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager.from_queryset(ClaimQuerySet)()

    class Meta:
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="mdf_claim_amount_positive"),
            models.CheckConstraint(
                condition=Q(approved_amount__isnull=True)
                | Q(approved_amount__gt=0, approved_amount__lte=F("amount")),
                name="mdf_claim_approved_at_most_claimed",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["approved", "paid"]) | Q(approved_amount__isnull=False),
                name="mdf_claim_approved_has_amount",
            ),
            models.CheckConstraint(
                condition=~Q(status="paid") | ~Q(payment_reference=""),
                name="mdf_claim_paid_has_reference",
            ),
            # One invoice is claimed once: a rejected claim frees its number for a new one.
            models.UniqueConstraint(
                fields=["partner", "invoice_key"],
                condition=~Q(status="rejected"),
                name="mdf_claim_invoice_once",
                violation_error_message=_("This invoice was already claimed."),
            ),
        ]
        indexes = [models.Index(fields=["status", "-submitted_at"])]

    def __str__(self) -> str:
        return f"claim {self.pk} on {self.request_id}"

    @property
    def audit_partner_id(self) -> int:
        return self.partner_id


class ProofQuerySet(ScopedQuerySet):
    partner_path = "partner_id"


class ProofFile(models.Model):
    """A file sent with a claim, checked by content; an invoice file is claimed once."""

    claim = models.ForeignKey(MdfClaim, on_delete=models.CASCADE, related_name="proofs")
    partner = models.ForeignKey("partners.Partner", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=ProofKind.choices)
    file = models.FileField(upload_to="claims/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    live = models.BooleanField(default=True)  # False once its claim is rejected

    objects = ScopedManager.from_queryset(ProofQuerySet)()

    class Meta:
        ordering = ["claim", "kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "sha256"],
                condition=Q(kind="invoice", live=True),
                name="mdf_invoice_file_once",
            )
        ]

    def __str__(self) -> str:
        return self.original_name
