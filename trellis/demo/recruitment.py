"""Recruitment in the demo: an Ideal Partner Profile and a review queue of applications sent
through the real application service (scored, matched against existing partners), some of
them already decided."""

from __future__ import annotations

import random

from django.db import transaction

from trellis.accounts.actors import actor_for_user
from trellis.accounts.models import User
from trellis.core.actor import SYSTEM
from trellis.core.exceptions import DomainError
from trellis.customers.choices import EmployeeBand, Industry
from trellis.lifecycle.models import IdealProfile
from trellis.lifecycle.services import (
    ApplicationInput,
    application_hold,
    application_reject,
    application_submit,
    fit_model_train,
)
from trellis.partners.models import Partner, Specialization

from .customer_names import ascii_fold
from .generator import company_name
from .locales import LOCALES

TYPES = ("reseller", "var", "system_integrator", "msp", "isv", "referral")
ESG = (
    "iso_14001",
    "b_corp",
    "ecovadis",
    "code_of_conduct",
    "anti_bribery",
    "human_rights",
    "environmental_policy",
    "sustainability_report",
    "ghg_emissions",
)


def seed_recruitment(*, seed: int, count: int = 40) -> int:
    """Set the profile and send ``count`` applications; returns how many were taken."""
    rng = random.Random(seed)
    slugs = list(Specialization.objects.values_list("slug", flat=True))
    IdealProfile.objects.update_or_create(
        pk=1,
        defaults={
            "partner_types": ["system_integrator", "msp", "var"],
            "regions": ["emea", "na"],
            "industries": ["healthcare", "financial_services", "manufacturing"],
            "specializations": slugs[:4],
            "sizes": ["10-49", "50-249", "250-999"],
            "esg_wanted": ["iso_14001", "code_of_conduct", "sustainability_report"],
            "esg_mandatory": ["anti_bribery"],
        },
    )
    # Learn from the partners' history first, so the applications are scored with it.
    fit_model_train(actor=SYSTEM)
    taken = 0
    for n in range(count):
        loc = rng.choice(LOCALES)
        country, cities = rng.choice(loc.countries)
        name, _legal, stem = company_name(rng, loc)
        website = f"https://{stem.lower()}{n}.example"
        # Now and then a partner already in the program applies again under its own domain.
        if n % 13 == 5:
            known = Partner.objects.exclude(domain="").order_by("pk")[n : n + 1].first()
            if known is not None:
                name, website, country = known.name, f"https://{known.domain}", known.country
        first, last = (
            rng.choice(loc.romaji)
            if loc.romaji
            else (rng.choice(loc.first_names), rng.choice(loc.last_names))
        )
        data = ApplicationInput(
            company_name=name,
            website=website,
            country=country,
            city=rng.choice(cities),
            contact_name=f"{first} {last}",
            contact_email=f"{ascii_fold(first)}.{ascii_fold(last)}@{website.split('//')[1]}",
            partner_types=rng.sample(TYPES, k=rng.choice((1, 1, 2))),
            specializations=rng.sample(slugs, k=min(len(slugs), rng.choice((0, 1, 2, 3)))),
            size=rng.choice(EmployeeBand.values[:4]),
            industries=rng.sample(Industry.values, k=rng.choice((1, 2, 3))),
            # Most companies that apply have an anti-bribery policy (the profile requires one).
            esg=[e for e in ESG if rng.random() < (0.8 if e == "anti_bribery" else 0.35)],
            customers_served=rng.choice(
                (
                    "Mid-sized manufacturers in the region, 50 to 500 employees.",
                    "Hospitals and clinics; public tenders.",
                    "Regional banks and insurers.",
                    "",
                )
            ),
            language=loc.language,
        )
        try:
            application_submit(data=data)
        except DomainError:
            continue
        taken += 1
    _decide_some(rng)
    _prospects(rng, slugs)
    return taken


def _prospects(rng: random.Random, slugs: list[str]) -> None:
    """A list from a trade fair, scored and ranked the way a vendor's upload is."""
    from trellis.lifecycle.services import prospects_upload

    reviewer = User.objects.filter(role_grants__role="partner_ops").first()
    if reviewer is None:
        return
    lines = ["company,website,country,partner_types,industries,specializations,size,esg"]
    for n in range(80):
        loc = rng.choice(LOCALES)
        country, _cities = rng.choice(loc.countries)
        name, _legal, stem = company_name(rng, loc)
        lines.append(
            ",".join(
                [
                    f'"{name}"',
                    f"{stem.lower()}-{n}.example",
                    country,
                    ";".join(rng.sample(TYPES, k=rng.choice((1, 2)))),
                    ";".join(rng.sample(Industry.values, k=rng.choice((0, 1, 2)))),
                    ";".join(rng.sample(slugs, k=min(len(slugs), rng.choice((0, 1, 2))))),
                    rng.choice(EmployeeBand.values[:5]),
                    ";".join(
                        e for e in ESG if rng.random() < (0.8 if e == "anti_bribery" else 0.3)
                    ),
                ]
            )
        )
    prospects_upload(
        actor=actor_for_user(reviewer),
        name="Partner summit 2026: visitors",
        raw=("\n".join(lines) + "\n").encode(),
    )


def _decide_some(rng: random.Random) -> None:
    """A few applications were handled already: one on hold, a few rejected."""
    from trellis.lifecycle.models import Application

    reviewer = User.objects.filter(role_grants__role="partner_ops").first()
    if reviewer is None:
        return
    actor = actor_for_user(reviewer)
    low = list(Application.objects.order_by("fit_score", "pk")[:4])
    with transaction.atomic():
        for a in low[:3]:
            application_reject(
                actor=actor, application=a, reason="Outside our target markets for now."
            )
        if len(low) > 3:
            application_hold(
                actor=actor, application=low[3], reason="Asked for two customer references."
            )
