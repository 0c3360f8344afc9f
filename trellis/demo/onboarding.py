"""Onboarding in the demo: the partner agreement, a 90-day journey, and three applications the
channel team accepted, whose new partners are part-way through it (one admin has signed in)."""

from __future__ import annotations

from trellis.accounts.actors import actor_for_user
from trellis.accounts.models import User
from trellis.accounts.services import invitation_accept
from trellis.lifecycle.models import Application, Journey, JourneyStep
from trellis.lifecycle.services import (
    agreement_accept,
    agreement_publish,
    application_accept,
    onboarding_refresh,
    onboarding_start,
)
from trellis.partners.models import Partner, ProgramEnrollment

AGREEMENT = """# Partner agreement

## 1. Appointment
The vendor appoints the partner as a non-exclusive partner in the territories listed in its
profile, for the products of the program it joins.

## 2. Deal registration
Registrations are decided within two business days. An approved registration protects the
partner's opportunity for the protection period of its program.

## 3. Conduct
The partner follows the vendor's anti-bribery policy, protects personal data it receives, and
represents the products accurately.

## 4. Term
The agreement runs for one year and renews itself; either party may end it with 30 days'
notice.
"""

STEPS = [
    (
        "accept_agreement",
        "Accept the partner agreement",
        7,
        "",
        "Read it and accept it for your company.",
    ),
    (
        "complete_profile",
        "Complete your company profile",
        14,
        "",
        "Website, city, description, regions and specializations, as routing uses them.",
    ),
    (
        "invite_team",
        "Invite your team",
        21,
        "",
        "At least three colleagues: sales, marketing and finance.",
    ),
    (
        "upload_document",
        "Send your tax form",
        21,
        "tax_form",
        "W-9 or W-8BEN, or your VAT registration.",
    ),
    (
        "complete_learning",
        "Complete the onboarding learning path",
        45,
        "",
        "The program essentials and the sales certification.",
    ),
    (
        "vendor_verification",
        "Business verification",
        30,
        "",
        "Your channel manager checks references and trade registration.",
    ),
    ("first_deal", "Register your first deal", 60, "", ""),
    ("first_revenue", "Win your first deal", 90, "", ""),
]


def seed_onboarding(*, password: str) -> list[tuple[str, str]]:
    """The journey and agreement, then three accepted applications; returns the login of the
    new partner admin who signed in."""
    ops = User.objects.filter(role_grants__role="partner_ops").first()
    if ops is None:
        return []
    actor = actor_for_user(ops)
    agreement_publish(actor=actor, title="Trellis partner agreement", body=AGREEMENT)
    journey = Journey.objects.create(name="First 90 days")
    JourneyStep.objects.bulk_create(
        JourneyStep(
            journey=journey,
            position=n,
            kind=kind,
            title=title,
            due_days=days,
            document_kind=document,
            help_text=help_text,
        )
        for n, (kind, title, days, document, help_text) in enumerate(STEPS, start=1)
    )
    # Partners already onboarding when the history was imported walk the same journey.
    for partner in Partner.objects.filter(status="onboarding"):
        programs = list(
            ProgramEnrollment.objects.filter(partner=partner).values_list("program_id", flat=True)
        )
        onboarding_start(
            actor=actor,
            partner=partner,
            program_ids=programs,
            partner_types=set(partner.type_values()),
        )
        onboarding_refresh(partner_id=partner.pk)
    logins = []
    best = Application.objects.filter(status="submitted", duplicates=[]).order_by("-fit_score")[:3]
    for n, application in enumerate(list(best)):
        accepted = application_accept(actor=actor, application=application, reason="Good fit")
        if n:
            continue
        raw = accepted.invitation.url.rstrip("/").rsplit("/", 1)[-1]
        admin = invitation_accept(raw_token=raw, password=password)
        agreement_accept(
            actor=actor_for_user(admin),
            partner=accepted.application.partner,
            version_number=1,
            ip_address="192.0.2.10",
            user_agent="Demo",
        )
        logins.append((admin.email, f"partner admin of {application.company_name} (onboarding)"))
    return logins
