"""The onboarding job: steps ticked off from what partners did, a reminder to the partner's
admins before a step is due, and an escalation to its channel manager when a step is days
late. Each step is reminded and escalated once (the update that claims it is the guard), so a
job delivered twice tells nobody twice."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from trellis.accounts.selectors import partner_recipients, staff_recipients
from trellis.core.notifications import notify
from trellis.core.roles import StaffRole
from trellis.partners.selectors import partner_stewards

from ..choices import StepStatus
from ..models import Onboarding, OnboardingStep
from .onboarding import onboarding_refresh

REMIND_BEFORE = dt.timedelta(days=3)
ESCALATE_AFTER = dt.timedelta(days=3)


def onboarding_sweep(*, now: dt.datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    open_ids = list(
        Onboarding.objects.filter(completed_at__isnull=True).values_list("partner_id", flat=True)
    )
    for partner_id in open_ids:
        onboarding_refresh(partner_id=partner_id)
    waiting = OnboardingStep.objects.filter(
        status=StepStatus.OPEN, onboarding__completed_at__isnull=True
    ).select_related("step", "onboarding")
    reminded = escalated = 0
    for s in waiting.filter(reminded_at__isnull=True, due_at__lte=now + REMIND_BEFORE):
        if not OnboardingStep.objects.filter(pk=s.pk, reminded_at__isnull=True).update(
            reminded_at=now
        ):
            continue
        day = s.due_at.date().isoformat()

        def remind(title: str = s.step.title, day: str = day) -> tuple[str, str]:
            return _("Onboarding: %(step)s") % {"step": title}, _(
                "This step of your onboarding is due on %(day)s. Your checklist in the portal "
                "says what to do."
            ) % {"day": day}

        reminded += bool(
            notify(
                partner_recipients(partner_id=s.onboarding.partner_id),
                verb="onboarding.reminder",
                partner_id=s.onboarding.partner_id,
                url=reverse("portal:onboarding"),
                render=remind,
                dedupe_key=f"onboarding-remind-{s.pk}",
            )
        )
    late = list(waiting.filter(escalated_at__isnull=True, due_at__lte=now - ESCALATE_AFTER))
    stewards = partner_stewards(partner_ids=[s.onboarding.partner_id for s in late])
    for s in late:
        if not OnboardingStep.objects.filter(pk=s.pk, escalated_at__isnull=True).update(
            escalated_at=now
        ):
            continue
        name, manager = stewards.get(s.onboarding.partner_id, ("", None))
        days = (now - s.due_at).days

        def escalate(
            name: str = name, title: str = s.step.title, days: int = days
        ) -> tuple[str, str]:
            return _("%(partner)s is stuck in onboarding") % {"partner": name}, _(
                "The step “%(step)s” is %(days)s days late. A call often unblocks it."
            ) % {"step": title, "days": days}

        people = (
            staff_recipients(user_ids=[manager])
            if manager
            else staff_recipients(roles=(StaffRole.PARTNER_OPS,))
        )
        escalated += bool(
            notify(
                people,
                verb="onboarding.escalated",
                partner_id=s.onboarding.partner_id,
                url=reverse("console:partner_onboarding", args=[s.onboarding.partner_id]),
                render=escalate,
                dedupe_key=f"onboarding-escalate-{s.pk}",
            )
        )
    return {"refreshed": len(open_ids), "reminded": reminded, "escalated": escalated}
