"""Reads about partners: the directory, a partner's profile, programs and tiers."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils.translation import gettext as _

from trellis.core.actor import Actor
from trellis.core.exceptions import NotFound
from trellis.core.policies import allows

from .. import policies  # noqa: F401  (registers the rules)
from ..choices import LOCKED_OUT_STATUSES, READ_ONLY_STATUSES
from ..models import (
    Partner,
    PartnerCountry,
    PartnerRegion,
    PartnerTypeAssignment,
    Program,
    ProgramEnrollment,
    Specialization,
    Tier,
    TierRequirement,
)

SORTS = {
    "name": ("name", "id"),
    "-name": ("-name", "-id"),
    "country": ("country", "name", "id"),
    "status": ("status", "name", "id"),
    "created": ("created_at", "id"),
    "-created": ("-created_at", "-id"),
}


@dataclass(frozen=True)
class DirectoryFilters:
    q: str = ""
    partner_types: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    program_id: int | None = None
    tier_id: int | None = None
    channel_manager_id: int | None = None
    sort: str = "name"


def with_directory_relations(qs: QuerySet[Partner]) -> QuerySet[Partner]:
    """Everything a directory row shows, in a fixed number of queries whatever the page size."""
    return qs.select_related("channel_manager", "parent").prefetch_related(
        "type_assignments",
        Prefetch(
            "enrollments",
            queryset=ProgramEnrollment.objects.select_related("program", "tier").order_by(
                "program__name"
            ),
        ),
    )


def partner_directory(*, actor: Actor, filters: DirectoryFilters) -> QuerySet[Partner]:
    qs = Partner.objects.visible_to(actor)
    for term in filters.q.lower().split()[:8]:
        qs = qs.filter(search_text__contains=term)
    # Exists() rather than joins: a partner with two matching types stays one row.
    if filters.partner_types:
        qs = qs.filter(
            Exists(
                PartnerTypeAssignment.objects.filter(
                    partner=OuterRef("pk"), partner_type__in=filters.partner_types
                )
            )
        )
    if filters.statuses:
        qs = qs.filter(status__in=filters.statuses)
    if filters.countries:
        qs = qs.filter(country__in=filters.countries)
    if filters.program_id or filters.tier_id:
        enrolled = ProgramEnrollment.objects.filter(partner=OuterRef("pk"))
        if filters.program_id:
            enrolled = enrolled.filter(program_id=filters.program_id)
        if filters.tier_id:
            enrolled = enrolled.filter(tier_id=filters.tier_id)
        qs = qs.filter(Exists(enrolled))
    if filters.channel_manager_id:
        qs = qs.filter(channel_manager_id=filters.channel_manager_id)
    return qs.order_by(*SORTS.get(filters.sort, SORTS["name"]))


def partner_get(*, actor: Actor, partner_id: int) -> Partner:
    """One partner as ``actor`` may see it; 404 (not 403) when it is not theirs."""
    partner = (
        with_directory_relations(Partner.objects.visible_to(actor))
        .prefetch_related("regions", "countries_served", "specializations")
        .filter(pk=partner_id)
        .first()
    )
    if partner is None:
        raise NotFound()
    return partner


def partner_allows_sign_in(partner: Partner) -> bool:
    return status_allows_sign_in(partner.status)


def status_allows_sign_in(status: str) -> bool:
    """The people of partners leaving or gone cannot sign in or use their tokens."""
    return status not in LOCKED_OUT_STATUSES


def status_is_read_only(status: str) -> bool:
    """A suspended partner's people may read, not change."""
    return status in READ_ONLY_STATUSES


def can_update_profile(actor: Actor, partner: Partner) -> bool:
    return allows(actor, "partners.update_profile", partner)


def can_update_vendor_fields(actor: Actor, partner: Partner) -> bool:
    return allows(actor, "partners.update_vendor_fields", partner)


def tiers() -> QuerySet[Tier]:
    return Tier.objects.select_related("program").order_by("program__name", "rank")


def specializations() -> QuerySet[Specialization]:
    return Specialization.objects.all()


def distributors(*, actor: Actor) -> QuerySet[Partner]:
    return Partner.objects.visible_to(actor).filter(type_assignments__partner_type="distributor")


