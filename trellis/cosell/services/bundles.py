"""Writes about bundles: compose, invite partners, consent, publish, retire.

A bundle is offered (published) only while every member partner agrees; a
member withdrawing its consent takes a published bundle back to draft.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from trellis.accounts.selectors import partner_recipients, staff_recipients
from trellis.catalog.selectors import products_by_sku
from trellis.core import events
from trellis.core.actor import Actor
from trellis.core.countries import is_country
from trellis.core.exceptions import Conflict, InvalidInput
from trellis.core.notifications import notify
from trellis.core.policies import require
from trellis.partners.selectors import partner_for_actor, specializations

from .. import policies  # noqa: F401  (registers the rules)
from ..choices import BundleStatus, MemberConsent
from ..models import Bundle, BundleMember

if TYPE_CHECKING:
    from trellis.partners.models import Partner


@dataclass(frozen=True)
class BundleInput:
    name: str
    summary: str
    products: list[str]  # catalogue SKUs
    countries: list[str]
    description: str = ""
    specializations: list[str] = field(default_factory=list)
    service: str = ""  # what the composing partner contributes (partner users)


@dataclass(frozen=True)
class _CleanBundle:
    """A bundle's input, checked: its catalogue products and specializations looked up."""

    name: str
    summary: str
    description: str
    products: list[Any]
    countries: list[str]
    specializations: list[Any]


def _clean(data: BundleInput) -> _CleanBundle:
    name, summary = data.name.strip(), data.summary.strip()
    if not name or len(name) > 120:
        raise InvalidInput(_("Give the bundle a name (at most 120 characters)."), field="name")
    if not summary or len(summary) > 300:
        raise InvalidInput(
            _("Say in a sentence what the bundle solves (at most 300 characters)."), field="summary"
        )
    found = products_by_sku([s.strip() for s in data.products if s.strip()])
    missing = [s for s in data.products if s.strip() and s.strip() not in found]
    if missing or not found:
        raise InvalidInput(
            _("Pick the vendor products in it from the catalogue (unknown: %(skus)s).")
            % {"skus": ", ".join(missing) or "—"},
            field="products",
        )
    countries = sorted({c.strip().upper() for c in data.countries if c.strip()})
    if not countries or not all(is_country(c) for c in countries):
        raise InvalidInput(
            _("Name the countries it is offered in (two-letter codes)."), field="countries"
        )
    specs = list(specializations().filter(slug__in=data.specializations))
    if len(specs) != len(set(data.specializations)):
        raise InvalidInput(_("Unknown specialization."), field="specializations")
    return _CleanBundle(
        name, summary, data.description.strip(), list(found.values()), countries, specs
    )


def _index(bundle: Bundle) -> None:
    """What catalogue search looks through: the offer's words, its products, expertise and
    partners."""
    words = [bundle.name, bundle.summary, bundle.description]
    words += [p.name for p in bundle.products.all()] + [
        s.name for s in bundle.specializations.all()
    ]
    words += [f"{m.partner.name} {m.service}" for m in bundle.members.select_related("partner")]
    words += [f"in:{c} " for c in bundle.countries]  # a country filter on every database
    bundle.search_text = " ".join(words).lower()
    bundle.save(update_fields=["search_text"])


def _service(text: str) -> str:
    text = text.strip()
    if not text or len(text) > 200:
        raise InvalidInput(
            _("Say what the partner contributes (at most 200 characters)."), field="service"
        )
    return text


def _lock(bundle: Bundle) -> Bundle:
    return Bundle.objects.select_for_update().get(pk=bundle.pk)


def _draft_only(bundle: Bundle) -> None:
    if bundle.status != BundleStatus.DRAFT:
        raise Conflict(
            _("Only a draft bundle can be changed; published bundles are what partners see.")
        )


