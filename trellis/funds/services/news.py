"""Who hears about a fund request: the deciders (marketing and the partner's channel manager)
when one comes in, is answered or runs late; the partner's marketers when it is decided."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from trellis.accounts.selectors import partner_recipients, staff_recipients
from trellis.core.money import Money
from trellis.core.notifications import notify
from trellis.core.roles import StaffRole


def tell_deciders(request: Any, partner: Any, what: str) -> None:
    amount = Money(request.requested_amount, request.currency)

    def render() -> tuple[str, str]:
        titles = {
            "submitted": _("Fund request from %(partner)s"),
            "answered": _("%(partner)s answered on a fund request"),
            "late": _("Fund request from %(partner)s is overdue"),
        }
        body = _("%(title)s: %(amount)s for a %(kind)s.") % {
            "title": request.title,
            "amount": amount.format(),
            "kind": request.get_activity_type_display().lower(),
        }
        if request.flags:
            body += " " + _("It carries %(n)s red flags to review.") % {"n": len(request.flags)}
        return titles[what] % {"partner": partner.name}, body

    notify(
        staff_recipients(user_ids=[partner.channel_manager_id], roles=(StaffRole.MARKETING,)),
        verb=f"mdf_request.{what}",
        partner_id=partner.pk,
        url=reverse("console:mdf_request", args=[request.pk]),
        render=render,
        dedupe_key=f"mdf-request-{request.pk}-{what}-{request.updated_at:%s}",
    )


def tell_partner(request: Any, what: str) -> None:
    def render() -> tuple[str, str]:
        if what == "approved":
            assert request.approved_amount is not None
            body = _("%(title)s is approved for %(amount)s. Campaign code: %(code)s.") % {
                "title": request.title,
                "amount": Money(request.approved_amount, request.currency).format(),
                "code": request.campaign_code,
            }
            if request.conditions:
                body += " " + _("Conditions: %(conditions)s") % {"conditions": request.conditions}
            return _("Your fund request is approved"), body
        if what == "rejected":
            return _("Your fund request is rejected"), _("%(title)s: %(reason)s") % {
                "title": request.title,
                "reason": request.decision_note,
            }
        return _("A question on your fund request"), _("%(title)s: %(question)s") % {
            "title": request.title,
            "question": request.question,
        }

    notify(
        partner_recipients(
            partner_id=request.partner_id,
            user_ids=[request.submitted_by_id],
            roles=("partner_admin", "partner_marketing"),
        ),
        verb=f"mdf_request.{what}",
        partner_id=request.partner_id,
        url=reverse("portal:mdf_request", args=[request.pk]),
        render=render,
        dedupe_key=f"mdf-request-{request.pk}-{what}-{request.updated_at:%s}",
    )


def tell_claim(claim: Any, request: Any, what: str) -> None:
    """A claim to review goes to the deciders; its decision and payment to the partner."""
    amount = Money(claim.approved_amount or claim.amount, claim.currency).format()

    def render() -> tuple[str, str]:
        if what == "submitted":
            return _("Claim to review: %(title)s") % {"title": request.title}, _(
                "%(partner)s claims %(amount)s with invoice %(invoice)s."
            ) % {"partner": request.partner.name, "amount": amount, "invoice": claim.invoice_number}
        if what == "approved":
            return _("Your claim is approved"), _(
                "%(title)s: %(amount)s is approved for payment."
            ) % {"title": request.title, "amount": amount}
        if what == "paid":
            return _("Your claim is paid"), _("%(title)s: %(amount)s paid, reference %(ref)s.") % {
                "title": request.title,
                "amount": amount,
                "ref": claim.payment_reference,
            }
        return _("Your claim is rejected"), _("%(title)s: %(reason)s %(note)s") % {
            "title": request.title,
            "reason": claim.get_rejection_display(),
            "note": claim.review_note,
        }

    if what == "submitted":
        people = staff_recipients(
            user_ids=[request.partner.channel_manager_id], roles=(StaffRole.MARKETING,)
        )
        url = reverse("console:mdf_request", args=[request.pk])
    else:
        people = partner_recipients(
            partner_id=claim.partner_id,
            user_ids=[claim.submitted_by_id],
            roles=("partner_admin", "partner_finance"),
        )
        url = reverse("portal:mdf_request", args=[request.pk])
    notify(
        people,
        verb=f"mdf_claim.{what}",
        partner_id=claim.partner_id,
        url=url,
        render=render,
        dedupe_key=f"mdf-claim-{claim.pk}-{what}",
    )
