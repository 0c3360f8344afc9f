"""Marketing funds in the demo: a budget per program and region for this fiscal year and the
next, part of each allocated to the program's best partners, requests from partners in every
state (waiting, flagged, asked about, approved in full or in part, rejected), and claims on
activities that already took place (waiting, sent back, approved, paid)."""

from __future__ import annotations

import datetime as dt
import io
import random
from decimal import Decimal
from typing import Any

from django.utils import timezone

from trellis.accounts.actors import actor_for_user
from trellis.accounts.models import RoleGrant, User
from trellis.core.exceptions import DomainError
from trellis.customers.models import CustomerAccount
from trellis.deals.models import DealRegistration
from trellis.funds.models import AllowedActivity, MdfRequest, MdfRules
from trellis.funds.services import (
    FundInput,
    Proof,
    RequestInput,
    claim_approve,
    claim_pay,
    claim_reject,
    claim_submit,
    fund_allocate,
    fund_create,
    request_approve,
    request_ask,
    request_reject,
    request_submit,
    required_checks,
)
from trellis.leads.models import Lead
from trellis.partners.models import Partner, PartnerRegion, ProgramEnrollment, Tier

from .generator import ADMIN_EMAIL

REGIONS = {
    "na": ("North America", "USD"),
    "emea": ("EMEA", "EUR"),
    "apac": ("APAC", "USD"),
    "latam": ("Latin America", "USD"),
}
BUDGET = {"na": 400_000, "emea": 350_000, "apac": 200_000, "latam": 100_000}

ACTIVITIES = [
    ("webinar", "Cloud migration webinar", "IT leaders at mid-size manufacturers", 6000, 60),
    ("event", "Customer breakfast briefing", "CIOs and IT directors in the region", 12000, 35),
    (
        "digital_campaign",
        "LinkedIn campaign: backup in a day",
        "IT managers, 200-2,000 staff",
        9000,
        120,
    ),
    ("content_syndication", "Whitepaper syndication: zero trust", "Security leads", 15000, 250),
    ("trade_show", "Regional IT trade show booth", "Visitors of the regional IT fair", 30000, 150),
    ("email_campaign", "Renewal e-mail series", "Existing customers due for renewal", 3000, 40),
]

# Requests that carry red flags, as partners write them.
FLAGGED: list[dict[str, Any]] = [
    {
        "description": "Every attendee receives a 50 EUR gift card for coming.",
        "collects_personal_data": True,
        "consent_attested": True,
    },
    {
        "description": "Round of golf at the resort for the top ten customers.",
        "gifts_or_hospitality": True,
    },
    {
        "payee_name": "Eventwerk Agentur GmbH",
        "description": "The agency invoices the venue and catering.",
    },
    {
        "involves_public_officials": True,
        "audience": "Procurement officers of the regional government",
    },
]


