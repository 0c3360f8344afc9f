"""What to learn next for one person, gathered from the catalogue, their own learning, their
company's tier, open deals and leads, and what people at similar partners completed; ranked
by ``engine.recommend``. A handful of statements, whatever the size of the ecosystem: the
peers' completions per tier are cached for a quarter of an hour."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.db.models import Count, Q
from django.utils import timezone

from trellis.core.actor import SYSTEM, Actor
from trellis.deals.selectors import open_deal_families
from trellis.leads.selectors import open_lead_families
from trellis.partners.selectors import next_tier

from ..choices import EnrollmentStatus, VersionStatus
from ..engine.recommend import CourseFacts, LearnerFacts, Recommendation, recommend
from ..models import Certification, CertificationAward, Course, Enrollment, LearningPath

PEERS_SECONDS = 15 * 60


def recommendations(*, actor: Actor, partner: Any, limit: int = 5) -> list[Recommendation]:
    """Courses for the signed-in partner user, best first, each with its reasons."""
    tier_ids = sorted(partner.enrollments.values_list("tier_id", flat=True))
    courses, last_step_of, steps_of, locks = _catalogue(actor, partner, set(tier_ids))
    mine = list(
        Enrollment.objects.visible_to(actor)
        .filter(Q(user_id=actor.user_id))
        .values_list("course_id", "status")
    )
    done = frozenset(c for c, s in mine if s == EnrollmentStatus.COMPLETED)
    taking = frozenset(c for c, s in mine if s != EnrollmentStatus.COMPLETED)
    now = timezone.now()
    expiring, renews = {}, {}
    awards = (
        CertificationAward.objects.visible_to(actor)
        .filter(Q(user_id=actor.user_id), revoked_at__isnull=True, expires_at__gt=now)
        .select_related("certification")
    )
    for award in awards:
        if award.state == "expiring":
            name = award.certification.name
            expiring[name] = (award.expires_at - now).days
            renews[name] = tuple(last_step_of.get(award.certification_id, ()))
    business: dict[int, int] = {}
    for counts in (
        open_deal_families(actor=actor, partner_id=partner.pk),
        open_lead_families(actor=actor, partner_id=partner.pk),
    ):
        for family, n in counts.items():
            business[family] = business.get(family, 0) + n
    courses = [c for c in courses if c.id in done or c.id not in _locked(steps_of, locks, done)]
    learner = LearnerFacts(
        done=done,
        taking=taking,
        expiring=expiring,
        renews=renews,
        open_business=business,
        tier_gap=_tier_gap(actor, partner, now),
        path_next=_path_next(steps_of, done),
        peers=_peers(partner, tier_ids),
    )
    return recommend(courses, learner, limit=limit)


def _catalogue(
    actor: Actor, partner: Any, tier_ids: set[int]
) -> tuple[
    list[CourseFacts], dict[int, tuple[int, ...]], dict[str, list[int]], dict[str, set[int]]
]:
    """Published courses as facts; certification id -> the course that renews it; path name
    -> its courses in order, and those of them that wait for the steps before."""
    types = set(partner.type_values())
    paths = [
        p
        for p in LearningPath.objects.visible_to(actor).prefetch_related(
            "steps", "required_for_tiers"
        )
        if not p.partner_types or types & set(p.partner_types)
    ]
    required: set[int] = set()
    in_paths: dict[int, list[int]] = {}
    steps_of: dict[str, list[int]] = {}
    locks: dict[str, set[int]] = {}
    for path in paths:
        steps = sorted(path.steps.all(), key=lambda s: s.position)
        order = [s.course_id for s in steps]
        steps_of[path.name] = order
        locks[path.name] = {s.course_id for s in steps if s.requires_previous}
        for course_id in order:
            in_paths.setdefault(course_id, []).append(path.pk)
        asks = (path.required_for_onboarding and partner.status == "onboarding") or (
            tier_ids & {t.pk for t in path.required_for_tiers.all()}
        )
        if asks:
            required.update(order)
    certifies: dict[int, list[str]] = {}
    last_step_of: dict[int, tuple[int, ...]] = {}
    for cert in Certification.objects.visible_to(actor).select_related("path"):
        if cert.exam_id is not None:
            earning: list[int] = [cert.exam_id]
        elif cert.path is not None and steps_of.get(cert.path.name):
            earning = steps_of[cert.path.name]  # every step of the path leads to it
        else:
            continue
        last_step_of[cert.pk] = (earning[-1],)  # what renews it
        for course_id in earning:
            certifies.setdefault(course_id, []).append(cert.name)
    offered = (
        Course.objects.visible_to(actor)
        .filter(versions__status=VersionStatus.PUBLISHED)
        .select_related("product_family")
        .distinct()
    )
    courses = [
        CourseFacts(
            id=c.pk,
            title=c.title,
            family_id=c.product_family_id,
            family=c.product_family.name if c.product_family else "",
            certifies=tuple(certifies.get(c.pk, ())),
            paths=tuple(in_paths.get(c.pk, ())),
            required=c.pk in required,
        )
        for c in offered
    ]
    return courses, last_step_of, steps_of, locks


def _locked(
    steps_of: dict[str, list[int]], locks: dict[str, set[int]], done: frozenset[int]
) -> set[int]:
    """Courses that wait for earlier steps in every path that has them (not worth
    recommending yet: the learner could not start them)."""
    waiting: dict[int, bool] = {}
    for name, order in steps_of.items():
        blocked = False
        for course_id in order:
            held = blocked and course_id in locks[name]
            waiting[course_id] = waiting.get(course_id, True) and held
            if course_id not in done:
                blocked = True
    return {c for c, held in waiting.items() if held}


def _tier_gap(actor: Actor, partner: Any, now: Any) -> tuple[str, int] | None:
    above = next_tier(actor=actor, partner_id=partner.pk)
    if above is None or not above.certified_people:
        return None
    certified = (
        CertificationAward.objects.visible_to(actor)
        .filter(partner_id=partner.pk, revoked_at__isnull=True, expires_at__gt=now)
        .values("user_id")
        .distinct()
        .count()
    )
    missing = int(above.certified_people) - certified
    return (above.next, missing) if missing > 0 else None


def _path_next(steps_of: dict[str, list[int]], done: frozenset[int]) -> dict[int, str]:
    """For each path the person has begun, the first course they have not completed."""
    out: dict[int, str] = {}
    for name, order in steps_of.items():
        if not done & set(order):
            continue
        upcoming = next((c for c in order if c not in done), None)
        if upcoming is not None:
            out.setdefault(upcoming, name)
    return out


# A peer figure is shown only when this many other partners make it up, so it never
# describes one identifiable company.
PEER_PARTNERS = 3


def _peers(partner: Any, tiers: list[int]) -> dict[int, int]:
    """Course id -> people who completed it at other partners of the same tier (cached).

    A count across partners, never a list: read with the system's scope, as a benchmark a
    partner may see, and only when at least PEER_PARTNERS other partners make it up."""
    if not tiers:
        return {}
    key = f"learning:peers:{tiers[0]}"
    found = cache.get(key)
    if found is None:
        rows = (
            Enrollment.objects.visible_to(SYSTEM)
            .filter(status=EnrollmentStatus.COMPLETED, partner__enrollments__tier_id=tiers[0])
            .values("course_id", "partner_id")
            .annotate(n=Count("user_id", distinct=True))
        )
        found = {}
        for row in rows:
            found.setdefault(row["course_id"], {})[row["partner_id"]] = row["n"]
        cache.set(key, found, PEERS_SECONDS)
    out = {}
    for course, per_partner in found.items():
        others = {p: n for p, n in per_partner.items() if p != partner.pk}
        if len(others) >= PEER_PARTNERS:
            out[course] = sum(others.values())
    return out
