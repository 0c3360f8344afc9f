"""Reads of the product catalogue."""

from __future__ import annotations

from django.db.models import QuerySet

from trellis.core import stamps
from trellis.core.actor import Actor

from .models import Product, ProductFamily


def products(*, actor: Actor, family: str = "") -> QuerySet[Product]:
    qs = Product.objects.visible_to(actor).filter(is_active=True).select_related("family")
    if family:
        qs = qs.filter(family__code=family)
    return qs.prefetch_related("prices").order_by("sku")


_BY_SKU: stamps.StampedCache[dict[str, Product]] = stamps.StampedCache(stamps.CATALOGUE)


def products_by_sku(skus: list[str]) -> dict[str, Product]:
    """Active catalogue products among ``skus``, with their family.

    Every registration reads it, so each process keeps the answer until the
    catalogue's stamp changes. The products are shared: read-only.
    """
    if not skus:
        return {}
    key = tuple(sorted(set(skus)))

    def read() -> dict[str, Product]:
        found = Product.objects.filter(sku__in=key, is_active=True).select_related("family")
        return {p.sku: p for p in found}

    return _BY_SKU.get(key, read)


def families() -> QuerySet[ProductFamily]:
    return ProductFamily.objects.order_by("name")


def family_specializations(family_ids: list[int]) -> frozenset[str]:
    """Specialization slugs that make a partner an expert in these product families."""
    through = ProductFamily.specializations.through
    return frozenset(
        through.objects.filter(productfamily_id__in=family_ids).values_list(
            "specialization__slug", flat=True
        )
    )


def specializations_by_family() -> dict[int, frozenset[str]]:
    """Every product family's expert specializations, read once (batch jobs look up thousands of
    leads)."""
    through = ProductFamily.specializations.through
    found: dict[int, set[str]] = {}
    for family_id, slug in through.objects.values_list("productfamily_id", "specialization__slug"):
        found.setdefault(family_id, set()).add(slug)
    return {family_id: frozenset(slugs) for family_id, slugs in found.items()}
