"""Demo deal registrations in every state, through the real services, with real-looking conflicts.

Registrations go through deal_register and the decision services, so the
conflict log, appeals, events and notifications are exactly what a live
system would hold. Dates are then spread over the past months.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django_q.models import OrmQ

from trellis.accounts.actors import actor_for_user
from trellis.accounts.models import RoleGrant, User
from trellis.catalog.models import Product
from trellis.core.exceptions import DomainError
from trellis.core.models import OutboundEmail
from trellis.customers.models import CustomerAccount
from trellis.customers.services import CustomerInput
from trellis.deals import services
from trellis.deals.models import ConflictLog, DealRegistration, DirectOpportunity
from trellis.deals.services import DealInput, RegistrationConflict

CURRENCY_BY_COUNTRY = {
    "US": "USD",
    "CA": "CAD",
    "GB": "GBP",
    "JP": "JPY",
    "AU": "AUD",
    "CH": "CHF",
    "BR": "BRL",
    "IN": "INR",
    "SE": "SEK",
    "PL": "PLN",
    "MX": "MXN",
}
OPPORTUNITY_KINDS = ["expansion", "platform renewal", "data centre refresh", "cloud migration"]
EURO = {"DE", "FR", "ES", "IT", "NL", "BE", "AT", "IE", "PT", "FI"}


@dataclass
class DealReport:
    registrations: int = 0
    conflicts: int = 0


def _variant(rng: random.Random, name: str) -> str:
    """How a second partner might write a customer someone already registered."""
    return rng.choice(
        [
            name.upper(),
            name.replace(" ", ", ", 1),
            name.rsplit(" ", 1)[0],
            f"{name} Group",
            name.lower(),
        ]
    )


def seed_deals(*, count: int, seed: int) -> DealReport:
    report = _seed_deals(count=count, seed=seed)
    _deliver_in_app(report)
    return report


def _deliver_in_app(report: DealReport) -> None:
    """Write the in-app notifications the seeding queued, and send none of its e-mail.

    The demo should show people their notifications without a worker, and must
    not mail anybody.
    """
    for job in OrmQ.objects.all():
        task = job.task
        if task.get("func") == "trellis.deals.tasks.tell_partner":
            deal_id, verb, title, body, key = task["args"]
            services.tell_partner_now(deal_id=deal_id, verb=verb, title=title, body=body, key=key)
    OutboundEmail.objects.filter(sent_at__isnull=True).update(sent_at=timezone.now())
    OrmQ.objects.all().delete()


def _seed_deals(*, count: int, seed: int) -> DealReport:
    rng = random.Random(seed)
    report = DealReport()
    sellers = list(
        RoleGrant.objects.filter(
            role__in=("partner_admin", "partner_sales"),
            partner__status="active",
            partner__enrollments__isnull=False,
        )
        .select_related("user", "partner")
        .order_by("user_id")
        .distinct()[:2000]
    )
    if not sellers:
        return report
    managers = list(User.objects.filter(role_grants__role="channel_manager"))
    products = list(Product.objects.filter(is_active=True))
    accounts = list(CustomerAccount.objects.order_by("?")[: count * 2]) if count else []
    vendor = {m.pk: actor_for_user(m) for m in managers}
    made: list[DealRegistration] = []
    for account in accounts[:count]:
        grant = rng.choice(sellers)
        deal = _register(rng, grant, account.name, account, products)
        if deal is not None:
            made.append(deal)
    report.registrations = len(made)

    # Second partners chasing customers someone already holds: the conflict log and appeals.
    for holder in rng.sample(made, min(len(made), max(3, count // 12))):
        grant = rng.choice(sellers)
        if grant.partner_id == holder.partner_id:
            continue
        try:
            _register(
                rng,
                grant,
                _variant(rng, holder.customer_name),
                holder.customer,
                products,
                raise_conflict=True,
            )
        except RegistrationConflict as exc:
            report.conflicts += 1
            if rng.random() < 0.4:
                conflict = ConflictLog.objects.get(pk=exc.conflict_id)
                services.conflict_appeal(
                    actor=actor_for_user(grant.user),
                    conflict=conflict,
                    reason=rng.choice(
                        [
                            "We ran the proof of concept in the spring.",
                            "The customer asked us to quote; we have the email.",
                            "We have managed their network for three years.",
                        ]
                    ),
                )
    # The vendor's own pipeline on a few accounts.
    for account in accounts[count : count + max(2, count // 12)]:
        direct_opportunity(rng, account, products, managers)

    _decide(rng, made, vendor)
    _spread_dates(rng, made)
    return report


def direct_opportunity(
    rng: random.Random, account: CustomerAccount, products: list[Product], managers: list[User]
) -> DirectOpportunity:
    country = account.country
    currency = CURRENCY_BY_COUNTRY.get(country, "EUR" if country in EURO else "USD")
    amount = (
        Decimal(rng.choice([40, 75, 120, 250, 400, 900])) * 1000 * (150 if currency == "JPY" else 1)
    )
    first = rng.choice(["Petra", "Kenji", "Amelie", "Lucas", "Sofia", "Noah", "Yuki", "Elena"])
    last = rng.choice(["Schmidt", "Tanaka", "Dubois", "Garcia", "Rossi", "Meyer", "Sato", "Martin"])
    return DirectOpportunity.objects.create(
        customer=account,
        family=rng.choice(products).family,
        owner=rng.choice(managers) if managers else None,
        name=f"{account.name} {rng.choice(OPPORTUNITY_KINDS)}",
        stage=rng.choice(["qualify", "develop", "develop", "propose", "negotiate"]),
        amount=amount,
        currency=currency,
        expected_close=timezone.localdate() + dt.timedelta(days=rng.randint(25, 180)),
        contact_name=f"{first} {last}",
        contact_email=f"{first.lower()}.{last.lower()}@{account.domain or 'example.com'}",
        notes=rng.choice(
            [
                "Budget approved for this fiscal year; security review pending.",
                "Incumbent contract ends in two quarters; the CIO wants a migration plan.",
                "Proof of concept done; procurement asks for local implementation capacity.",
            ]
        ),
    )


def _register(
    rng: random.Random,
    grant: RoleGrant,
    name: str,
    account: CustomerAccount,
    products: list[Product],
    *,
    raise_conflict: bool = False,
) -> DealRegistration | None:
    country = account.country
    currency = CURRENCY_BY_COUNTRY.get(country, "EUR" if country in EURO else "USD")
    chosen = rng.sample(products, rng.randint(1, 2))
    amount = Decimal(rng.choice([8, 15, 25, 40, 60, 90, 150, 300, 750])) * 1000
    if currency == "JPY":
        amount *= 150
    data = DealInput(
        customer=CustomerInput(
            name, account.domain if rng.random() < 0.6 else "", country, account.city
        ),
        products=[p.sku for p in chosen],
        amount=amount,
        currency=currency,
        expected_close=timezone.localdate() + dt.timedelta(days=rng.randint(20, 200)),
        deal_type=rng.choice(["new", "new", "upsell", "renewal"]),
        sourced=rng.random() < 0.75,
        contact_name="",
        description=rng.choice(
            [
                "Migration from a competitor",
                "Expansion to new sites",
                "Replacement of end-of-life hardware",
                "Security audit follow-up",
            ]
        ),
    )
    assert grant.partner is not None  # grants are read for partner sellers only
    try:
        return services.deal_register(
            actor=actor_for_user(grant.user), partner=grant.partner, data=data
        )
    except RegistrationConflict:
        if raise_conflict:
            raise
        return None
    except DomainError:
        return None


def _decide(rng: random.Random, made: list[DealRegistration], vendor: dict) -> None:  # type: ignore[type-arg]
    for deal in made:
        deal.refresh_from_db()
        actor = vendor.get(deal.partner.channel_manager_id) or next(iter(vendor.values()), None)
        if actor is None:
            return
        roll = rng.random()
        try:
            if deal.status == "submitted":
                if roll < 0.45:
                    services.deal_approve(
                        actor=actor, deal=deal, note="Qualified on the weekly call."
                    )
                elif roll < 0.6:
                    services.deal_reject(
                        actor=actor,
                        deal=deal,
                        reason=rng.choice(["not_qualified", "incomplete", "outside_territory"]),
                        note="Please register again with the decision maker named.",
                    )
                elif roll < 0.72:
                    services.deal_request_info(
                        actor=actor, deal=deal, question="Who signs, and is budget approved?"
                    )
            elif deal.status == "approved":
                seller = actor_for_user(deal.created_by) if deal.created_by else actor
                if roll < 0.15:
                    services.deal_close(actor=seller, deal=deal, outcome="won", note="PO received")
                elif roll < 0.22:
                    services.deal_close(
                        actor=seller, deal=deal, outcome="lost", note="Lost on price"
                    )
                elif roll < 0.3:
                    services.deal_extend(actor=seller, deal=deal)
                elif roll < 0.36:
                    with transaction.atomic():
                        DealRegistration.objects.filter(pk=deal.pk).update(
                            protected_until=timezone.now() - dt.timedelta(days=1)
                        )
                    services.deal_expire(deal=deal)
        except DomainError:
            continue
    # One draft, so every state is on show.
    if made:
        DealRegistration.objects.filter(pk=made[-1].pk, status="submitted").update(
            status="draft", submitted_at=None, sla_due_at=None
        )


def _spread_dates(rng: random.Random, made: list[DealRegistration]) -> None:
    """Registrations arrived over the last months; a few waiting ones are past their SLA."""
    now = timezone.now()
    for deal in made:
        age = dt.timedelta(days=rng.randint(0, 120), hours=rng.randint(0, 23))
        fields: dict = {"created_at": now - age}  # type: ignore[type-arg]
        if deal.submitted_at:
            fields["submitted_at"] = now - age
        DealRegistration.objects.filter(pk=deal.pk).update(**fields)
    waiting = DealRegistration.objects.filter(pk__in=[d.pk for d in made], status="submitted")
    for deal in waiting:
        due = now + dt.timedelta(hours=rng.choice([-30, -5, 2, 6, 20, 40]))
        DealRegistration.objects.filter(pk=deal.pk).update(sla_due_at=due)