def bundle_create(*, actor: Actor, data: BundleInput) -> Bundle:
    """Compose a bundle; a partner composing one is its first member and may edit it while it is a
    draft."""
    require(actor, "cosell.compose_bundle", None)
    clean = _clean(data)
    lead = partner_for_actor(actor=actor, partner_id=actor.partner_id) if actor.is_partner else None  # type: ignore[arg-type]
    service = _service(data.service) if lead is not None else ""
    try:
        with transaction.atomic():
            bundle = Bundle.objects.create(
                name=clean.name,
                summary=clean.summary,
                description=clean.description,
                countries=clean.countries,
                lead_partner=lead,
                created_by_id=actor.user_id,
            )
            bundle.products.set(clean.products)
            bundle.specializations.set(clean.specializations)
            if lead is not None:
                BundleMember.objects.create(
                    bundle=bundle,
                    partner=lead,
                    service=service,
                    invited_by_id=actor.user_id,
                    consent=MemberConsent.ACCEPTED,
                    answered_by_id=actor.user_id,
                    answered_at=timezone.now(),
                )
            _index(bundle)
            events.record(
                actor,
                "bundle.created",
                bundle,
                after={"name": clean.name, "products": [p.sku for p in clean.products]},
            )
    except IntegrityError:
        raise InvalidInput(_("A bundle with this name exists already."), field="name") from None
    return bundle


def bundle_update(*, actor: Actor, bundle: Bundle, data: BundleInput) -> Bundle:
    require(actor, "cosell.edit_bundle", bundle)
    clean = _clean(data)
    try:
        with transaction.atomic():
            bundle = _lock(bundle)
            _draft_only(bundle)
            before = {"name": bundle.name, "summary": bundle.summary, "countries": bundle.countries}
            bundle.name, bundle.summary = clean.name, clean.summary
            bundle.description, bundle.countries = clean.description, clean.countries
            bundle.save()
            bundle.products.set(clean.products)
            bundle.specializations.set(clean.specializations)
            _index(bundle)
            events.record(
                actor,
                "bundle.updated",
                bundle,
                before=before,
                after={"name": clean.name, "summary": clean.summary, "countries": clean.countries},
            )
    except IntegrityError:
        raise InvalidInput(_("A bundle with this name exists already."), field="name") from None
    return bundle


def bundle_invite(*, actor: Actor, bundle: Bundle, partner: Partner, service: str) -> BundleMember:
    """Ask a partner to be offered in the bundle with its service; it joins only when its admin
    agrees."""
    require(actor, "cosell.edit_bundle", bundle)
    service = _service(service)
    if partner.status != "active":
        raise InvalidInput(_("Only active partners can be part of a bundle."), field="partner")
    try:
        with transaction.atomic():
            bundle = _lock(bundle)
            _draft_only(bundle)
            member = BundleMember.objects.create(
                bundle=bundle, partner=partner, service=service, invited_by_id=actor.user_id
            )
            _index(bundle)
            events.record(
                actor,
                "bundle.member_invited",
                member,
                after={"bundle": bundle.pk, "service": service},
            )
            notify(
                partner_recipients(partner_id=partner.pk),
                verb="bundle.invited",
                partner_id=partner.pk,
                url=reverse("portal:bundle_detail", args=[bundle.pk]),
                render=lambda: (
                    _("Be part of the joint solution “%(name)s”?") % {"name": bundle.name},
                    _("Your part: %(service)s. Agree or decline in the portal.")
                    % {"service": service},
                ),
            )
    except IntegrityError:
        raise Conflict(_("This partner is already part of the bundle.")) from None
    return member


def _tell_composer(bundle: Bundle, title: str, body: str) -> None:
    if bundle.lead_partner_id is not None:
        notify(
            partner_recipients(partner_id=bundle.lead_partner_id),
            verb="bundle.changed",
            partner_id=bundle.lead_partner_id,
            url=reverse("portal:bundle_detail", args=[bundle.pk]),
            render=lambda: (title, body),
        )
    notify(
        staff_recipients(user_ids=[bundle.created_by_id], roles=("alliance_manager",)),
        verb="bundle.changed",
        partner_id=None,
        url=reverse("console:bundle_detail", args=[bundle.pk]),
        render=lambda: (title, body),
    )


def bundle_answer(*, actor: Actor, member: BundleMember, accept: bool) -> BundleMember:
    """The partner's admin agrees to be offered in the bundle, or declines."""
    require(actor, "cosell.consent_bundle", member)
    with transaction.atomic():
        bundle = _lock(member.bundle)
        member = BundleMember.objects.select_for_update().get(pk=member.pk)
        if member.consent != MemberConsent.INVITED:
            raise Conflict(_("This invitation was already answered."))
        member.consent = MemberConsent.ACCEPTED if accept else MemberConsent.DECLINED
        member.answered_by_id, member.answered_at = actor.user_id, timezone.now()
        member.save()
        events.record(
            actor,
            "bundle.consent_given" if accept else "bundle.consent_refused",
            member,
            after={"bundle": bundle.pk, "consent": member.consent},
        )
        _tell_composer(
            bundle,
            _("%(partner)s answered on “%(name)s”")
            % {"partner": member.partner.name, "name": bundle.name},
            str(MemberConsent(member.consent).label),
        )
    return member