def seed_funds(*, seed: int) -> int:
    """Budgets, allocations and requests; returns how many requests were made."""
    rng = random.Random(seed)
    admin = actor_for_user(User.objects.get(email=ADMIN_EMAIL))
    marketing = actor_for_user(User.objects.get(email="marketing@trellis.example"))
    today = timezone.localdate()
    eligible = list(Tier.objects.filter(mdf_eligible=True).select_related("program"))
    programs = {t.program for t in eligible}
    for program in programs:
        MdfRules.objects.get_or_create(program=program)
    for tier in Tier.objects.filter(mdf_eligible=True, rank__lte=3):
        for kind in (
            "webinar",
            "digital_campaign",
            "content_syndication",
            "email_campaign",
            "event",
        ):
            AllowedActivity.objects.get_or_create(tier=tier, activity_type=kind)
    budgets = {}
    for program in sorted(programs, key=lambda p: p.pk):
        for year in range(today.year - 2, today.year + 2):
            for region, (label, currency) in REGIONS.items():
                amount = Decimal(BUDGET[region]) * (
                    Decimal("0.6") if program.slug != "reseller" else 1
                )
                budgets[(program.pk, year, region)] = fund_create(
                    actor=admin,
                    data=FundInput(
                        name=f"{program.name} MDF · {label}",
                        currency=currency,
                        amount=amount.quantize(Decimal(1)),
                        period=f"FY{year}",
                        program_id=program.pk,
                        region=region,
                    ),
                )
    region_of = dict(PartnerRegion.objects.order_by("region").values_list("partner_id", "region"))
    enrolled = (
        ProgramEnrollment.objects.filter(tier__mdf_eligible=True, partner__status="active")
        .select_related("partner", "tier")
        .order_by("-tier__rank", "partner_id")
    )
    admins = dict(
        RoleGrant.objects.filter(role="partner_admin", user__is_active=True).values_list(
            "partner_id", "user_id"
        )
    )
    people = {u.pk: u for u in User.objects.filter(pk__in=admins.values())}
    # Past activities first: the pipeline forecast learns from them, and new requests get one.
    from .fund_history import seed_fund_history

    seed_fund_history(random.Random(rng.randrange(1 << 30)), budgets, list(enrolled[:80]), admins)
    made = 0
    for n, enrollment in enumerate(enrolled[:60]):
        partner: Partner = enrollment.partner
        region = region_of.get(partner.pk, "emea")
        year = (today + dt.timedelta(days=45)).year
        budget = budgets.get((enrollment.program_id, year, region))
        if budget is None or partner.pk not in admins:
            continue
        if n < 20:
            fund_allocate(
                actor=admin,
                fund=budget,
                amount=Decimal(rng.choice((10_000, 15_000, 25_000, 40_000))),
                partner_id=partner.pk,
                note="Annual MDF allocation",
            )
        asker = actor_for_user(people[admins[partner.pk]])
        for k in range(rng.choice((1, 1, 2))):
            kind, title, audience, cost, leads = rng.choice(ACTIVITIES)
            starts = today + dt.timedelta(days=rng.randint(30, 75))
            extra = FLAGGED[(n + k) % len(FLAGGED)] if rng.random() < 0.25 else {}
            data: dict[str, Any] = {
                "activity_type": kind,
                "title": title,
                "audience": audience,
                "starts": starts,
                "ends": starts + dt.timedelta(days=0 if kind != "digital_campaign" else 30),
                "cost": Decimal(cost),
                "requested_amount": Decimal(cost // 2),
                "currency": budget.currency,
                "expected_leads": leads,
                "expected_pipeline": Decimal(leads * rng.choice((2000, 3500, 5000))),
                **extra,
            }
            try:
                request = request_submit(actor=asker, partner=partner, data=RequestInput(**data))
            except DomainError:
                continue  # the tier may not ask for this kind of activity
            made += 1
            fate = rng.random()
            try:
                if fate < 0.35:
                    continue  # waiting for a decision
                if fate < 0.45:
                    request_ask(
                        actor=marketing,
                        request=request,
                        question="Which venue, and how many seats?",
                    )
                elif fate < 0.55:
                    request_reject(
                        actor=marketing,
                        request=request,
                        reason="Outside this quarter's campaign themes.",
                    )
                else:
                    partial = fate > 0.85
                    request_approve(
                        actor=marketing,
                        request=request,
                        amount=(request.requested_amount * Decimal("0.75")).quantize(Decimal(1))
                        if partial
                        else None,
                        conditions="Our logo and the campaign code on every asset."
                        if rng.random() < 0.5
                        else "",
                        note="Reviewed: acceptable once the agency invoices the partner."
                        if request.flags
                        else "",
                    )
            except DomainError:
                continue
    _claims(rng, marketing, people, admins)
    return made


def _claims(
    rng: random.Random, marketing: Any, people: dict[int, User], admins: dict[int, int]
) -> None:
    """A third of the approved activities already took place: their partners claimed, and some
    claims are approved, paid or sent back."""
    finance = actor_for_user(User.objects.get(email="finance@trellis.example"))
    today = timezone.localdate()
    for n, request in enumerate(MdfRequest.objects.filter(status="approved").order_by("pk")):
        if n % 3 or request.partner_id not in admins:
            continue
        held = today - dt.timedelta(days=rng.randint(5, 25))
        MdfRequest.objects.filter(pk=request.pk).update(
            starts=held, ends=held, claim_deadline=held + dt.timedelta(days=60)
        )
        request.refresh_from_db()
        _returns(rng, request, held)
        asker = actor_for_user(people[admins[request.partner_id]])
        invoice = b"%PDF-1.4\n% demo invoice " + str(request.pk).encode() + b"\n%%EOF\n"
        photo = b"\x89PNG\r\n\x1a\n" + bytes(32)
        assert request.approved_amount is not None
        try:
            claim = claim_submit(
                actor=asker,
                request=request,
                amount=(
                    request.approved_amount * Decimal(rng.choice(("1", "0.9", "0.8")))
                ).quantize(Decimal(1)),
                currency=request.currency,
                invoice_number=f"INV-{held:%Y}-{request.pk:04d}",
                proofs=[
                    Proof(
                        "invoice", io.BytesIO(invoice), f"invoice-{request.pk}.pdf", len(invoice)
                    ),
                    Proof("photo", io.BytesIO(photo), "event.png", len(photo)),
                ],
                final=True,
            )
            fate = rng.random()
            if fate < 0.3:
                continue  # waiting for review
            if fate < 0.4:
                claim_reject(
                    actor=marketing,
                    claim=claim,
                    reason="no_proof",
                    note="Please add photos of the booth.",
                )
                continue
            checks = required_checks(request)
            claim_approve(actor=marketing, claim=claim, checklist=checks)
            if fate > 0.7:
                claim_pay(actor=finance, claim=claim, reference=f"PAY-{held:%Y%m}-{claim.pk:05d}")
        except DomainError:
            continue


def _returns(rng: random.Random, request: MdfRequest, held: dt.date) -> None:
    """What the activity brought: leads and registrations carrying its campaign code, some
    already won (written directly: they stand for the weeks after the event)."""
    customers = list(
        CustomerAccount.objects.filter(owner_partner_id=request.partner_id).values_list(
            "pk", "name", "country"
        )[:20]
    )
    if not customers:
        return
    leads = rng.randint(max(1, request.expected_leads // 3), max(2, request.expected_leads))
    Lead.objects.bulk_create(
        Lead(
            program_id=request.program_id,
            customer_name=rng.choice(customers)[1],
            country=rng.choice(customers)[2],
            contact_name="Event attendee",
            source="event",
            campaign_code=request.campaign_code,
            status="new",
        )
        for _ in range(min(leads, 30))
    )
    assert request.approved_amount is not None
    for k in range(rng.randint(1, 4)):
        cid, name, country = rng.choice(customers)
        DealRegistration.objects.create(
            partner_id=request.partner_id,
            program_id=request.program_id,
            customer_id=cid,
            customer_name=name,
            customer_country=country,
            amount=(request.approved_amount * Decimal(rng.uniform(1.5, 9))).quantize(Decimal(100)),
            currency=request.currency,
            expected_close=held + dt.timedelta(days=60),
            deal_type="new",
            status="won" if k == 0 and rng.random() < 0.6 else "approved",
            closed_at=timezone.now() if k == 0 else None,
            protected_until=timezone.now() + dt.timedelta(days=90),
            campaign_code=request.campaign_code,
            description="Met at the partner's event",
        )