def resellers_of(*, actor: Actor, partner: Partner) -> QuerySet[Partner]:
    return Partner.objects.visible_to(actor).filter(parent_id=partner.pk).order_by("name")


def partner_counts_by_status(*, actor: Actor) -> dict[str, int]:
    rows = Partner.objects.visible_to(actor).values("status").annotate(n=Count("id"))
    return {r["status"]: r["n"] for r in rows}


@dataclass(frozen=True)
class NextStep:
    title: str
    why: str
    url_name: str


def next_steps(*, actor: Actor, partner: Partner, member_count: int) -> list[NextStep]:
    """What a partner user should do next, each with the reason it is suggested."""
    steps: list[NextStep] = []
    is_admin = can_update_profile(actor, partner)
    missing = [
        label
        for label, present in (
            (_("website"), partner.website),
            (_("description"), partner.description),
            (_("specializations"), partner.specializations.exists()),
            (_("countries served"), partner.countries_served.exists()),
        )
        if not present
    ]
    if missing and is_admin:
        steps.append(
            NextStep(
                _("Complete your company profile"),
                _(
                    "Missing: %(fields)s. Lead routing and partner matchmaking use them to "
                    "find work for you."
                )
                % {"fields": ", ".join(missing)},
                "portal:company",
            )
        )
    if member_count < 2 and is_admin:
        steps.append(
            NextStep(
                _("Invite your colleagues"),
                _(
                    "Only you have access so far. Sales and marketing colleagues need "
                    "their own sign-in."
                ),
                "portal:team",
            )
        )
    if partner.status == "onboarding":
        steps.append(
            NextStep(
                _("Finish onboarding"),
                _(
                    "Your company is still onboarding; your channel manager will "
                    "activate it once the profile is complete."
                ),
                "portal:company",
            )
        )
    if not partner.enrollments.exists():
        steps.append(
            NextStep(
                _("Join a partner program"),
                _(
                    "You are not in a program yet, so no tier benefits apply. Your "
                    "channel manager can enrol you."
                ),
                "portal:home",
            )
        )
    return steps


@dataclass(frozen=True)
class RegistrationTerms:
    """What a partner's deal registrations fall under: the program whose tier pays most for them."""

    program_id: int
    tier_name: str
    uplift_pct: Decimal
    region: str | None  # the partner's first region: whose business hours the SLA clock keeps


def registration_terms(partner_id: int) -> RegistrationTerms | None:
    """The program, tier, uplift and region a registration by ``partner_id`` falls under now.

    Of its active enrollments, the one with the highest margin uplift counts (then by program
    name); its first region by name sets the SLA clock's business hours.
    """
    first_region = (
        PartnerRegion.objects.filter(partner_id=OuterRef("partner_id"))
        .order_by("region")
        .values("region")[:1]
    )
    row = (
        ProgramEnrollment.objects.filter(partner_id=partner_id, program__is_active=True)
        .annotate(region=Subquery(first_region))
        .order_by("-tier__deal_reg_uplift_pct", "program__name")
        .values_list("program_id", "tier__name", "tier__deal_reg_uplift_pct", "region")
        .first()
    )
    return RegistrationTerms(*row) if row else None


def partner_for_actor(*, actor: Actor, partner_id: int) -> Partner:
    """Just the partner row (no profile relations), when ``actor`` may see it; else 404."""
    partner = Partner.objects.visible_to(actor).filter(pk=partner_id).first()
    if partner is None:
        raise NotFound()
    return partner


def default_program_id() -> int | None:
    """The program leads fall under when the vendor does not say: the oldest active one."""
    return (
        Program.objects.filter(is_active=True).order_by("id").values_list("id", flat=True).first()
    )


def partner_names(*, actor: Actor, ids: list[int]) -> dict[int, str]:
    """How to call the partners among ``ids`` that ``actor`` may see: the name, with the city
    and domain, so that look-alikes (three "Cerrado Consultoria") can be told apart in a
    ranking or a menu."""
    rows = Partner.objects.visible_to(actor).filter(pk__in=ids)
    return {
        pk: f"{name} ({', '.join(p for p in (city, domain) if p)})" if city or domain else name
        for pk, name, city, domain in rows.values_list("pk", "name", "city", "domain")
    }


