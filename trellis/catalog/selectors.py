"""Reads of the product catalogue."""

from __future__ import annotations

from django.db.models import QuerySet

from trellis.core.actor import Actor
from trellis.core.compiled import CompiledRead

from .models import Product, ProductFamily


def products(*, actor: Actor, family: str = "") -> QuerySet[Product]:
    qs = Product.objects.visible_to(actor).filter(is_active=True).select_related("family")
    if family:
        qs = qs.filter(family__code=family)
    return qs.prefetch_related("prices").order_by("sku")


_ACTIVE_BY_SKU = CompiledRead(
    lambda skus: Product.objects.filter(sku__in=skus, is_active=True).select_related("family")
)


def products_by_sku(skus: list[str]) -> dict[str, Product]:
    """Active catalogue products among ``skus``, with their family (compiled once: registration reads it)."""
    return {p.sku: p for p in _ACTIVE_BY_SKU.all(list(skus))} if skus else {}


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
    """Every product family's expert specializations, read once (batch jobs look up thousands of leads)."""
    through = ProductFamily.specializations.through
    found: dict[int, set[str]] = {}
    for family_id, slug in through.objects.values_list("productfamily_id", "specialization__slug"):
        found.setdefault(family_id, set()).add(slug)
    return {family_id: frozenset(slugs) for family_id, slugs in found.items()}