def bundle_withdraw(*, actor: Actor, member: BundleMember) -> BundleMember:
    """A partner stops agreeing to be offered; a published bundle goes back to draft at once."""
    require(actor, "cosell.consent_bundle", member)
    with transaction.atomic():
        bundle = _lock(member.bundle)
        member = BundleMember.objects.select_for_update().get(pk=member.pk)
        if member.consent != MemberConsent.ACCEPTED:
            raise Conflict(_("Only an agreement can be withdrawn."))
        member.consent, member.answered_by_id, member.answered_at = (
            MemberConsent.WITHDRAWN,
            actor.user_id,
            timezone.now(),
        )
        member.save()
        events.record(actor, "bundle.consent_withdrawn", member, after={"bundle": bundle.pk})
        if bundle.status == BundleStatus.PUBLISHED:
            bundle.status, bundle.published_at, bundle.published_by_id = (
                BundleStatus.DRAFT,
                None,
                None,
            )
            bundle.save()
            events.record(
                actor,
                "bundle.unpublished",
                bundle,
                before={"status": BundleStatus.PUBLISHED},
                after={"status": BundleStatus.DRAFT},
                note=_("A member withdrew its consent."),
            )
        _tell_composer(
            bundle,
            _("%(partner)s withdrew from “%(name)s”")
            % {"partner": member.partner.name, "name": bundle.name},
            _("The bundle is no longer offered until every member agrees again."),
        )
    return member


def bundle_remove_member(*, actor: Actor, member: BundleMember) -> None:
    require(actor, "cosell.edit_bundle", member.bundle)
    with transaction.atomic():
        bundle = _lock(member.bundle)
        _draft_only(bundle)
        if member.partner_id == bundle.lead_partner_id:
            raise InvalidInput(
                _("The partner that composed the bundle stays in it."), field="partner"
            )
        events.record(actor, "bundle.member_removed", member, after={"bundle": bundle.pk})
        member.delete()
        _index(bundle)


def bundle_publish(*, actor: Actor, bundle: Bundle) -> Bundle:
    """Offer the bundle in the catalogue: at least two partners, every one of them agreeing."""
    require(actor, "cosell.publish_bundle", bundle)
    with transaction.atomic():
        bundle = _lock(bundle)
        _draft_only(bundle)
        consents = list(bundle.members.values_list("consent", flat=True))
        if len(consents) < 2:
            raise Conflict(_("A joint solution needs at least two partners."))
        if any(c != MemberConsent.ACCEPTED for c in consents):
            raise Conflict(_("Every partner in it must agree first (remove those who declined)."))
        bundle.status, bundle.published_at, bundle.published_by_id = (
            BundleStatus.PUBLISHED,
            timezone.now(),
            actor.user_id,
        )
        bundle.save()
        events.record(
            actor,
            "bundle.published",
            bundle,
            before={"status": BundleStatus.DRAFT},
            after={"status": bundle.status},
        )
        for member in bundle.members.all():
            notify(
                partner_recipients(partner_id=member.partner_id),
                verb="bundle.published",
                partner_id=member.partner_id,
                url=reverse("portal:bundle_detail", args=[bundle.pk]),
                render=lambda: (
                    _("“%(name)s” is now offered") % {"name": bundle.name},
                    _("Partners and the vendor's sales team can find it in the bundle catalogue."),
                ),
            )
    return bundle


def bundle_retire(*, actor: Actor, bundle: Bundle) -> Bundle:
    require(actor, "cosell.publish_bundle", bundle)
    with transaction.atomic():
        bundle = _lock(bundle)
        if bundle.status == BundleStatus.RETIRED:
            return bundle
        before = bundle.status
        bundle.status = BundleStatus.RETIRED
        bundle.save(update_fields=["status"])
        events.record(
            actor,
            "bundle.retired",
            bundle,
            before={"status": before},
            after={"status": bundle.status},
        )
    return bundle