def listed_partner_names(*, ids: list[int]) -> dict[int, str]:
    """Names of active partners, as a partner locator lists them: what partners may know of each
    other."""
    return dict(Partner.objects.filter(pk__in=ids, status="active").values_list("pk", "name"))


def listed_partner(*, partner_id: int) -> Partner:
    """An active partner as the locator lists it (for introductions between partners); else 404."""
    partner = Partner.objects.filter(pk=partner_id, status="active").first()
    if partner is None:
        raise NotFound()
    return partner


def listed_partners_serving(*, countries: list[str], limit: int = 300) -> list[tuple[int, str]]:
    """Active partners based in or serving any of ``countries``, as (id, name): for pickers between
    partners."""
    served = PartnerCountry.objects.filter(partner=OuterRef("pk"), country__in=countries)
    qs = Partner.objects.filter(status="active").filter(Q(country__in=countries) | Exists(served))
    return list(qs.order_by("name").values_list("pk", "name")[:limit])


def program_choices() -> list[tuple[int, str]]:
    """Active programs as (id, name), for pickers."""
    return list(Program.objects.filter(is_active=True).order_by("name").values_list("id", "name"))


def programs_overview() -> QuerySet[Program]:
    """Every program with its tiers (ranked) and how many partners each holds."""
    tiers = Tier.objects.annotate(members=Count("enrollments")).order_by("rank")
    return Program.objects.annotate(members=Count("enrollments", distinct=True)).prefetch_related(
        Prefetch("tiers", queryset=tiers)
    )


def program_get(*, program_id: int) -> Program:
    program = Program.objects.filter(pk=program_id).first()
    if program is None:
        raise NotFound()
    return program


def program_tiers(*, program: Program) -> list[Tier]:
    """The program's tiers, ranked, each with its members and its requirements."""
    requirements = TierRequirement.objects.order_by("metric")
    return list(
        Tier.objects.filter(program=program)
        .annotate(members=Count("enrollments"))
        .prefetch_related(Prefetch("requirements", queryset=requirements))
        .order_by("rank")
    )


def tier_get(*, program: Program, tier_id: int) -> Tier:
    tier = Tier.objects.filter(program=program, pk=tier_id).first()
    if tier is None:
        raise NotFound()
    return tier


def tier_member_count(tier: Tier) -> int:
    return ProgramEnrollment.objects.filter(tier=tier).count()


def tier_thresholds(tier: Tier) -> dict[str, Decimal]:
    return dict(TierRequirement.objects.filter(tier=tier).values_list("metric", "threshold"))


def specializations_overview() -> QuerySet[Specialization]:
    """Every specialization with how many partners hold it."""
    return Specialization.objects.annotate(holders=Count("partners")).order_by("name")


def specialization_get(*, specialization_id: int) -> Specialization:
    found = Specialization.objects.filter(pk=specialization_id).first()
    if found is None:
        raise NotFound()
    return found


@dataclass(frozen=True)
class PartnerProfile:
    """What other capabilities group partners by: tier in the main program, regions, types."""

    id: int
    name: str
    tier: str
    tier_rank: int
    regions: tuple[str, ...]
    types: tuple[str, ...]


def partner_profiles(*, actor: Actor, active_only: bool = True) -> list[PartnerProfile]:
    """Every partner ``actor`` may see, in four statements whatever their number."""
    partners = Partner.objects.visible_to(actor)
    if active_only:
        partners = partners.filter(status="active")
    rows = list(partners.order_by("name", "id").values_list("pk", "name"))
    ids = [pk for pk, _name in rows]
    program = default_program_id()
    tiers = {
        pk: (name, rank)
        for pk, name, rank in ProgramEnrollment.objects.filter(
            Q(program_id=program), partner_id__in=ids
        ).values_list("partner_id", "tier__name", "tier__rank")
    }
    regions: dict[int, list[str]] = {}
    for pk, region in PartnerRegion.objects.filter(partner_id__in=ids).values_list(
        "partner_id", "region"
    ):
        regions.setdefault(pk, []).append(region)
    types: dict[int, list[str]] = {}
    for pk, kind in PartnerTypeAssignment.objects.filter(partner_id__in=ids).values_list(
        "partner_id", "partner_type"
    ):
        types.setdefault(pk, []).append(kind)
    return [
        PartnerProfile(
            pk,
            name,
            *tiers.get(pk, ("", 0)),
            tuple(sorted(regions.get(pk, ()))),
            tuple(sorted(types.get(pk, ()))),
        )
        for pk, name in rows
    ]


