"""Certification density for the vendor: certified people per partner, by specialization,
tier and region, and what expires soon. The counting is one numpy pass (engine.coverage)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from django.db.models import Count
from django.utils import timezone

from trellis.accounts.selectors import people_per_partner
from trellis.core.actor import Actor
from trellis.partners.selectors import partner_profiles, specializations

from ..engine.coverage import Awards, coverage
from ..models import CertificationAward

EXPIRING_DAYS = 60
RECENT_DAYS = 90


@dataclass(frozen=True)
class PartnerCoverage:
    partner_id: int
    name: str
    tier: str
    regions: tuple[str, ...]
    people: int
    certified: int
    expiring: int
    specializations: tuple[str, ...]

    @property
    def share(self) -> int:
        return (100 * self.certified) // self.people if self.people else 0


@dataclass(frozen=True)
class Group:
    label: str
    partners: int
    with_certified: int  # partners with at least one certified person
    certified: int
    people: int

    @property
    def per_partner(self) -> float:
        return self.certified / self.partners if self.partners else 0.0

    @property
    def partner_share(self) -> int:
        return (100 * self.with_certified) // self.partners if self.partners else 0


@dataclass(frozen=True)
class Density:
    partners: list[PartnerCoverage]
    by_specialization: list[tuple[str, int, int]]  # name, certified people, partners
    by_tier: list[Group]
    by_region: list[Group]
    certified: int
    expiring: int
    expired_recently: int


def certification_density(*, actor: Actor, now: dt.datetime | None = None) -> Density:
    now = now or timezone.now()
    live = CertificationAward.objects.visible_to(actor).filter(
        revoked_at__isnull=True, expires_at__gt=now
    )
    rows = list(
        live.values_list("partner_id", "user_id", "certification__specialization_id", "expires_at")
    )
    awards = Awards(
        partner=np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows)),
        user=np.fromiter((r[1] for r in rows), dtype=np.int64, count=len(rows)),
        specialization=np.fromiter(
            (r[2] if r[2] is not None else -1 for r in rows), dtype=np.int64, count=len(rows)
        ),
        expires=np.fromiter((r[3].timestamp() for r in rows), dtype=np.float64, count=len(rows)),
        revoked=np.zeros(len(rows), dtype=bool),
    )
    found = coverage(awards, now=now.timestamp(), window_seconds=EXPIRING_DAYS * 86400)
    recent = (
        CertificationAward.objects.visible_to(actor)
        .filter(
            revoked_at__isnull=True,
            expires_at__lte=now,
            expires_at__gt=now - dt.timedelta(days=RECENT_DAYS),
        )
        .count()
    )
    names = dict(specializations().values_list("pk", "name"))
    profiles = partner_profiles(actor=actor)
    people = people_per_partner()
    partners = [
        PartnerCoverage(
            p.id,
            p.name,
            p.tier,
            p.regions,
            people.get(p.id, 0),
            found.certified_people.get(p.id, 0),
            found.expiring_people.get(p.id, 0),
            tuple(sorted(names.get(s, "") for s in found.partner_specializations.get(p.id, ()))),
        )
        for p in profiles
    ]
    partners.sort(key=lambda c: (-c.certified, c.name.casefold()))
    ranks = {p.tier: p.tier_rank for p in profiles}
    by_tier = _groups(partners, lambda c: (c.tier,))
    by_tier.sort(key=lambda g: -ranks.get(g.label, 0))
    by_region = _groups(partners, lambda c: c.regions)
    by_region.sort(key=lambda g: g.label)
    by_spec = sorted(
        ((names.get(s, "?"), n, k) for s, (n, k) in found.by_specialization.items()),
        key=lambda row: (-row[1], row[0]),
    )
    return Density(
        partners,
        by_spec,
        by_tier,
        by_region,
        sum(found.certified_people.values()),
        sum(found.expiring_people.values()),
        recent,
    )


def _groups(
    partners: list[PartnerCoverage], keys: Callable[[PartnerCoverage], tuple[str, ...]]
) -> list[Group]:
    tally: dict[str, list[int]] = {}
    for c in partners:
        for key in keys(c) or ("",):
            t = tally.setdefault(key, [0, 0, 0, 0])
            t[0] += 1
            t[1] += c.certified > 0
            t[2] += c.certified
            t[3] += c.people
    return [Group(label, *t) for label, t in tally.items()]


def certified_people(*, at: dt.datetime, partner_ids: list[int] | None = None) -> dict[int, int]:
    """Per partner, how many of its people hold a certification valid at ``at`` (an expired or
    revoked one stops counting at once; no job has to run first)."""
    live = CertificationAward.objects.filter(
        revoked_at__isnull=True, earned_at__lte=at, expires_at__gt=at
    )
    if partner_ids is not None:
        live = live.filter(partner_id__in=partner_ids)
    return dict(
        live.values_list("partner_id")
        .annotate(n=Count("user_id", distinct=True))
        .values_list("partner_id", "n")
    )


def onboarding_paths_done(*, partner_id: int, partner_types: set[str]) -> tuple[int, int]:
    """Of the learning paths required during onboarding for these partner types, how many the
    partner's people have completed (every course of a path completed by someone there)."""
    from ..choices import EnrollmentStatus
    from ..models import Enrollment, LearningPath

    paths = [
        p
        for p in LearningPath.objects.filter(required_for_onboarding=True).prefetch_related("steps")
        if not p.partner_types or partner_types.intersection(p.partner_types)
    ]
    completed = set(
        Enrollment.objects.filter(
            partner_id=partner_id, status=EnrollmentStatus.COMPLETED
        ).values_list("course_id", flat=True)
    )
    done = sum(all(s.course_id in completed for s in p.steps.all()) for p in paths)
    return done, len(paths)
