"""What lead routing reads about the partners enrolled in a program, in a handful of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, Max

from trellis.core import stamps

from ..models import (
    Partner,
    PartnerCountry,
    PartnerPostalArea,
    PartnerRegion,
    PartnerTypeAssignment,
    ProgramEnrollment,
)


@dataclass(frozen=True)
class RoutingProfile:
    """What lead routing needs to know about one enrolled partner (plain values, no ORM objects)."""

    id: int
    status: str
    country: str
    city: str
    region: str
    latitude: float | None
    longitude: float | None
    capacity: int
    tier_priority: int
    countries: frozenset[str]
    postal_areas: dict[str, tuple[str, ...]]
    specializations: frozenset[str]
    types: frozenset[str]


def routing_profiles(program_id: int) -> list[RoutingProfile]:
    """Every partner enrolled in the program, in a handful of queries however many there are."""
    enrolled = ProgramEnrollment.objects.filter(program_id=program_id)
    partner_ids = enrolled.values("partner_id")
    regions: dict[int, str] = {}
    for pid, region in (
        PartnerRegion.objects.filter(partner_id__in=partner_ids)
        .order_by("partner_id", "-region")
        .values_list("partner_id", "region")
    ):
        regions[pid] = region  # the alphabetically first region wins, as for SLA clocks
    countries: dict[int, set[str]] = {}
    for pid, country in PartnerCountry.objects.filter(partner_id__in=partner_ids).values_list(
        "partner_id", "country"
    ):
        countries.setdefault(pid, set()).add(country)
    postal: dict[int, dict[str, list[str]]] = {}
    for pid, country, prefix in PartnerPostalArea.objects.filter(
        partner_id__in=partner_ids
    ).values_list("partner_id", "country", "prefix"):
        postal.setdefault(pid, {}).setdefault(country, []).append(prefix)
    specs: dict[int, set[str]] = {}
    for pid, slug in Partner.specializations.through.objects.filter(
        partner_id__in=partner_ids
    ).values_list("partner_id", "specialization__slug"):
        specs.setdefault(pid, set()).add(slug)
    types: dict[int, set[str]] = {}
    for pid, kind in PartnerTypeAssignment.objects.filter(partner_id__in=partner_ids).values_list(
        "partner_id", "partner_type"
    ):
        types.setdefault(pid, set()).add(kind)
    rows = enrolled.annotate(
        status=F("partner__status"),
        country=F("partner__country"),
        city=F("partner__city"),
        latitude=F("partner__latitude"),
        longitude=F("partner__longitude"),
        capacity=F("partner__lead_capacity"),
        priority=F("tier__lead_priority"),
    ).values_list(
        "partner_id",
        "status",
        "country",
        "city",
        "latitude",
        "longitude",
        "capacity",
        "priority",
        named=True,
    )
    return [
        RoutingProfile(
            id=r.partner_id,
            status=r.status,
            country=r.country,
            city=r.city,
            region=regions.get(r.partner_id, ""),
            latitude=r.latitude,
            longitude=r.longitude,
            capacity=r.capacity,
            tier_priority=r.priority,
            countries=frozenset(countries.get(r.partner_id, ())),
            postal_areas={c: tuple(p) for c, p in postal.get(r.partner_id, {}).items()},
            specializations=frozenset(specs.get(r.partner_id, ())),
            types=frozenset(types.get(r.partner_id, ())),
        )
        for r in rows.order_by("partner_id")
    ]


def routing_profiles_stamp(program_id: int) -> tuple[object, ...]:
    """Changes whenever routing_profiles(program_id) would: a cheap check before rebuilding them."""
    enrolled = ProgramEnrollment.objects.filter(program_id=program_id)
    partners = Partner.objects.filter(enrollments__program_id=program_id)
    return (
        *enrolled.aggregate(
            n=Count("id"), tier=Max("tier_since"), joined=Max("joined_at")
        ).values(),
        partners.aggregate(changed=Max("updated_at"))["changed"],
        # A tier's lead priority is changed on the configuration screens, which bump this.
        stamps.current().get(stamps.PROGRAMS, ""),
    )


# --- configuration ---------------------------------------------------------------