@dataclass(frozen=True)
class NextTier:
    current: str
    next: str
    certified_people: Decimal | None  # what the next tier asks, if it asks for certifications


def next_tier(*, actor: Actor, partner_id: int) -> NextTier | None:
    """The partner's tier in the main program and the one above it, with what it asks."""
    enrollment = (
        ProgramEnrollment.objects.visible_to(actor)
        .filter(Q(program_id=default_program_id()), partner_id=partner_id)
        .select_related("tier")
        .first()
    )
    if enrollment is None:
        return None
    above = (
        Tier.objects.filter(program_id=enrollment.program_id, rank__gt=enrollment.tier.rank)
        .order_by("rank")
        .prefetch_related("requirements")
        .first()
    )
    if above is None:
        return None
    asked = next(
        (r.threshold for r in above.requirements.all() if r.metric == "certifications"), None
    )
    return NextTier(enrollment.tier.name, above.name, asked)


from .facts import partner_fit_facts as partner_fit_facts  # noqa: E402
from .facts import partner_identities as partner_identities  # noqa: E402
from .facts import partner_stewards as partner_stewards  # noqa: E402
from .facts import partner_types_of as partner_types_of  # noqa: E402
from .facts import profile_gaps as profile_gaps  # noqa: E402
from .facts import specialization_counts as specialization_counts  # noqa: E402
from .routing import RoutingProfile as RoutingProfile  # noqa: E402
from .routing import routing_profiles as routing_profiles  # noqa: E402
from .routing import routing_profiles_stamp as routing_profiles_stamp  # noqa: E402


def tier_rules(program_id: int) -> list[tuple[Tier, dict[str, float]]]:
    """The program's tiers, entry tier first, each with what it requires."""
    tiers_of = list(
        Tier.objects.filter(program_id=program_id).order_by("rank").prefetch_related("requirements")
    )
    return [(t, {r.metric: float(r.threshold) for r in t.requirements.all()}) for t in tiers_of]


def program_enrollments(
    *, program_id: int, statuses: tuple[str, ...], partner_ids: list[int] | None = None
) -> list[tuple[int, int]]:
    """(partner, tier held) for the program's partners in ``statuses``, by partner."""
    enrolled = ProgramEnrollment.objects.filter(program_id=program_id, partner__status__in=statuses)
    if partner_ids is not None:
        enrolled = enrolled.filter(partner_id__in=partner_ids)
    return list(enrolled.order_by("partner_id").values_list("partner_id", "tier_id"))


def programs_with_tiers() -> list[int]:
    return list(
        Program.objects.filter(tiers__isnull=False)
        .distinct()
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def tier_names() -> dict[int, str]:
    return dict(Tier.objects.values_list("pk", "name"))


def partner_program_tiers(*, partner_id: int) -> list[tuple[int, str, Tier, Any]]:
    """(program, program name, tier held, held since) for each program the partner is in."""
    return [
        (e.program_id, e.program.name, e.tier, e.tier_since)
        for e in ProgramEnrollment.objects.filter(partner_id=partner_id)
        .select_related("program", "tier")
        .order_by("program__name")
    ]


def tier_member_counts(*, program_id: int) -> list[tuple[Tier, int]]:
    """Each tier of the program, entry first, with how many partners hold it."""
    counts = dict(
        ProgramEnrollment.objects.filter(program_id=program_id)
        .values_list("tier_id")
        .annotate(n=Count("pk"))
        .values_list("tier_id", "n")
    )
    return [
        (t, counts.get(t.pk, 0))
        for t in Tier.objects.filter(program_id=program_id).order_by("rank")
    ]
