"""API: the product catalogue with list prices."""

from __future__ import annotations

from decimal import Decimal

from django.http import HttpRequest
from ninja import Query, Router, Schema

from trellis.core.api import actor_of

from . import selectors

router = Router(tags=["catalogue"])


class PriceOut(Schema):
    currency: str
    list_price: Decimal


class ProductOut(Schema):
    sku: str
    name: str
    family: str
    family_name: str
    prices: list[PriceOut]


@router.get("/products", response=list[ProductOut], summary="The product catalogue")
def list_products(request: HttpRequest, family: str = Query("", max_length=40)) -> list[dict]:
    return [
        {
            "sku": p.sku,
            "name": p.name,
            "family": p.family.code,
            "family_name": p.family.name,
            "prices": [
                {"currency": pr.currency, "list_price": pr.list_price} for pr in p.prices.all()
            ],
        }
        for p in selectors.products(actor=actor_of(request), family=family)
    ]
