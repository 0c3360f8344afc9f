"""End-customer accounts that deals, leads and account lists refer to."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trellis.core.scoping import ScopedManager, ScopedQuerySet

from .choices import EmployeeBand, Industry


class CustomerQuerySet(ScopedQuerySet):
    """Vendor staff see every account; a partner only accounts it brought in."""

    partner_path = "owner_partner_id"


class CustomerAccount(models.Model):
    name = models.CharField(_("name"), max_length=250)
    # Searched by substring (no B-tree helps) and matched in memory, so not indexed.
    name_normalized = models.CharField(max_length=250, editable=False)
    domain = models.CharField(_("domain"), max_length=253, blank=True)
    country = models.CharField(_("country"), max_length=2)
    city = models.CharField(_("city"), max_length=120, blank=True)
    industry = models.CharField(_("industry"), max_length=32, choices=Industry.choices, blank=True)
    employee_band = models.CharField(
        _("employees"), max_length=12, choices=EmployeeBand.choices, blank=True
    )
    crm_external_id = models.CharField(_("CRM id"), max_length=64, blank=True)
    is_direct = models.BooleanField(
        _("vendor direct account"), default=False, help_text=_("Owned by the vendor's own sales.")
    )
    owner_partner = models.ForeignKey(
        "partners.Partner",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="customer_accounts",
        help_text=_("The partner that brought this account in, if any."),
    )
    # The corporate family: a unit, subsidiary or division points at its parent, as a channel
    # manager recorded it (from a registration's review, or through the API).
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="units",
        verbose_name=_("parent company"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager.from_queryset(CustomerQuerySet)()

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["crm_external_id"],
                condition=~Q(crm_external_id=""),
                name="customer_crm_id_unique",
            ),
            models.CheckConstraint(condition=~Q(name=""), name="customer_name_required"),
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")),
                name="customer_not_own_parent",
                violation_error_message=_("A company cannot be its own parent."),
            ),
        ]
        indexes = [
            models.Index(fields=["country", "name"]),
            # Equality only: Django's own db_index would add a LIKE-pattern twin nothing uses.
            models.Index(fields=["domain"], name="customer_account_domain"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_partner_id(self) -> int | None:
        return self.owner_partner_id


class ResolutionLock(models.Model):
    """One row, locked while a new customer account is created, so two simultaneous
    registrations of a company nobody knows yet end up on one account, not two."""

    name = models.CharField(max_length=32, unique=True)

    def __str__(self) -> str:
        return self.name
