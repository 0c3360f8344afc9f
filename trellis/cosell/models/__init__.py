"""Co-selling data: account mapping, co-sells with their thread and steps, introductions,
bundles."""

from .bundles import Bundle, BundleMember
from .co_selling import CoSell, CoSellMessage, CoSellStep
from .introductions import Introduction
from .mapping import AccountListUpload, AccountOverlap, PartnerAccount, SharingPolicy

__all__ = [
    "AccountListUpload",
    "AccountOverlap",
    "Bundle",
    "BundleMember",
    "CoSell",
    "CoSellMessage",
    "CoSellStep",
    "Introduction",
    "PartnerAccount",
    "SharingPolicy",
]
