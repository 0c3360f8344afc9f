"""Demo leads: a year of history from a world with hidden partner qualities, and live leads routed
for real.

Each partner has hidden traits (how often it closes, how often it takes a lead,
how fast it answers). History is written the way a PRM without routing would
have produced it: leads handed to a random partner serving the country, the
outcomes drawn from those traits. Live leads then go through lead_receive, so
the queue, offers and explanations are what routing really decided. The same
traits let bench/lead_routing.py score routing policies against the truth.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from trellis.accounts.actors import actor_for_user
from trellis.accounts.models import User
from trellis.catalog.models import Product
from trellis.core import places
from trellis.core.exceptions import DomainError
from trellis.customers.models import CustomerAccount
from trellis.deals.choices import DealStatus
from trellis.deals.models import DealProduct, DealRegistration
from trellis.leads import services
from trellis.leads.choices import (
    DeclineReason,
    DistributionMode,
    LeadSource,
    LeadStatus,
    OfferStatus,
)
from trellis.leads.models import (
    Lead,
    LeadActivity,
    LeadOffer,
    LeadProduct,
    RoutingRules,
    RoutingRun,
    WebForm,
)
from trellis.leads.services.batch import ROUTABLE, routing_run_perform
from trellis.leads.services.intake import web_form_save
from trellis.partners.models import Program
from trellis.partners.selectors import RoutingProfile, routing_profiles

MODES = {
    "reseller": DistributionMode.OFFER_ONE,
    "msp": DistributionMode.OFFER_MANY,
    "technology": DistributionMode.MANUAL,
    "referral": DistributionMode.AUTO,
}


@dataclass(frozen=True)
class Traits:
    """What a partner is really like; routing only ever sees its record."""

    skill: float  # chance of closing a lead it knows well, next door
    takes: float  # chance of accepting an offer
    answer_hours: float


def traits_of(partner_id: int, seed: int) -> Traits:
    rng = random.Random(partner_id * 7919 + seed)
    return Traits(
        skill=rng.betavariate(2, 5),
        takes=rng.betavariate(5, 2),
        answer_hours=rng.lognormvariate(2.2, 0.8),
    )


def _km(a: tuple[float, float] | None, b: tuple[float, float] | None) -> float | None:
    if a is None or b is None:
        return None
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b[1] - a[1]) / 2) ** 2
    )
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, h)))


def _where(partner: RoutingProfile) -> tuple[float, float] | None:
    if partner.latitude is None or partner.longitude is None:
        return None
    return (partner.latitude, partner.longitude)


def win_probability(
    traits: Traits, partner: RoutingProfile, wanted: frozenset[str], km: float | None
) -> float:
    """The truth the demo world runs on: expertise and nearness matter, skill most of all."""
    expertise = 1.6 if wanted and wanted & partner.specializations else 0.7
    nearness = 0.5 + 0.5 * math.exp(-(km if km is not None else 600.0) / 400.0)
    return min(0.95, traits.skill * expertise * nearness * 1.5)


@dataclass
class LeadReport:
    history: int = 0
    live: int = 0


def seed_leads(*, history: int, live: int, seed: int) -> LeadReport:
    rng = random.Random(seed)
    report = LeadReport()
    for each in Program.objects.filter(is_active=True):
        RoutingRules.objects.get_or_create(
            program=each, defaults={"mode": MODES.get(each.slug, "offer_one")}
        )
    program = Program.objects.filter(slug="reseller").first() or Program.objects.first()
    if program is None:
        return report
    profiles = [p for p in routing_profiles(program.pk) if p.status == "active"]
    products = list(
        Product.objects.filter(is_active=True)
        .select_related("family")
        .prefetch_related("family__specializations")
    )
    # Drawn with the seeded generator (not the database's random order) so a seed always gives the
    # same history.
    every = list(CustomerAccount.objects.order_by("id").values_list("name", "country", "city"))
    names = rng.sample(every, min(len(every), history + live))
    if not profiles or not products or not names:
        return report
    with transaction.atomic():
        report.history = _history(rng, program.pk, profiles, products, names[:history], seed)
    report.live = _live(rng, products, names[history:])
    _routing_run()
    return report


def _routing_run() -> None:
    """A channel manager's run over the waiting leads, as after a rules change, so the console shows
    one."""
    if not Lead.objects.filter(status__in=ROUTABLE).exists():
        return
    manager = (
        User.objects.filter(role_grants__role="channel_manager", partner__isnull=True)
        .order_by("pk")
        .first()
    )
    run = RoutingRun.objects.create(requested_by=manager)
    routing_run_perform(run_id=run.pk)


def _serving(profiles: Sequence[RoutingProfile], country: str) -> list[RoutingProfile]:
    return [p for p in profiles if country == p.country or country in p.countries]


def _history(
    rng: random.Random,
    program_id: int,
    profiles: list[RoutingProfile],
    products: list[Product],
    names: list[tuple[str, str, str]],
    seed: int,
) -> int:
    """A year of leads handed out at random among partners serving the country, with true
    outcomes."""
    now = timezone.now()
    made = 0
    won_leads: list[tuple[Lead, int, Product, dt.datetime]] = []
    for name, country, city in names:
        candidates = _serving(profiles, country)
        if not candidates:
            continue
        city = city or rng.choice(places.cities_in(country) or [""])
        product = rng.choice(products)
        wanted = frozenset(s.slug for s in product.family.specializations.all())
        received = now - dt.timedelta(days=rng.uniform(20, 365))
        point = places.coordinates(country, city)
        lead = Lead.objects.create(
            program_id=program_id,
            customer_name=name,
            country=country,
            city=city,
            latitude=point[0] if point else None,
            longitude=point[1] if point else None,
            contact_name=rng.choice(
                ["Alex Kim", "Maria Rossi", "Jonas Weber", "Aiko Tanaka", "Priya Nair"]
            ),
            contact_email=f"buyer{made}@example.com",
            estimated_amount=rng.choice([8000, 20000, 45000, 90000]),
            currency="USD",
            source=rng.choice([LeadSource.WEB_FORM, LeadSource.EVENT, LeadSource.CAMPAIGN]),
        )
        LeadProduct.objects.create(lead=lead, product=product, family=product.family)
        offered_at = received
        status, partner_id = LeadStatus.UNROUTABLE, None
        for rank, partner in enumerate(rng.sample(candidates, min(3, len(candidates))), start=1):
            traits = traits_of(partner.id, seed)
            answered = offered_at + dt.timedelta(hours=traits.answer_hours)
            if rng.random() < traits.takes:
                LeadOffer.objects.create(
                    lead=lead,
                    partner_id=partner.id,
                    rank=rank,
                    status=OfferStatus.ACCEPTED,
                    expires_at=offered_at + dt.timedelta(hours=48),
                    answered_at=answered,
                )
                km = _km(point, _where(partner))
                won = rng.random() < win_probability(traits, partner, wanted, km)
                status, partner_id = (LeadStatus.WON if won else LeadStatus.LOST), partner.id
                LeadActivity.objects.create(
                    lead=lead,
                    partner_id=partner.id,
                    status=status,
                    note="Closed" if won else "No budget this year",
                )
                break
            lapsed = rng.random() < 0.4
            LeadOffer.objects.create(
                lead=lead,
                partner_id=partner.id,
                rank=rank,
                expires_at=offered_at + dt.timedelta(hours=48),
                status=OfferStatus.LAPSED if lapsed else OfferStatus.DECLINED,
                answered_at=None if lapsed else answered,
                decline_reason=""
                if lapsed
                else rng.choice([DeclineReason.NO_CAPACITY, DeclineReason.NOT_QUALIFIED]),
            )
            offered_at += dt.timedelta(hours=48)
        if status == LeadStatus.WON:
            assert partner_id is not None
            won_leads.append((lead, partner_id, product, offered_at + dt.timedelta(days=30)))
        Lead.objects.filter(pk=lead.pk).update(
            status=status,
            partner_id=partner_id,
            received_at=received,
            assigned_at=offered_at if partner_id else None,
            closed_at=offered_at + dt.timedelta(days=30),
            unroutable_reason="" if partner_id else "Every partner offered it declined.",
        )
        made += 1
    _won_through_registrations(program_id, won_leads)
    return made


def _won_through_registrations(
    program_id: int, won: list[tuple[Lead, int, Product, dt.datetime]]
) -> None:
    """A lead is won through the registration it was converted into: give each won lead of the
    history its won registration, so the funnel's converted count covers its won count."""
    accounts = {
        (a.name, a.country): a.pk
        for a in CustomerAccount.objects.filter(name__in={lead.customer_name for lead, *_ in won})
    }
    deals = []
    for lead, partner_id, _product, closed in won:
        converted = closed - dt.timedelta(days=20)
        deals.append(
            DealRegistration(
                partner_id=partner_id,
                program_id=program_id,
                customer_id=accounts[(lead.customer_name, lead.country)],
                customer_name=lead.customer_name,
                customer_country=lead.country,
                customer_city=lead.city,
                contact_name=lead.contact_name,
                contact_email=lead.contact_email,
                amount=lead.estimated_amount or 0,
                currency=lead.currency,
                expected_close=closed.date(),
                deal_type="new",
                sourced=False,
                status=DealStatus.WON,
                submitted_at=converted,
                decided_at=converted + dt.timedelta(hours=6),
                description=f"From lead #{lead.pk}",
            )
        )
    DealRegistration.objects.bulk_create(deals)
    for deal, (lead, _partner, _product, closed) in zip(deals, won, strict=True):
        deal.created_at = deal.updated_at = closed - dt.timedelta(days=20)
        deal.closed_at = closed
        lead.deal_id, lead.converted_at = deal.pk, deal.created_at
    DealRegistration.objects.bulk_update(deals, ["created_at", "updated_at", "closed_at"])
    DealProduct.objects.bulk_create(
        DealProduct(deal=deal, product=product, family_id=product.family_id)
        for deal, (_lead, _partner, product, _closed) in zip(deals, won, strict=True)
    )
    Lead.objects.bulk_update([lead for lead, *_ in won], ["deal", "converted_at"])


