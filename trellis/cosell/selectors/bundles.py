"""Reads about bundles: the catalogue partners and the sales team search, drafts, and one bundle's
page."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from trellis.core.actor import Actor
from trellis.core.exceptions import NotFound
from trellis.core.policies import allows
from trellis.partners.selectors import listed_partners_serving

from ..choices import BundleStatus, MemberConsent
from ..models import Bundle, BundleMember


@dataclass(frozen=True)
class BundleFilters:
    q: str = ""
    country: str = ""
    family: str = ""  # product family code
    specialization: str = ""


def _with_parts(qs: QuerySet[Bundle]) -> QuerySet[Bundle]:
    return qs.prefetch_related(
        "products__family",
        "specializations",
        Prefetch("members", queryset=BundleMember.objects.select_related("partner").order_by("id")),
    )


def bundle_catalogue(*, actor: Actor, filters: BundleFilters | None = None) -> QuerySet[Bundle]:
    """Published bundles, found by words (name, products, expertise, partners), country, family or
    expertise."""
    filters = filters or BundleFilters()
    qs = Bundle.objects.visible_to(actor).filter(status=BundleStatus.PUBLISHED)
    for term in filters.q.lower().split()[:8]:
        qs = qs.filter(search_text__contains=term)
    if filters.country:
        qs = qs.filter(search_text__contains=f"in:{filters.country.lower()} ")
    if filters.family:
        qs = qs.filter(products__family__code=filters.family)
    if filters.specialization:
        qs = qs.filter(specializations__slug=filters.specialization)
    return _with_parts(qs.distinct()).order_by("name")


def bundle_drafts(*, actor: Actor) -> QuerySet[Bundle]:
    """Bundles being put together: for a partner the ones it is in (or invited to); for the vendor
    all
    drafts."""
    qs = Bundle.objects.visible_to(actor).filter(status=BundleStatus.DRAFT)
    return _with_parts(qs).order_by("-created_at", "-id")


def bundle_get(*, actor: Actor, bundle_id: int) -> Bundle:
    found = _with_parts(Bundle.objects.visible_to(actor).filter(pk=bundle_id)).first()
    if found is None:
        raise NotFound()
    return found


def member_get(*, actor: Actor, bundle: Bundle, member_id: int) -> BundleMember:
    found = (
        BundleMember.objects.visible_to(actor)
        .select_related("bundle", "partner")
        .filter(bundle=bundle, pk=member_id)
        .first()
    )
    if found is None:
        raise NotFound()
    return found


@dataclass(frozen=True)
class BundlePage:
    bundle: Bundle
    members: list[BundleMember]
    mine: BundleMember | None  # the viewer's own membership (partner users)
    may_edit: bool
    may_publish: bool
    blockers: list[str]  # why it cannot be published yet, in words
    candidates: list[tuple[int, str]]  # partners who could be invited


def bundle_page(*, actor: Actor, bundle: Bundle) -> BundlePage:
    members = list(bundle.members.all())
    mine = next((m for m in members if actor.partner_id and m.partner_id == actor.partner_id), None)
    draft = bundle.status == BundleStatus.DRAFT
    may_edit = draft and allows(actor, "cosell.edit_bundle", bundle)
    blockers = []
    if len(members) < 2:
        blockers.append(_("It needs at least two partners."))
    waiting = [m.partner.name for m in members if m.consent != MemberConsent.ACCEPTED]
    if waiting:
        blockers.append(_("Not agreed yet: %(names)s.") % {"names": ", ".join(waiting)})
    taken = {m.partner_id for m in members}
    candidates = (
        [
            (pk, name)
            for pk, name in listed_partners_serving(countries=list(bundle.countries))
            if pk not in taken
        ]
        if may_edit
        else []
    )
    return BundlePage(
        bundle,
        members,
        mine,
        may_edit,
        draft and allows(actor, "cosell.publish_bundle", bundle),
        blockers if draft else [],
        candidates,
    )
