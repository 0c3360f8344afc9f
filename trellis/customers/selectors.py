"""Reads about customer accounts."""

from __future__ import annotations

from django.db.models import Count, Max, QuerySet

from trellis.core.actor import Actor
from trellis.core.exceptions import NotFound

from . import matcher
from .engine.matching import SAME_COMPANY, Match
from .engine.names import normalize_company_name
from .models import CustomerAccount

# The score from which a known company is taken to be the one registered (the engine's
# threshold, chosen on the real-name evaluation set), for callers outside this app.
SAME_COMPANY_SCORE = SAME_COMPANY


def customer_accounts(*, actor: Actor, q: str = "", country: str = "") -> QuerySet[CustomerAccount]:
    qs = CustomerAccount.objects.visible_to(actor)
    if q:
        qs = qs.filter(name_normalized__contains=normalize_company_name(q))
    if country:
        qs = qs.filter(country=country.upper())
    return qs


def account_get(*, actor: Actor, account_id: int) -> CustomerAccount:
    """An account ``actor`` may see, with its parent; else 404."""
    found = (
        CustomerAccount.objects.visible_to(actor)
        .select_related("parent")
        .filter(pk=account_id)
        .first()
    )
    if found is None:
        raise NotFound()
    return found


def similar_companies(
    *,
    name: str,
    domain: str = "",
    country: str = "",
    city: str = "",
    limit: int = 5,
    min_score: float = 0.5,
) -> list[Match]:
    """Known companies this one may be, best first, each with its evidence."""
    return matcher.find_companies(
        name=name, domain=domain, country=country, city=city, limit=limit, min_score=min_score
    )


def account_keys_stamp() -> tuple[object, ...]:
    """Changes whenever account_keys() would: a cheap check before reading every account."""
    return tuple(CustomerAccount.objects.aggregate(n=Count("id"), at=Max("updated_at")).values())


def account_keys() -> list[tuple[int, str, str, str, bool]]:
    """Every customer account as (id, normalised name, country, domain, vendor-direct), for account
    mapping."""
    return list(
        CustomerAccount.objects.values_list(
            "pk", "name_normalized", "country", "domain", "is_direct"
        )
    )