def _live(rng: random.Random, products: list[Product], names: list[tuple[str, str, str]]) -> int:
    """Today's leads, routed by the real services; some answered, some worked, some converted."""
    staff = User.objects.filter(role_grants__role="channel_manager").first()
    if staff is None:
        return 0
    actor = actor_for_user(staff)
    if not WebForm.objects.exists():
        web_form_save(
            actor=actor,
            form=None,
            name="Talk to a certified partner",
            program_id=None,
            thank_you="Thank you! A certified partner near you will call within one business day.",
            embed_origins="",
            is_active=True,
        )
    made = 0
    for name, country, city in names:
        product = rng.choice(products)
        city = city or rng.choice(places.cities_in(country) or [""])
        data = services.LeadInput(
            customer_name=name,
            country=country,
            city=city,
            contact_name=rng.choice(["Sam Lee", "Eva Novak", "Kenji Mori"]),
            contact_email=f"lead{made}@example.com",
            products=[product.sku],
            estimated_amount=rng.choice(["12000", "30000", "75000"]),
            currency="USD",
            source=rng.choice(
                [LeadSource.WEB_FORM, LeadSource.EVENT, LeadSource.CAMPAIGN, LeadSource.CONSOLE]
            ),
            notes=rng.choice(
                ["Asked for a demo at the trade fair.", "Downloaded the security whitepaper.", ""]
            ),
        )
        try:
            lead = services.lead_receive(actor=actor, data=data)
        except DomainError:
            continue
        made += 1
        _answer(rng, lead)
    return made


def _answer(rng: random.Random, lead: Lead) -> None:
    """Play the partner's side for some live leads: accept, work, convert or decline."""
    offer = (
        LeadOffer.objects.filter(lead=lead, status=OfferStatus.OPEN)
        .select_related("partner")
        .first()
    )
    if offer is None or rng.random() < 0.45:
        return  # still waiting for an answer
    seller = User.objects.filter(
        partner_id=offer.partner_id, role_grants__role__in=["partner_admin", "partner_sales"]
    ).first()
    if seller is None:
        return
    actor = actor_for_user(seller)
    try:
        if rng.random() < 0.2:
            services.lead_decline(
                actor=actor, offer=offer, reason=DeclineReason.NO_CAPACITY, note="Fully booked"
            )
            return
        lead = services.lead_accept(actor=actor, offer=offer)
        step = rng.random()
        if step < 0.4:
            services.lead_update(
                actor=actor, lead=lead, status=LeadStatus.CONTACTED, note="Intro call held"
            )
        elif step < 0.55:
            services.lead_convert(actor=actor, lead=lead)
    except DomainError:
        pass  # a demo lead that cannot move on simply stays where it is
