"""Reads of the product catalogue."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet

from trellis.core import stamps
from trellis.core.actor import Actor
from trellis.core.exceptions import NotFound

from .models import Product, ProductFamily, ProductPrice


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


# --- configuration ---------------------------------------------------------------


def catalogue_page(*, q: str = "", family_id: int | None = None, on_sale_only: bool = False) -> Any:
    """Products for the catalogue screen, on sale or not, with family and prices."""
    qs = Product.objects.select_related("family").prefetch_related("prices")
    if q:
        qs = qs.filter(Q(sku__icontains=q) | Q(name__icontains=q))
    if family_id:
        qs = qs.filter(family_id=family_id)
    if on_sale_only:
        qs = qs.filter(is_active=True)
    return qs.order_by("sku")


def product_get(*, product_id: int) -> Product:
    product = Product.objects.select_related("family").filter(pk=product_id).first()
    if product is None:
        raise NotFound()
    return product


def product_prices(product: Product) -> list[tuple[str, Decimal]]:
    return list(ProductPrice.objects.filter(product=product).values_list("currency", "list_price"))


def families_overview() -> QuerySet[ProductFamily]:
    """Every family with its product count and expert specializations."""
    return (
        ProductFamily.objects.annotate(product_count=Count("products"))
        .prefetch_related("specializations")
        .order_by("name")
    )


def family_get(*, family_id: int) -> ProductFamily:
    family = ProductFamily.objects.filter(pk=family_id).first()
    if family is None:
        raise NotFound()
    return family


def family_names(family_ids: list[int]) -> list[str]:
    """Names of product families, in the order of ``family_ids`` (unknown ids left out)."""
    names = dict(ProductFamily.objects.filter(pk__in=family_ids).values_list("pk", "name"))
    return [names[i] for i in family_ids if i in names]
