"""Certifications: awarded when a person passes the exam course or completes the path, renewed
by earning them again near or after expiry, warned about ahead of time, and recorded as
expired once (they stop counting the moment they expire, whether or not this has run)."""

from __future__ import annotations

import calendar
import datetime as dt
import secrets

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from trellis.core import events
from trellis.core.actor import SYSTEM, Actor
from trellis.core.notifications import Recipient, notify

from ..choices import EnrollmentStatus
from ..models import Certification, CertificationAward, Enrollment

# No 0/O, 1/I/L: a code read aloud or typed from paper comes out right.
_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def verification_code() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def add_months(moment: dt.datetime, months: int) -> dt.datetime:
    month = moment.month - 1 + months
    year, month = moment.year + month // 12, month % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def award_for(actor: Actor, enrollment: Enrollment) -> list[CertificationAward]:
    """Award what completing ``enrollment`` earns: certifications whose exam is its course,
    and those of paths the person has now completed. Runs in the caller's transaction."""
    course_id = enrollment.course_id
    done = set(
        Enrollment.objects.filter(
            user_id=enrollment.user_id, status=EnrollmentStatus.COMPLETED
        ).values_list("course_id", flat=True)
    )
    earned = []
    candidates = Certification.objects.filter(
        Q(exam_id=course_id) | Q(path__steps__course_id=course_id)
    ).distinct()
    for certification in candidates.prefetch_related("path__steps"):
        if certification.path is not None:
            needed = {step.course_id for step in certification.path.steps.all()}
            if not needed <= done:
                continue
        award = _award(actor, enrollment, certification)
        if award is not None:
            earned.append(award)
    return earned


def _award(
    actor: Actor, enrollment: Enrollment, certification: Certification
) -> CertificationAward | None:
    now = timezone.now()
    held = (
        CertificationAward.objects.filter(
            user_id=enrollment.user_id,
            certification=certification,
            revoked_at__isnull=True,
            expires_at__gt=now,
        )
        .order_by("-expires_at")
        .first()
    )
    if held is not None and held.expires_at - dt.timedelta(days=certification.warn_days) > now:
        return None  # valid and not yet due for renewal: nothing new is earned
    # A renewal before expiry runs on from the current expiry, so renewing early costs nothing.
    start = held.expires_at if held is not None else now
    user = enrollment.user
    award = CertificationAward.objects.create(
        partner_id=enrollment.partner_id,
        user=user,
        certification=certification,
        holder_name=user.full_name or user.email,
        code=verification_code(),
        earned_at=now,
        expires_at=add_months(start, certification.valid_months),
        enrollment=enrollment,
    )
    events.record(
        actor,
        "certification.earned",
        award,
        after={
            "certification": certification.code,
            "user": user.pk,
            "expires_at": award.expires_at,
            "renewal": held is not None,
        },
    )
    return award


def certifications_check_expiry(*, now: dt.datetime | None = None) -> tuple[int, int]:
    """Warn holders whose certification expires within its warning period, and record those
    that have expired; each at most once, however often this runs. Returns (warned, expired)."""
    now = now or timezone.now()
    warned = expired = 0
    due = CertificationAward.objects.filter(
        revoked_at__isnull=True, warned_at__isnull=True, expires_at__gt=now
    ).select_related("certification", "user")
    for award in due.iterator():
        if award.expires_at - dt.timedelta(days=award.certification.warn_days) > now:
            continue
        with transaction.atomic():
            if not CertificationAward.objects.filter(pk=award.pk, warned_at__isnull=True).update(
                warned_at=now
            ):
                continue  # another worker warned them
            events.record(
                SYSTEM,
                "certification.expiring",
                award,
                after={"certification": award.certification.code, "expires_at": award.expires_at},
            )
            _warn(award)
        warned += 1
    gone = CertificationAward.objects.filter(
        revoked_at__isnull=True, expiry_recorded_at__isnull=True, expires_at__lte=now
    ).select_related("certification")
    for award in gone.iterator():
        with transaction.atomic():
            if not CertificationAward.objects.filter(
                pk=award.pk, expiry_recorded_at__isnull=True
            ).update(expiry_recorded_at=now):
                continue
            events.record(
                SYSTEM,
                "certification.expired",
                award,
                after={"certification": award.certification.code, "expired_at": award.expires_at},
            )
        expired += 1
    return warned, expired


def _warn(award: CertificationAward) -> None:
    name = award.certification.name
    until = award.expires_at.date().isoformat()

    def render() -> tuple[str, str]:
        return (
            _("Your %(name)s certification expires on %(date)s") % {"name": name, "date": until},
            _("Renew it before then to stay certified: it counts for your company's tier."),
        )

    notify(
        [Recipient(user_id=award.user_id, email=award.user.email, language=award.user.language)],
        verb="certification.expiring",
        partner_id=award.partner_id,
        url=reverse("portal:my_learning"),
        render=render,
        dedupe_key=f"certification.expiring:{award.pk}",
    )
