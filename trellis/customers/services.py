"""Writes about customer accounts: resolving a registration's customer to one account."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from trellis.core import events
from trellis.core.actor import SYSTEM, Actor
from trellis.core.configuration import save_audited
from trellis.core.countries import is_country
from trellis.core.exceptions import InvalidInput
from trellis.core.policies import require

from . import matcher, policies  # noqa: F401  (policies registers the rules)
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
    """Which account a customer is, how sure the engine is, and what else a person should look
    at."""

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
    return {
        "name": data.name,
        "domain": data.domain or data.email_domain,
        "country": data.country,
        "city": data.city,
        "limit": 5,
        "min_score": REVIEW,
    }


def _accounts_of(found: list[Match]) -> tuple[list[tuple[CustomerAccount, Match]], Match | None]:
    ids = [int(m.id) for m in found]
    accounts = CustomerAccount.objects.in_bulk(ids) if ids else {}
    pairs = [(accounts[int(m.id)], m) for m in found if int(m.id) in accounts]
    best = pairs[0][1] if pairs and pairs[0][1].score >= SAME_COMPANY else None
    return pairs, best


def _take_resolution_lock() -> None:
    """Serialise the creation of new accounts (held until the caller's transaction ends).

    Ids are drawn while the lock is held, so they follow commit order: the
    company index of every process reads new accounts by id and misses none.
    """
    locked = ResolutionLock.objects.select_for_update().filter(name="customer-accounts")
    if list(locked.values_list("pk", flat=True)):
        return
    try:
        with transaction.atomic():
            ResolutionLock.objects.create(name="customer-accounts")
    except IntegrityError:
        pass  # created by a simultaneous caller: lock theirs
    ResolutionLock.objects.select_for_update().get(name="customer-accounts")


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
            _take_resolution_lock()
            again = matcher.search_again(previous=found, since=version, **_query(data))
            if again != found:
                pairs, best = _accounts_of(again)
            if best is None:
                account = CustomerAccount.objects.create(
                    name=data.name,
                    name_normalized=normalize_company_name(data.name),
                    domain=data.domain,
                    country=data.country,
                    city=data.city,
                    owner_partner_id=owner_partner_id,
                )
                events.record(
                    actor,
                    "customer.created",
                    account,
                    after={"name": account.name, "country": account.country},
                )
                return Resolution(
                    account, True, None, [_("new customer: no known account matches")], pairs
                )
    account, match = pairs[0]
    near = [(a, m) for a, m in pairs[1:] if m.score >= REVIEW]
    return Resolution(account, False, match.score, list(match.evidence), near)


def account_set_parent(
    *, actor: Actor, account: CustomerAccount, parent: CustomerAccount | None
) -> CustomerAccount:
    """Record ``parent`` as the company ``account`` belongs to (None: no known parent)."""
    require(actor, "customers.set_parent", account)
    if parent is not None:
        seen: set[int] = {account.pk}
        cursor: CustomerAccount | None = parent
        while cursor is not None:  # the parent's own chain must not lead back here
            if cursor.pk in seen:
                raise InvalidInput(
                    _("%(name)s already belongs to this company: that would be a loop.")
                    % {"name": parent.name},
                    field="parent_id",
                )
            seen.add(cursor.pk)
            cursor = cursor.parent
    saved, _changed = save_audited(
        actor=actor, obj=account, values={"parent": parent}, verb="account.parent_changed"
    )
    return saved
