"""What the vendor's channel team does for a partner's people: allow another attempt at a quiz
someone has run out of, and revoke a certification given in error (with the reason)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trellis.core import events
from trellis.core.actor import Actor
from trellis.core.exceptions import InvalidInput, NotFound
from trellis.core.policies import require

from .. import policies  # noqa: F401  (registers the rules)
from ..choices import ModuleKind
from ..models import CertificationAward, Enrollment, Module, ModuleProgress


def attempt_grant(*, actor: Actor, enrollment: Enrollment, module: Module) -> ModuleProgress:
    """One more attempt at ``module`` for the enrollment's learner."""
    require(actor, "learning.steward", enrollment.partner)
    if module.version_id != enrollment.version_id or module.kind != ModuleKind.QUIZ:
        raise NotFound()
    with transaction.atomic():
        progress, _created = ModuleProgress.objects.select_for_update().get_or_create(
            enrollment=enrollment, module=module
        )
        if progress.extra_attempts >= 20:
            raise InvalidInput(_("This person has had 20 extra attempts already."))
        progress.extra_attempts += 1
        progress.save(update_fields=["extra_attempts", "updated_at"])
        events.record(
            actor,
            "quiz.attempt_granted",
            enrollment,
            after={"module": module.pk, "extra_attempts": progress.extra_attempts},
        )
    return progress


def certification_revoke(
    *, actor: Actor, award: CertificationAward, reason: str
) -> CertificationAward:
    """Withdraw a certification at once; its public check says so from then on."""
    require(actor, "learning.steward", award.partner)
    reason = reason.strip()
    if not reason:
        raise InvalidInput(_("Say why the certification is revoked."), field="reason")
    with transaction.atomic():
        award = CertificationAward.objects.select_for_update().get(pk=award.pk)
        if award.revoked_at is not None:
            return award
        award.revoked_at = timezone.now()
        award.revoked_reason = reason[:300]
        award.save(update_fields=["revoked_at", "revoked_reason"])
        events.record(
            actor,
            "certification.revoked",
            award,
            after={"certification": award.certification.code, "user": award.user_id},
            note=reason[:300],
        )
    return award
