"""Writes about customer accounts: resolving a registration's customer to one account."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import BigIntegerField, Value
from django.utils.translation import gettext as _

from trellis.core import events
from trellis.core.actor import SYSTEM, Actor
from trellis.core.compiled import CompiledRead, insert_new_together, next_id_expression
from trellis.core.countries import is_country
from trellis.core.exceptions import InvalidInput

from . import matcher
from .engine.matching import REVIEW, SAME_COMPANY, Match
from .engine.names import normalize_company_name, normalize_domain
from .models import CustomerAccount, ResolutionLock


@dataclass(frozen=True)
class CustomerInput:
    name: str
    domain: str = ""
    country: str = ""
    city: str = ""
    email_domain: str = ""


@dataclass
class Resolution:
    """Which account a customer is, how sure the engine is, and what else a person should look at."""

    account: CustomerAccount
    created: bool
    score: float | None
    evidence: list[str]
    near: list[tuple[CustomerAccount, Match]] = field(default_factory=list)


def validate_customer(data: CustomerInput) -> CustomerInput:
    name = data.name.strip()
    if not name or not normalize_company_name(name).strip():
        raise InvalidInput(_("Enter the customer's company name."), field="customer.name")
    country = data.country.strip().upper()
    if not is_country(country):
        raise InvalidInput(
            _("Choose the customer's country (two-letter ISO code)."), field="customer.country"
        )
    domain = normalize_domain(data.domain)
    if domain and ("." not in domain or " " in domain):
        raise InvalidInput(_("Enter a domain such as example.com."), field="customer.domain")
    return CustomerInput(name[:250], domain, country, data.city.strip()[:120], data.email_domain)


# A lookup may use an index refreshed this recently: a company it misses is found
# again by the look under the resolution lock, before any account is created.
_FRESH_WITHIN = 0.5  # seconds


def _query(data: CustomerInput) -> dict[str, Any]:
    return {"name": data.name, "domain": data.domain or data.email_domain, "country": data.country,
            "city": data.city, "limit": 5, "min_score": REVIEW}  # fmt: skip


_ACCOUNTS = CompiledRead(lambda ids: CustomerAccount.objects.filter(pk__in=ids).order_by())


def _accounts_of(found: list[Match]) -> tuple[list[tuple[CustomerAccount, Match]], Match | None]:
    accounts = {a.pk: a for a in _ACCOUNTS.all([int(m.id) for m in found])} if found else {}
    pairs = [(accounts[int(m.id)], m) for m in found if int(m.id) in accounts]
    best = pairs[0][1] if pairs and pairs[0][1].score >= SAME_COMPANY else None
    return pairs, best


def _resolution_lock() -> Any:
    lock = ResolutionLock.objects.select_for_update().filter(name="customer-accounts")
    # Where the database can, the lock also draws the id a new account would take: drawn
    # under the lock, ids still follow commit order (what the company index relies on).
    drawn = next_id_expression(CustomerAccount) or Value(None, output_field=BigIntegerField())
    return lock.annotate(next_account_id=drawn).values_list("next_account_id", flat=True)[:1]


_RESOLUTION_LOCK = CompiledRead(_resolution_lock)


def _take_resolution_lock() -> int | None:
    """Lock, and the id drawn for a new account (PostgreSQL) or None."""
    taken = _RESOLUTION_LOCK.all()
    if taken:
        return taken[0]
    try:
        with transaction.atomic():
            ResolutionLock.objects.create(name="customer-accounts")
    except IntegrityError:
        pass  # created by a simultaneous caller: lock theirs
    ResolutionLock.objects.select_for_update().get(name="customer-accounts")
    return None


def customer_resolve(
    *, data: CustomerInput, owner_partner_id: int | None, actor: Actor = SYSTEM
) -> Resolution:
    """The account this customer is (matched, or created when nobody knows it yet).

    Call it before opening the registration's transaction: a new account is
    created and committed in a short transaction of its own, under a lock held
    only for that look-and-insert, so simultaneous registrations of an unknown
    company end up on one account without queueing behind each other's work.
    """
    data = validate_customer(data)
    found, version = matcher.search(**_query(data), fresh_within=_FRESH_WITHIN)
    pairs, best = _accounts_of(found)
    if best is None:
        with transaction.atomic():
            # Look again under the lock: a simultaneous registration may just have created it.
            drawn_id = _take_resolution_lock()
            again = matcher.search_again(previous=found, since=version, **_query(data))
            if again != found:
                pairs, best = _accounts_of(again)
            if best is None:
                account = CustomerAccount(
                    name=data.name, name_normalized=normalize_company_name(data.name), domain=data.domain,
                    country=data.country, city=data.city, owner_partner_id=owner_partner_id,
                )  # fmt: skip
                insert_new_together(
                    account,
                    lambda: [[events.build(actor, "customer.created", account,
                                           after={"name": account.name, "country": account.country})]],
                    drawn_id=drawn_id,
                )  # fmt: skip
                return Resolution(
                    account, True, None, [_("new customer: no known account matches")], pairs
                )
    account, match = pairs[0]
    near = [(a, m) for a, m in pairs[1:] if m.score >= REVIEW]
    return Resolution(account, False, match.score, list(match.evidence), near)
