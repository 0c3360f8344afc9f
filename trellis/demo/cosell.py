"""Demo co-selling: the vendor's sales team working opportunities with partners, both ways, live and
closed.

Everything goes through the co-selling services (invitations, answers, the
thread, next steps, outcomes), so the demo shows exactly what people would
have produced; only the outcome of the closed history is drawn at random,
with co-sold deals winning more often, as channel teams report.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.utils import timezone

from trellis.accounts.actors import actor_for_user
from trellis.accounts.models import RoleGrant, User
from trellis.catalog.models import Product
from trellis.core.actor import Actor
from trellis.core.exceptions import DomainError
from trellis.core.models import OutboundEmail
from trellis.cosell import services
from trellis.cosell.models import CoSell
from trellis.cosell.recommendations import recommend_partners
from trellis.cosell.selectors import NeedInput, partner_matches
from trellis.customers.models import CustomerAccount
from trellis.deals.models import DealRegistration, DirectOpportunity
from trellis.deals.services import deal_approve, direct_opportunity_close
from trellis.partners.models import Partner

from .deals import direct_opportunity

INVITATIONS = [
    "The customer wants local implementation capacity; you know their estate. Shall we "
    "go in together?",
    "We have the executive relationship; we need a partner for the migration and "
    "first-year support.",
    "Procurement asked for a certified partner on the bid. Would you join us?",
]
ASKS = [
    "Could your solutions architect join the technical workshop?",
    "We need an executive sponsor from the vendor for the board presentation.",
    "Pricing help would make the difference: they compare us with the incumbent.",
]
ASK_TO_MEET = [
    "We resell the platform and keep being asked for managed services in our region.",
    "Our customers want the security add-on; we would like a partner who integrates it.",
    "Looking for an integrator for a large migration next quarter.",
]
THREAD = [
    ("partner", "Thanks, we know their IT director well. Workshop the week after next?"),
    ("vendor", "Works for us. I'll bring the solution engineer; can you cover the migration plan?"),
    ("partner", "Yes. We'll send the agenda and the draft statement of work by Friday."),
    ("vendor", "Great. Legal has the standard co-sell terms ready if procurement asks."),
]
STEPS = [
    ("partner", "Send workshop agenda", 3),
    ("vendor", "Share reference architecture", 5),
    ("partner", "Draft statement of work", 10),
    ("vendor", "Confirm executive sponsor", 14),
]


@dataclass
class CoSellReport:
    live: int = 0
    closed: int = 0
    introductions: int = 0
    bundles: int = 0


def seed_cosell(*, seed: int) -> CoSellReport:
    rng = random.Random(seed)
    report = CoSellReport()
    managers = list(User.objects.filter(role_grants__role="channel_manager").distinct())
    if not managers:
        return report
    vendor = {m.pk: actor_for_user(m) for m in managers}
    for opportunity in DirectOpportunity.objects.filter(is_open=True).select_related(
        "customer", "owner"
    )[:14]:
        report.live += _vendor_invites(rng, opportunity, vendor)
    deals = DealRegistration.objects.filter(status__in=["approved", "submitted"]).select_related(
        "partner"
    )
    for deal in deals.order_by("?")[:10]:
        report.live += _partner_invites(rng, deal, vendor)
    report.closed = _history(rng, vendor, managers)
    report.introductions = _introductions(rng, vendor)
    report.bundles = _bundles(rng, vendor)
    OutboundEmail.objects.filter(sent_at__isnull=True).update(
        sent_at=timezone.now()
    )  # the demo mails nobody
    return report


def _seller(partner_id: int) -> User | None:
    grant = (
        RoleGrant.objects.filter(
            partner_id=partner_id, role__in=("partner_admin", "partner_sales"), user__is_active=True
        )
        .select_related("user")
        .order_by("role")
        .first()
    )
    return grant.user if grant else None


def _staff(vendor: dict[int, Actor], user_id: int | None) -> Actor:
    return vendor.get(user_id or 0) or next(iter(vendor.values()))


def _work(rng: random.Random, cosell: CoSell, vendor_actor: Actor, partner_actor: Actor) -> None:
    """A conversation and next steps, as a pair of sellers would leave them."""
    people = {"vendor": vendor_actor, "partner": partner_actor}
    for side, text in THREAD[: rng.randint(1, len(THREAD))]:
        services.cosell_post(actor=people[side], cosell=cosell, body=text)
    for side, title, days in STEPS[: rng.randint(1, len(STEPS))]:
        owner = people[side].user_id
        assert owner is not None
        step = services.cosell_step_add(
            actor=people[side],
            cosell=cosell,
            title=title,
            owner_id=owner,
            due_on=timezone.localdate() + dt.timedelta(days=days),
        )
        if days <= 3 and rng.random() < 0.5:
            services.cosell_step_done(actor=people[side], step=step)


def _vendor_invites(
    rng: random.Random, opportunity: DirectOpportunity, vendor: dict[int, Actor]
) -> int:
    staff = _staff(vendor, opportunity.owner_id)
    made = 0
    for rec in recommend_partners(actor=staff, opportunity=opportunity, limit=3)[
        : rng.choice([1, 1, 2])
    ]:
        seller = _seller(rec.partner_id)
        if seller is None:
            continue
        cosell = services.cosell_invite_partner(
            actor=staff,
            opportunity=opportunity,
            partner=Partner.objects.get(pk=rec.partner_id),
            message=rng.choice(INVITATIONS),
            shared_fields=rng.choice(
                [["amount", "stage"], ["stage"], ["amount", "stage", "contacts"]]
            ),
        )
        made += 1
        partner_actor, roll = actor_for_user(seller), rng.random()
        if roll < 0.6:
            cosell = services.cosell_accept(actor=partner_actor, cosell=cosell)
            _work(rng, cosell, staff, partner_actor)
        elif roll < 0.75:
            services.cosell_decline(
                actor=partner_actor, cosell=cosell, reason=rng.choice(["no_capacity", "no_fit"])
            )
    return made


def _partner_invites(rng: random.Random, deal: DealRegistration, vendor: dict[int, Actor]) -> int:
    seller = deal.created_by or _seller(deal.partner_id)
    if seller is None:
        return 0
    partner_actor = actor_for_user(seller)
    try:
        cosell = services.cosell_invite_vendor(
            actor=partner_actor,
            deal=deal,
            message=rng.choice(ASKS),
            shared_fields=rng.choice(
                [["amount", "stage"], ["amount", "stage", "contacts", "notes"]]
            ),
        )
    except DomainError:
        return 0  # a seller who may no longer register for the partner
    if rng.random() < 0.55:
        staff = _staff(vendor, deal.partner.channel_manager_id)
        cosell = services.cosell_accept(actor=staff, cosell=cosell)
        _work(rng, cosell, staff, partner_actor)
    return 1


def _history(rng: random.Random, vendor: dict[int, Actor], managers: list[User]) -> int:
    """Closed opportunities and registrations, some co-sold, so the win rates have something to
    compare."""
    products = list(Product.objects.filter(is_active=True))
    accounts = list(CustomerAccount.objects.filter(is_direct=False).order_by("?")[:40])
    closed = 0
    for account in accounts[:24]:
        opportunity = direct_opportunity(rng, account, products, managers)
        staff = _staff(vendor, opportunity.owner_id)
        ranked = recommend_partners(actor=staff, opportunity=opportunity, limit=1)
        seller = _seller(ranked[0].partner_id) if ranked and rng.random() < 0.5 else None
        if seller is not None and seller.partner is not None:
            cosell = services.cosell_invite_partner(
                actor=staff,
                opportunity=opportunity,
                partner=seller.partner,
                shared_fields=["amount", "stage"],
            )
            cosell = services.cosell_accept(actor=actor_for_user(seller), cosell=cosell)
            services.cosell_close(
                actor=staff, cosell=cosell, outcome="won" if rng.random() < 0.5 else "lost"
            )
        else:
            direct_opportunity_close(
                actor=staff,
                opportunity=opportunity,
                outcome="won" if rng.random() < 0.3 else "lost",
            )
        closed += 1
    for deal in DealRegistration.objects.filter(
        status="submitted", vendor_co_selling=False
    ).order_by("?")[:8]:
        seller = deal.created_by
        if seller is None:
            continue
        staff = _staff(vendor, deal.partner.channel_manager_id)
        try:
            cosell = services.cosell_invite_vendor(
                actor=actor_for_user(seller), deal=deal, shared_fields=["amount"]
            )
            cosell = services.cosell_accept(actor=staff, cosell=cosell)
            deal_approve(actor=staff, deal=deal, note="Co-sold with our team.")
            services.cosell_close(
                actor=actor_for_user(seller),
                cosell=cosell,
                outcome="won" if rng.random() < 0.6 else "lost",
            )
        except DomainError:
            continue
        closed += 1
    return closed


def _introductions(rng: random.Random, vendor: dict[int, Actor]) -> int:
    """Partners asking to meet complementary partners; the vendor brokers; most say yes and rate
    each
    other."""
    made = 0
    grants = RoleGrant.objects.filter(
        role="partner_admin", partner__status="active"
    ).select_related("user", "partner")
    for grant in grants.order_by("?")[:12]:
        partner, actor = grant.partner, actor_for_user(grant.user)
        assert partner is not None
        need = NeedInput(
            country=partner.country, city=partner.city, types=("isv", "system_integrator", "msp")
        )
        ranked = partner_matches(actor=actor, need=need, requester_id=partner.pk, limit=3).ranked
        if not ranked:
            continue
        try:
            introduction = services.introduction_ask(
                actor=actor,
                need=need,
                target_id=ranked[0].partner_id,
                message=rng.choice(ASK_TO_MEET),
            )
        except DomainError:
            continue
        made += 1
        roll = rng.random()
        if roll < 0.2:
            continue  # still waiting for the vendor
        staff = _staff(vendor, partner.channel_manager_id)
        introduction = services.introduction_broker(
            actor=staff,
            introduction=introduction,
            forward=roll >= 0.28,
            note="" if roll >= 0.28 else "They are at capacity this quarter.",
        )
        seller = _seller(introduction.target_id)
        if introduction.status != "proposed" or seller is None or roll < 0.4:
            continue
        introduction = services.introduction_answer(
            actor=actor_for_user(seller), introduction=introduction, accept=roll >= 0.48
        )
        if introduction.status == "connected":
            services.introduction_rate(
                actor=actor, introduction=introduction, stars=rng.choice([3, 4, 4, 5, 5])
            )
            services.introduction_rate(
                actor=actor_for_user(seller), introduction=introduction, stars=rng.choice([4, 4, 5])
            )
    return made


BUNDLES = [
    (
        "Secure branch in a box",
        "Platform, hardening and round-the-clock operations for retail and bank branches",
        "Resale and roll-out",
        ["24/7 managed operations", "Security hardening and audits"],
    ),
    (
        "Factory data platform",
        "Shop-floor data collected, cleaned and analysed on the vendor's platform",
        "Project lead and integration",
        ["Edge connectors for machines", "Managed analytics service"],
    ),
    (
        "Cloud migration accelerator",
        "Fixed-price move of on-premises workloads to the platform, then run for a year",
        "Assessment and migration",
        ["Landing zone and automation", "First-year managed service"],
    ),
    (
        "Clinic records modernisation",
        "Patient-record systems moved and integrated, compliant from day one",
        "Integration and training",
        ["Healthcare compliance add-on"],
    ),
    (
        "Public sector digital desk",
        "Citizen-facing services on the platform with local hosting and support",
        "Delivery and support",
        ["Accessibility and forms software", "Local hosting and operations"],
    ),
]


def _bundles(rng: random.Random, vendor: dict[int, Actor]) -> int:
    """Joint solutions composed by partners with complementary ones; most agreed and published, some
    still drafts."""
    skus = list(Product.objects.filter(is_active=True).values_list("sku", flat=True))
    leads = list(
        RoleGrant.objects.filter(role="partner_admin", partner__status="active")
        .select_related("user", "partner")
        .order_by("?")[: len(BUNDLES)]
    )
    made = 0
    for (name, summary, own_part, parts), grant in zip(BUNDLES, leads, strict=False):
        partner, actor = grant.partner, actor_for_user(grant.user)
        assert partner is not None
        need = NeedInput(country=partner.country, types=("isv", "system_integrator", "msp"))
        others = partner_matches(
            actor=actor, need=need, requester_id=partner.pk, limit=len(parts)
        ).ranked
        bundle = services.bundle_create(
            actor=actor,
            data=services.BundleInput(
                name=name,
                summary=summary,
                products=rng.sample(skus, min(2, len(skus))),
                countries=[partner.country],
                service=own_part,
                description=summary + ".",
            ),
        )
        made += 1
        for other, part in zip(others, parts, strict=False):
            member = services.bundle_invite(
                actor=actor,
                bundle=bundle,
                partner=Partner.objects.get(pk=other.partner_id),
                service=part,
            )
            admin = (
                RoleGrant.objects.filter(partner_id=other.partner_id, role="partner_admin")
                .select_related("user")
                .first()
            )
            if admin is not None and rng.random() < 0.85:
                services.bundle_answer(actor=actor_for_user(admin.user), member=member, accept=True)
        staff = _staff(vendor, partner.channel_manager_id)
        if bundle.members.exclude(consent="accepted").exists() or bundle.members.count() < 2:
            continue  # stays a draft until everyone agrees
        services.bundle_publish(actor=staff, bundle=bundle)
    return made
