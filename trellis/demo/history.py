"""Two years of partner history in the demo: when each partner joined, and the registrations it
won since, so tiers have a trailing year to judge, time to first revenue has something to
measure and the partner-fit model has outcomes to learn from.

Written in bulk, the way an import from a previous system would be. How fast a partner
starts selling depends on its profile (integrators and managed service providers with several
specializations in North America or EMEA start sooner), so a learned model has something
real to find, and the rest is chance.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from trellis.customers.models import CustomerAccount
from trellis.deals.models import DealRegistration
from trellis.partners.models import (
    Partner,
    PartnerRegion,
    PartnerTypeAssignment,
    ProgramEnrollment,
)

from .deals import CURRENCY_BY_COUNTRY, EURO

FAST_TYPES = {"system_integrator", "msp", "var"}
MAX_AGE_DAYS = 1100


# Deal types in the history; referral partners mostly refer (the vendor sells).
MIX = ("new", "new", "upsell", "renewal")
MIX_REFERRAL = ("referral", "referral", "referral", "new")


def _propensity(rng: random.Random, types: set[str], specs: int, regions: set[str]) -> float:
    """The chance this partner sells within its first half year."""
    z = -2.2 + 1.3 * bool(types & FAST_TYPES) + 0.5 * min(specs, 4)
    z += 0.6 * bool(regions & {"na", "emea"}) - 0.8 * (types == {"referral"})
    z += rng.gauss(0, 0.6)
    return 1 / (1 + math.exp(-z))


def seed_history(*, seed: int) -> int:
    """Give every active partner a joining date and its won registrations since; returns how
    many registrations were written."""
    rng = random.Random(seed)
    now = timezone.now()
    partners = list(
        Partner.objects.filter(status="active").order_by("pk").values_list("pk", "country")
    )
    types: dict[int, set[str]] = defaultdict(set)
    for pk, kind in PartnerTypeAssignment.objects.values_list("partner_id", "partner_type"):
        types[pk].add(kind)
    regions: dict[int, set[str]] = defaultdict(set)
    for pk, region in PartnerRegion.objects.values_list("partner_id", "region"):
        regions[pk].add(region)
    specs: dict[int, int] = defaultdict(int)
    for pk in Partner.specializations.through.objects.values_list("partner_id", flat=True):
        specs[pk] += 1
    customers: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    for cid, owner, name, country in CustomerAccount.objects.filter(
        owner_partner__isnull=False
    ).values_list("pk", "owner_partner_id", "name", "country"):
        customers[owner].append((cid, name, country))
    programs = dict(ProgramEnrollment.objects.values_list("partner_id", "program_id"))
    deals: list[DealRegistration] = []
    joined: dict[int, dt.datetime] = {}
    for pk, country in partners:
        if not customers[pk] or pk not in programs:
            continue
        start = now - dt.timedelta(days=rng.randint(45, MAX_AGE_DAYS))
        joined[pk] = start
        fast = rng.random() < _propensity(rng, types[pk], specs[pk], regions[pk])
        first = start + dt.timedelta(days=rng.uniform(15, 170) if fast else rng.uniform(200, 800))
        per_month = rng.lognormvariate(0.3 if fast else -0.6, 0.5)
        currency = CURRENCY_BY_COUNTRY.get(country, "EUR" if country in EURO else "USD")
        scale = 150 if currency == "JPY" else 1
        when = first
        while when < now:
            cid, name, customer_country = rng.choice(customers[pk])
            amount = Decimal(round(rng.lognormvariate(10.2, 0.8) * scale, -2))
            deals.append(
                DealRegistration(
                    partner_id=pk,
                    program_id=programs[pk],
                    customer_id=cid,
                    customer_name=name,
                    customer_country=customer_country,
                    amount=amount,
                    currency=currency,
                    expected_close=when.date(),
                    deal_type=rng.choice(MIX_REFERRAL if "referral" in types[pk] else MIX),
                    sourced=rng.random() < 0.8,
                    status="won",
                    submitted_at=when - dt.timedelta(days=45),
                    decided_at=when - dt.timedelta(days=44),
                    closed_at=when,
                    description="Imported from the previous partner system",
                )
            )
            when += dt.timedelta(days=rng.expovariate(per_month) * 30.4 + 1)
    with transaction.atomic():
        made = DealRegistration.objects.bulk_create(deals, batch_size=2000)
        for deal in made:
            deal.created_at = deal.updated_at = (deal.closed_at or now) - dt.timedelta(days=46)
        DealRegistration.objects.bulk_update(made, ["created_at", "updated_at"], batch_size=2000)
        moved = [Partner(pk=pk, created_at=at) for pk, at in joined.items()]
        Partner.objects.bulk_update(moved, ["created_at"], batch_size=2000)
        enrollments = list(ProgramEnrollment.objects.filter(partner_id__in=joined))
        for e in enrollments:
            e.joined_at = e.tier_since = joined[e.partner_id]
        ProgramEnrollment.objects.bulk_update(
            enrollments, ["joined_at", "tier_since"], batch_size=2000
        )
    return len(made)


def evaluate_tiers() -> None:
    """A first evaluation of every program on the history just written, as the quarterly job
    would run it: partners move up, some are warned."""
    from trellis.core.actor import SYSTEM
    from trellis.lifecycle.services import tier_evaluate
    from trellis.partners.selectors import programs_with_tiers

    for program_id in programs_with_tiers():
        tier_evaluate(actor=SYSTEM, program_id=program_id, trigger="schedule")
