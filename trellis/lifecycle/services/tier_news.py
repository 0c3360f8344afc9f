"""Telling partners what a tier run changed, in each reader's language: a move up or down to
the partner's admins, a tier at risk (with the date and what is missing) to its admins and its
channel manager. Deduplicated per run, partner and person, so a retried job tells nobody twice."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from trellis.accounts.selectors import partner_recipients, staff_recipients
from trellis.core.notifications import notify
from trellis.partners.selectors import partner_stewards, tier_names

from ..models import TierChange, TierRun, TierStanding


def tell_run(*, run_id: int) -> int:
    told = 0
    run = TierRun.objects.get(pk=run_id)
    names = tier_names()
    for change in TierChange.objects.filter(run_id=run_id):
        up = change.kind == "upgrade"
        to = names.get(change.to_tier_id or 0, "")

        def render(to: str = to, up: bool = up) -> tuple[str, str]:
            if up:
                return _("Your partner tier is now %(tier)s") % {"tier": to}, _(
                    "Congratulations: your figures meet every requirement of %(tier)s. Its "
                    "benefits apply from today."
                ) % {"tier": to}
            return _("Your partner tier is now %(tier)s") % {"tier": to}, _(
                "The grace period ended and your figures earn %(tier)s. See what the next tier "
                "asks in the portal."
            ) % {"tier": to}

        told += notify(
            partner_recipients(partner_id=change.partner_id),
            verb=f"tier.{change.kind}",
            partner_id=change.partner_id,
            url=reverse("portal:tier_status"),
            render=render,
            dedupe_key=f"tier-run-{run_id}-{change.partner_id}",
        )
    # Warned in this run (a downgrade still pending from an earlier run was told then).
    warned = list(TierStanding.objects.filter(run_id=run_id, warned_at=run.started_at))
    stewards = partner_stewards(partner_ids=[s.partner_id for s in warned])
    for standing in warned:
        partner_name, manager_id = stewards.get(standing.partner_id, ("", None))
        to = names.get(standing.downgrade_to_id or 0, "")
        due = standing.downgrade_due_at.date().isoformat() if standing.downgrade_due_at else ""

        def warn(to: str = to, due: str = due, name: str = partner_name) -> tuple[str, str]:
            return _("%(partner)s: tier at risk") % {"partner": name}, _(
                "The latest figures fall short of the current tier. Unless they meet it again "
                "by %(day)s, the tier becomes %(tier)s. See what is missing in the portal."
            ) % {"day": due, "tier": to}

        people = partner_recipients(partner_id=standing.partner_id) + staff_recipients(
            user_ids=[manager_id]
        )
        told += notify(
            people,
            verb="tier.warned",
            partner_id=standing.partner_id,
            url=reverse("portal:tier_status"),
            render=warn,
            dedupe_key=f"tier-warn-{run_id}-{standing.partner_id}",
        )
    return told
