"""Who hears about earnings: the partner's admins and finance people when a statement is
approved or paid and when a dispute is answered; finance when a line is disputed."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from trellis.accounts.selectors import partner_recipients, staff_recipients
from trellis.core.money import Money
from trellis.core.notifications import notify
from trellis.core.roles import StaffRole

PARTNER_PAYEES = ("partner_admin", "partner_finance")


def tell_statement(statement: Any, what: str) -> None:
    def render() -> tuple[str, str]:
        total = Money(statement.total, statement.currency).format()
        if what == "approved":
            return _("Your earnings statement for %(period)s is ready") % {
                "period": statement.period
            }, _("%(total)s earned; see every line and dispute any you disagree with.") % {
                "total": total
            }
        return _("Your earnings for %(period)s are paid") % {"period": statement.period}, _(
            "%(total)s paid, reference %(ref)s."
        ) % {"total": total, "ref": statement.payment_reference}

    notify(
        partner_recipients(partner_id=statement.partner_id, user_ids=[], roles=PARTNER_PAYEES),
        verb=f"statement.{what}",
        partner_id=statement.partner_id,
        url=reverse("portal:statement", args=[statement.pk]),
        render=render,
        dedupe_key=f"statement-{statement.pk}-{what}",
    )


def tell_dispute(dispute: Any, partner: Any, what: str, message_id: int) -> None:
    """A new dispute or a partner's reply goes to finance; finance's reply or decision to the
    partner."""

    def render() -> tuple[str, str]:
        titles = {
            "opened": _("%(partner)s disputes an earnings line"),
            "replied": _("%(partner)s replied on a disputed line"),
            "answered": _("Finance answered on your disputed line"),
            "accepted": _("Your dispute is accepted"),
            "rejected": _("Your dispute is rejected"),
        }
        return titles[what] % {"partner": partner.name}, _(
            "Statement %(period)s, line %(line)s."
        ) % {
            "period": dispute.line.statement.period,
            "line": dispute.line_id,
        }

    if what in ("opened", "replied"):
        people = staff_recipients(user_ids=[partner.channel_manager_id], roles=(StaffRole.FINANCE,))
        url = reverse("console:dispute", args=[dispute.pk])
    else:
        people = partner_recipients(
            partner_id=dispute.partner_id, user_ids=[dispute.opened_by_id], roles=PARTNER_PAYEES
        )
        url = reverse("portal:statement", args=[dispute.line.statement_id])
    notify(
        people,
        verb=f"dispute.{what}",
        partner_id=dispute.partner_id,
        url=url,
        render=render,
        dedupe_key=f"dispute-{dispute.pk}-{what}-{message_id}",
    )
