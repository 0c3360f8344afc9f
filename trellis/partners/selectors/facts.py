"""Plain facts about every partner at once, for engines that judge them in bulk (account
matching, partner fit, tiers)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count

from ..models import Partner, PartnerRegion, PartnerTypeAssignment


def partner_identities() -> list[tuple[int, str, str, str, str]]:
    """Every partner not yet gone: id, name, web domain, country and city (what the account
    matcher compares a newcomer with)."""
    return list(
        Partner.objects.exclude(status="offboarded")
        .order_by("pk")
        .values_list("pk", "name", "domain", "country", "city")
    )


@dataclass(frozen=True)
class PartnerFacts:
    id: int
    joined_at: dt.datetime
    country: str
    types: frozenset[str]
    regions: frozenset[str]
    specializations: frozenset[str]


def partner_fit_facts(*, statuses: tuple[str, ...] = ("active", "suspended")) -> list[PartnerFacts]:
    """Every partner in ``statuses`` with its types, regions and specializations, in four
    statements whatever their number."""
    rows = list(
        Partner.objects.filter(status__in=statuses)
        .order_by("pk")
        .values_list("pk", "created_at", "country")
    )
    ids = [r[0] for r in rows]
    types: dict[int, set[str]] = defaultdict(set)
    for pk, kind in PartnerTypeAssignment.objects.filter(partner_id__in=ids).values_list(
        "partner_id", "partner_type"
    ):
        types[pk].add(kind)
    regions: dict[int, set[str]] = defaultdict(set)
    for pk, region in PartnerRegion.objects.filter(partner_id__in=ids).values_list(
        "partner_id", "region"
    ):
        regions[pk].add(region)
    specs: dict[int, set[str]] = defaultdict(set)
    for pk, slug in Partner.specializations.through.objects.filter(partner_id__in=ids).values_list(
        "partner_id", "specialization__slug"
    ):
        specs[pk].add(slug)
    return [
        PartnerFacts(
            pk, joined, country, frozenset(types[pk]), frozenset(regions[pk]), frozenset(specs[pk])
        )
        for pk, joined, country in rows
    ]


def specialization_counts(*, partner_ids: list[int] | None = None) -> dict[int, int]:
    """How many specializations each partner holds."""
    links = Partner.specializations.through.objects.all()
    if partner_ids is not None:
        links = links.filter(partner_id__in=partner_ids)
    return {r["partner_id"]: r["n"] for r in links.values("partner_id").annotate(n=Count("pk"))}


def partner_stewards(*, partner_ids: list[int]) -> dict[int, tuple[str, int | None]]:
    """Each partner's name and channel manager."""
    return {
        pk: (name, manager)
        for pk, name, manager in Partner.objects.filter(pk__in=partner_ids).values_list(
            "pk", "name", "channel_manager_id"
        )
    }


def profile_gaps(*, partner_id: int) -> list[str]:
    """What the partner's profile still lacks for onboarding, in words."""
    from django.utils.translation import gettext as _

    partner = Partner.objects.filter(pk=partner_id).first()
    if partner is None:
        return []
    gaps = []
    if not partner.website:
        gaps.append(_("website"))
    if not partner.city:
        gaps.append(_("city"))
    if not partner.description.strip():
        gaps.append(_("description"))
    if not partner.regions.exists():
        gaps.append(_("regions served"))
    if not partner.specializations.exists():
        gaps.append(_("specializations"))
    return gaps


def partner_types_of(*, partner_id: int) -> set[str]:
    return set(
        PartnerTypeAssignment.objects.filter(partner_id=partner_id).values_list(
            "partner_type", flat=True
        )
    )
