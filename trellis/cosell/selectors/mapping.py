"""Reads about account mapping: the overlap matrix, and the shared accounts as far as the policy
allows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count

from trellis.core.actor import Actor
from trellis.core.exceptions import NotFound

from ..choices import AccountStatus, SharingLevel
from ..models import AccountListUpload, AccountOverlap, PartnerAccount, SharingPolicy


@dataclass(frozen=True)
class SharedAccount:
    """A company on both sides, as the viewer may see it: always its own name for it."""

    name: str
    own_status: str
    other_status: str | None  # only at full detail
    other_domain: str | None  # only at full detail
    similar: bool = False  # found by the customers matcher, not by an exact key


@dataclass(frozen=True)
class OverlapView:
    matrix: list[list[int]]  # rows: vendor status, columns: partner status (AccountStatus order)
    total: int
    level: int
    vendor_level: int
    partner_consent: int
    accounts: int  # size of the partner's list
    shared: list[SharedAccount]
    statuses: tuple[str, ...] = tuple(AccountStatus.values)

    @property
    def level_label(self) -> str:
        return str(SharingLevel(self.level).label)

    @property
    def vendor_level_label(self) -> str:
        return str(SharingLevel(self.vendor_level).label)

    @property
    def partner_consent_label(self) -> str:
        return str(SharingLevel(self.partner_consent).label)


def _label(status: str) -> str:
    return str(AccountStatus(status).label)


def sharing_levels(partner: Any) -> tuple[int, int]:
    """What the vendor offers and what the partner agreed to (counts only until both say more)."""
    policy = SharingPolicy.objects.filter(partner=partner).first()
    if policy is None:
        return SharingLevel.COUNTS, SharingLevel.COUNTS
    return policy.vendor_level, policy.partner_consent


def overlap_view(*, actor: Actor, partner: Any, limit: int = 200) -> OverlapView:
    """The overlap between the vendor and ``partner`` for whoever asks: counts always, names and
    detail per policy.

    The vendor sees its own accounts' names (never a partner account it does not
    share); the partner sees its own; at full detail each also sees the other's
    status and domain for the shared ones.
    """
    vendor_level, consent = sharing_levels(partner)
    level = min(vendor_level, consent)
    overlaps = AccountOverlap.objects.visible_to(actor).filter(partner=partner)
    order = list(AccountStatus.values)
    matrix = [[0] * len(order) for _ in order]
    for row in overlaps.values("vendor_status", "partner_status").annotate(n=Count("id")):
        matrix[order.index(row["vendor_status"])][order.index(row["partner_status"])] = row["n"]
    shared: list[SharedAccount] = []
    if level >= SharingLevel.NAMES:
        detail = level >= SharingLevel.DETAILS
        own_name = "partner_account__name" if actor.is_partner else "customer__name"
        rows = overlaps.select_related("customer", "partner_account").order_by(own_name, "id")[
            :limit
        ]
        for o in rows:
            mine, theirs = (
                (o.partner_status, o.vendor_status)
                if actor.is_partner
                else (o.vendor_status, o.partner_status)
            )
            name = o.partner_account.name if actor.is_partner else o.customer.name
            domain = o.customer.domain if actor.is_partner else o.partner_account.domain
            shared.append(
                SharedAccount(
                    name,
                    _label(mine),
                    _label(theirs) if detail else None,
                    domain if detail else None,
                    o.similarity is not None,
                )
            )
    accounts = PartnerAccount.objects.filter(partner=partner).count()
    total = sum(map(sum, matrix))
    return OverlapView(matrix, total, level, vendor_level, consent, accounts, shared)


def latest_upload(*, actor: Actor, partner: Any) -> AccountListUpload | None:
    return AccountListUpload.objects.visible_to(actor).filter(partner=partner).defer("rows").first()


def upload_get(*, actor: Actor, upload_id: int) -> AccountListUpload:
    found = AccountListUpload.objects.visible_to(actor).defer("rows").filter(pk=upload_id).first()
    if found is None:
        raise NotFound()
    return found
