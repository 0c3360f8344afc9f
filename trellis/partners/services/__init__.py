"""Writes about partners: profile and vendor-side edits, status changes, program tiers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trellis.core import directory, events, places, stamps
from trellis.core.actor import Actor
from trellis.core.countries import is_country
from trellis.core.exceptions import InvalidInput, InvalidTransition, PermissionDenied
from trellis.core.policies import allows, require
from trellis.customers.engine.names import normalize_domain

from .. import policies  # noqa: F401  (registers the rules)
from ..choices import STATUS_TRANSITIONS, PartnerStatus, PartnerType, Region
from ..models import (
    Partner,
    PartnerCountry,
    PartnerRegion,
    PartnerTypeAssignment,
    ProgramEnrollment,
    Specialization,
    Tier,
)


@dataclass(frozen=True)
class PartnerChanges:
    """Fields to change; ``None`` leaves a field as it is."""

    # The partner's own admins may change these:
    website: str | None = None
    domain: str | None = None
    city: str | None = None
    description: str | None = None
    regions: list[str] | None = None
    countries_served: list[str] | None = None
    specializations: list[str] | None = None  # slugs
    # Only the vendor may change these:
    name: str | None = None
    legal_name: str | None = None
    country: str | None = None
    partner_types: list[str] | None = None
    channel_manager_id: int | None = None
    parent_id: int | None = None
    clear_parent: bool = False
    clear_channel_manager: bool = False


PROFILE_FIELDS = frozenset(
    {"website", "domain", "city", "description", "regions", "countries_served", "specializations"}
)
_AUDITED = [
    "name",
    "legal_name",
    "website",
    "domain",
    "country",
    "city",
    "description",
    "status",
    "parent",
    "channel_manager",
]


def build_search_text(partner: Partner) -> str:
    parts = [partner.name, partner.legal_name, partner.domain, partner.city, partner.country]
    return " ".join(p.lower() for p in parts if p)


def _requested(changes: PartnerChanges) -> set[str]:
    out = {f.name for f in fields(changes) if getattr(changes, f.name) not in (None, False)}
    return out


def _related_state(partner: Partner) -> dict[str, Any]:
    return {
        "partner_types": sorted(partner.type_assignments.values_list("partner_type", flat=True)),
        "regions": sorted(partner.regions.values_list("region", flat=True)),
        "countries_served": sorted(partner.countries_served.values_list("country", flat=True)),
        "specializations": sorted(partner.specializations.values_list("slug", flat=True)),
    }


def partner_update(*, actor: Actor, partner: Partner, changes: PartnerChanges) -> Partner:
    """Apply ``changes`` after checking who may change which field; audited with before/after."""
    requested = _requested(changes)
    require(actor, "partners.update_profile", partner)
    vendor_only = requested - PROFILE_FIELDS
    if vendor_only and not allows(actor, "partners.update_vendor_fields", partner):
        raise PermissionDenied(
            _("Only the vendor can change: %(f)s.") % {"f": ", ".join(sorted(vendor_only))}
        )
    errors = _validate(partner, changes)
    if errors:
        field, message = errors[0]
        raise InvalidInput(message, field=field)

    with transaction.atomic():
        partner = Partner.objects.select_for_update().get(pk=partner.pk)
        before = {**events.snapshot(partner, _AUDITED), **_related_state(partner)}
        for name in ("website", "city", "description", "name", "legal_name", "country"):
            value = getattr(changes, name)
            if value is not None:
                setattr(partner, name, value.strip())
        if changes.domain is not None:
            partner.domain = normalize_domain(changes.domain)
        if changes.channel_manager_id is not None:
            partner.channel_manager_id = changes.channel_manager_id
        if changes.clear_channel_manager:
            partner.channel_manager_id = None
        if changes.parent_id is not None:
            partner.parent_id = changes.parent_id
        if changes.clear_parent:
            partner.parent_id = None
        if changes.city is not None or changes.country is not None:
            # Lead routing measures proximity from here; a city the gazetteer does not know leaves
            # it unset.
            partner.latitude, partner.longitude = places.coordinates(
                partner.country, partner.city
            ) or (None, None)
        partner.search_text = build_search_text(partner)
        partner.save()
        if changes.partner_types is not None:
            _replace(partner, PartnerTypeAssignment, "partner_type", changes.partner_types)
        if changes.regions is not None:
            _replace(partner, PartnerRegion, "region", changes.regions)
            stamps.bump(stamps.PROGRAMS)  # the first region sets the SLA clock's business hours
        if changes.countries_served is not None:
            _replace(partner, PartnerCountry, "country", changes.countries_served)
        if changes.specializations is not None:
            partner.specializations.set(
                Specialization.objects.filter(slug__in=changes.specializations)
            )
        after = {**events.snapshot(partner, _AUDITED), **_related_state(partner)}
        changed = {k for k in after if after[k] != before.get(k)}
        if changed:
            events.record(
                actor,
                "partner.updated",
                partner,
                before={k: before.get(k) for k in changed},
                after={k: after[k] for k in changed},
            )
    return partner


def _replace(partner: Partner, model: Any, column: str, values: list[str]) -> None:
    wanted = set(values)
    model.objects.filter(partner=partner).exclude(**{f"{column}__in": wanted}).delete()
    existing = set(model.objects.filter(partner=partner).values_list(column, flat=True))
    model.objects.bulk_create(model(partner=partner, **{column: v}) for v in wanted - existing)


def _validate(partner: Partner, c: PartnerChanges) -> list[tuple[str, str]]:
    errors: list[tuple[str, str]] = []
    if c.name is not None and not c.name.strip():
        errors.append(("name", _("The name cannot be empty.")))
    if c.website:
        try:
            URLValidator(schemes=["http", "https"])(c.website.strip())
        except ValidationError:
            errors.append(("website", _("Enter a full web address, such as https://example.com.")))
    if c.domain:
        domain = normalize_domain(c.domain)
        if "." not in domain or " " in domain or len(domain) > 253:
            errors.append(("domain", _("Enter a domain such as example.com.")))
    if c.country is not None and not is_country(c.country):
        errors.append(("country", _("Choose a country from the list.")))
    bad = [x for x in c.countries_served or [] if not is_country(x)]
    if bad:
        errors.append(
            ("countries_served", _("Unknown country code: %(c)s.") % {"c": ", ".join(bad)})
        )
    bad = [x for x in c.regions or [] if x not in Region.values]
    if bad:
        errors.append(("regions", _("Unknown region: %(r)s.") % {"r": ", ".join(bad)}))
    if c.partner_types is not None:
        bad = [x for x in c.partner_types if x not in PartnerType.values]
        if bad:
            errors.append(
                ("partner_types", _("Unknown partner type: %(t)s.") % {"t": ", ".join(bad)})
            )
        elif not c.partner_types:
            errors.append(("partner_types", _("A partner needs at least one type.")))
    if c.specializations:
        known = set(
            Specialization.objects.filter(slug__in=c.specializations).values_list("slug", flat=True)
        )
        unknown = sorted(set(c.specializations) - known)
        if unknown:
            errors.append(
                ("specializations", _("Unknown specialization: %(s)s.") % {"s": ", ".join(unknown)})
            )
    if c.channel_manager_id is not None and c.channel_manager_id not in directory.staff_user_ids(
        [c.channel_manager_id]
    ):
        errors.append(("channel_manager", _("Choose an active vendor staff member.")))
    if c.parent_id is not None:
        errors.extend(_validate_parent(partner, c.parent_id))
    return errors


def _validate_parent(partner: Partner, parent_id: int) -> list[tuple[str, str]]:
    if parent_id == partner.pk:
        return [("parent", _("A partner cannot be its own distributor."))]
    parent = Partner.objects.filter(pk=parent_id).first()
    if (
        parent is None
        or not parent.type_assignments.filter(partner_type=PartnerType.DISTRIBUTOR).exists()
    ):
        return [("parent", _("Choose a partner of type distributor."))]
    if parent.parent_id == partner.pk:
        return [("parent", _("That distributor already buys through this partner."))]
    return []


@dataclass(frozen=True)
class NewPartner:
    name: str
    country: str
    partner_types: list[str]
    website: str = ""
    city: str = ""
    description: str = ""
    specializations: list[str] | None = None  # slugs
    channel_manager_id: int | None = None


def partner_create(
    *, actor: Actor, data: NewPartner, status: str = PartnerStatus.ONBOARDING, note: str = ""
) -> Partner:
    """Bring a new partner in (from an accepted application, an import or by hand), audited."""
    require(actor, "partners.create")
    changes = PartnerChanges(
        name=data.name,
        website=data.website or None,
        country=data.country,
        partner_types=data.partner_types,
        specializations=data.specializations,
        channel_manager_id=data.channel_manager_id,
    )
    errors = _validate(Partner(), changes)
    if errors:
        field, message = errors[0]
        raise InvalidInput(message, field=field)
    region = places.region_of(data.country)
    with transaction.atomic():
        partner = Partner(
            name=data.name.strip(),
            website=data.website.strip(),
            domain=normalize_domain(data.website) if data.website else "",
            country=data.country,
            city=data.city.strip(),
            description=data.description.strip(),
            status=status,
            channel_manager_id=data.channel_manager_id,
        )
        partner.latitude, partner.longitude = places.coordinates(partner.country, partner.city) or (
            None,
            None,
        )
        partner.search_text = build_search_text(partner)
        partner.save()
        _replace(partner, PartnerTypeAssignment, "partner_type", data.partner_types)
        _replace(partner, PartnerCountry, "country", [data.country])
        if region:
            _replace(partner, PartnerRegion, "region", [region])
        if data.specializations:
            partner.specializations.set(
                Specialization.objects.filter(slug__in=data.specializations)
            )
        stamps.bump(stamps.PROGRAMS)
        events.record(
            actor,
            "partner.created",
            partner,
            after={**events.snapshot(partner, _AUDITED), **_related_state(partner)},
            note=note,
        )
    return partner


def partner_set_status(*, actor: Actor, partner: Partner, status: str, note: str = "") -> Partner:
    require(actor, "partners.change_status", partner)
    if status not in PartnerStatus.values:
        raise InvalidInput(_("Unknown status."), field="status")
    with transaction.atomic():
        partner = Partner.objects.select_for_update().get(pk=partner.pk)
        if status not in STATUS_TRANSITIONS[partner.status]:
            raise InvalidTransition(partner.get_status_display(), str(PartnerStatus(status).label))
        before = partner.status
        partner.status = status
        partner.save(update_fields=["status", "updated_at"])
        stamps.bump(stamps.ACCESS)  # its people's tokens are refused (or let in) at once
        events.record(
            actor,
            f"partner.{status}",
            partner,
            before={"status": before},
            after={"status": status},
            note=note,
        )
    return partner


def partner_set_tier(
    *, actor: Actor, partner: Partner, tier: Tier, note: str = ""
) -> ProgramEnrollment:
    """Enrol ``partner`` in the tier's program, or move it to ``tier`` there."""
    require(actor, "partners.enroll", partner)
    with transaction.atomic():
        stamps.bump(stamps.PROGRAMS)  # registration terms follow the tier
        enrollment = (
            ProgramEnrollment.objects.select_for_update()
            .filter(partner=partner, program_id=tier.program_id)
            .first()
        )
        if enrollment is None:
            enrollment = ProgramEnrollment.objects.create(
                partner=partner, program_id=tier.program_id, tier=tier
            )
            events.record(
                actor,
                "partner.enrolled",
                enrollment,
                after={"program": tier.program_id, "tier": tier.pk},
                note=note,
            )
            return enrollment
        if enrollment.tier_id == tier.pk:
            return enrollment
        before = enrollment.tier_id
        enrollment.tier = tier
        enrollment.tier_since = timezone.now()
        enrollment.save(update_fields=["tier", "tier_since"])
        events.record(
            actor,
            "partner.tier_changed",
            enrollment,
            before={"tier": before},
            after={"tier": tier.pk},
            note=note,
        )
    return enrollment


