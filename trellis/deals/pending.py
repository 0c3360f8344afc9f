"""Registrations waiting for someone: the portal's and the console's homes list these first."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.timesince import timeuntil
from django.utils.translation import gettext as _

from trellis.core.actor import Actor
from trellis.core.pending import Pending, waiting_on
from trellis.core.roles import stewarded_partners

from .choices import AppealStatus, CoSellerStatus, DealStatus
from .models import ConflictAppeal, DealCoSeller, DealRegistration

EXPIRY_HORIZON = dt.timedelta(days=14)


def _first(due: dt.datetime | None) -> str:
    if due is None:
        return ""
    if due <= timezone.now():
        when = formats.date_format(timezone.localtime(due), "SHORT_DATETIME_FORMAT")
        return _("The oldest has been overdue since %(when)s; the queue shows it first.") % {
            "when": when
        }
    return _("The first is due in %(left)s.") % {"left": timeuntil(due)}


@waiting_on("portal")
def partner_registrations(actor: Actor) -> list[Pending]:
    deals = DealRegistration.objects.visible_to(actor)
    now = timezone.now()
    asked = deals.filter(status=DealStatus.MORE_INFO).count()
    drafts = deals.filter(status=DealStatus.DRAFT).count()
    ending = deals.filter(
        status=DealStatus.APPROVED, protected_until__lte=now + EXPIRY_HORIZON
    ).aggregate(n=Count("pk"), due=Min("protected_until"))
    requests = (
        DealCoSeller.objects.visible_to(actor)
        .filter(status=CoSellerStatus.PROPOSED)
        .aggregate(n=Count("pk"), since=Min("named_at"))
    )
    listing = reverse("portal:deal_list")
    return [
        Pending(
            _("Registrations with a question from your channel manager: %(n)s") % {"n": asked},
            _("Answer to send them back for a decision."),
            f"{listing}?status={DealStatus.MORE_INFO}",
            asked,
        ),
        Pending(
            _("Requests to co-sell from other partners: %(n)s") % {"n": requests["n"]},
            _("A deal counts as sold together only once you accept."),
            reverse("portal:co_seller_requests"),
            requests["n"],
        ),
        Pending(
            _("Registrations whose protection ends within 14 days: %(n)s") % {"n": ending["n"]},
            _first(ending["due"]) + " " + _("Extend them or report the outcome."),
            f"{listing}?status={DealStatus.APPROVED}",
            ending["n"],
            due=ending["due"],
        ),
        Pending(
            _("Draft registrations not submitted yet: %(n)s") % {"n": drafts},
            _("A draft protects nothing until it is submitted."),
            f"{listing}?status={DealStatus.DRAFT}",
            drafts,
        ),
    ]


@waiting_on("console")
def registrations_to_decide(actor: Actor) -> list[Pending]:
    now = timezone.now()
    waiting = (
        DealRegistration.objects.visible_to(actor)
        .filter(stewarded_partners(actor), status=DealStatus.SUBMITTED)
        .aggregate(
            n=Count("pk"),
            due=Min("sla_due_at"),
            late=Count("pk", filter=Q(sla_due_at__lt=now)),
        )
    )
    appeals = (
        ConflictAppeal.objects.visible_to(actor)
        .filter(stewarded_partners(actor), status=AppealStatus.OPEN)
        .aggregate(n=Count("pk"), since=Min("opened_at"))
    )
    queue = reverse("console:deal_queue")
    return [
        Pending(
            _("Registrations past their decision deadline: %(n)s") % {"n": waiting["late"]},
            _("Partners were promised an answer by now."),
            queue,
            waiting["late"],
            due=waiting["due"],
            overdue=True,
        ),
        Pending(
            _("Registrations waiting for your decision: %(n)s") % {"n": waiting["n"]},
            _first(waiting["due"]),
            queue,
            waiting["n"],
            due=waiting["due"],
        ),
        Pending(
            _("Conflict appeals to review: %(n)s") % {"n": appeals["n"]},
            _("Partners contest who holds a customer."),
            reverse("console:conflict_log"),
            appeals["n"],
            due=appeals["since"],
        ),
    ]
