"""Reads about customer accounts."""

from __future__ import annotations

from django.db.models import QuerySet

from trellis.core.actor import Actor

from .engine.names import normalize_company_name
from .models import CustomerAccount


def customer_accounts(*, actor: Actor, q: str = "", country: str = "") -> QuerySet[CustomerAccount]:
    qs = CustomerAccount.objects.visible_to(actor)
    if q:
        qs = qs.filter(name_normalized__contains=normalize_company_name(q))
    if country:
        qs = qs.filter(country=country.upper())
    return qs