@dataclass(frozen=True)
class TierMove:
    partner_id: int
    program_id: int
    tier_id: int
    note: str = ""


def partner_tiers_move(*, actor: Actor, moves: list[TierMove], at: dt.datetime) -> int:
    """Move many partners to new tiers at once (a tier evaluation), each move audited with its
    reason; the tiers' benefits apply from ``at``. Returns how many moved."""
    require(actor, "partners.configure")
    if not moves:
        return 0
    with transaction.atomic():
        held = {
            (e.partner_id, e.program_id): e
            for e in ProgramEnrollment.objects.select_for_update().filter(
                partner_id__in={m.partner_id for m in moves},
                program_id__in={m.program_id for m in moves},
            )
        }
        changed, written = [], []
        for move in moves:
            enrollment = held.get((move.partner_id, move.program_id))
            if enrollment is None or enrollment.tier_id == move.tier_id:
                continue
            before = enrollment.tier_id
            enrollment.tier_id, enrollment.tier_since = move.tier_id, at
            changed.append(enrollment)
            written.append(
                events.build(
                    actor,
                    "partner.tier_changed",
                    enrollment,
                    before={"tier": before},
                    after={"tier": move.tier_id},
                    note=move.note,
                )
            )
        ProgramEnrollment.objects.bulk_update(changed, ["tier", "tier_since"], batch_size=1000)
        events.record_all(written)
        if changed:
            stamps.bump(stamps.PROGRAMS)  # discounts, uplift and lead priority follow the tier
    return len(changed)
