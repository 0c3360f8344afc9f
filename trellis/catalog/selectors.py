"""Reads of the product catalogue."""

from __future__ import annotations

from django.db.models import QuerySet

from trellis.core.actor import Actor

from .models import Product


def products(*, actor: Actor, family: str = "") -> QuerySet[Product]:
    qs = Product.objects.visible_to(actor).filter(is_active=True).select_related("family")
    if family:
        qs = qs.filter(family__code=family)
    return qs.prefetch_related("prices").order_by("sku")
