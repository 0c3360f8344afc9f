"""Partners named to sell alongside a registrant: a request each named partner answers.

Naming another partner used to make it a co-seller at once, and the deal counted for
matchmaking ("sold 1 deals together with you") without that partner ever agreeing. Now a name
is a request: the named partner's people are told and accept or decline, and only an accepted
co-seller counts anywhere.
"""

from __future__ import annotations

import uuid

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_q.tasks import async_task

from trellis.accounts.selectors import partner_recipients
from trellis.core import events
from trellis.core.actor import Actor
from trellis.core.exceptions import Conflict, InvalidInput
from trellis.core.notifications import notify
from trellis.core.policies import require
from trellis.partners.selectors import listed_partner_names

from .. import policies  # noqa: F401  (registers the rules)
from ..choices import CoSellerStatus
from ..models import DealCoSeller, DealRegistration
from . import lifecycle

MAX_CO_SELLERS = 20


def co_sellers_named(ids: list[int], partner_id: int) -> list[int]:
    """The partners a registrant may name, each once: listed partners other than itself.

    One answer for every id that cannot be named, so that naming ids one by one does not tell
    a partner more than the partner directory already shows.
    """
    wanted = [i for i in dict.fromkeys(ids) if i != partner_id]
    if len(wanted) > MAX_CO_SELLERS:
        raise InvalidInput(
            _("Name at most %(n)s co-selling partners.") % {"n": MAX_CO_SELLERS},
            field="co_sellers",
        )
    if wanted and len(listed_partner_names(ids=wanted)) != len(wanted):
        raise InvalidInput(
            _("Name co-selling partners from the partner directory."), field="co_sellers"
        )
    return wanted


def co_seller_requests(deal: DealRegistration, partner_ids: list[int]) -> list[DealCoSeller]:
    """Write the requests in the registration's transaction and queue the named partners'
    notices (which commit with it)."""
    links = DealCoSeller.objects.bulk_create(
        [DealCoSeller(deal=deal, partner_id=p) for p in partner_ids]
    )
    for link in links:
        async_task(
            "trellis.deals.tasks.tell_co_seller",
            link.deal_id,
            link.partner_id,
            uuid.uuid4().hex,
            task_name=f"co-seller-{link.deal_id}-{link.partner_id}",
        )
    return links


def tell_co_seller_now(*, deal_id: int, partner_id: int, key: str) -> int:
    """The named partner's admins hear who asked and for which customer (idempotent)."""
    deal = DealRegistration.objects.select_related("partner").get(pk=deal_id)

    def render() -> tuple[str, str]:
        values = {"partner": deal.partner.name, "customer": deal.customer_name}
        title = _("%(partner)s asks you to co-sell at %(customer)s") % values
        body = (
            _(
                "%(partner)s registered a deal at %(customer)s and named your company as a "
                "co-selling partner. It counts as a deal sold together only if you accept."
            )
            % values
        )
        return title, body

    with transaction.atomic():
        return notify(
            partner_recipients(partner_id=partner_id),
            verb="deal.co_seller_named",
            partner_id=partner_id,
            url=reverse("portal:co_seller_requests"),
            render=render,
            dedupe_key=key,
        )


ACCEPTED = lifecycle.Notice(
    "deal.co_seller_accepted",
    gettext_noop("A partner agreed to co-sell at %(customer)s"),
    gettext_noop("The partner you named as co-seller at %(customer)s accepted."),
)
DECLINED = lifecycle.Notice(
    "deal.co_seller_declined",
    gettext_noop("A partner declined to co-sell at %(customer)s"),
    gettext_noop("The partner you named as co-seller at %(customer)s declined."),
)


def co_seller_answer(*, actor: Actor, link: DealCoSeller, accept: bool) -> DealCoSeller:
    """The named partner accepts or declines; the registrant is told. Answered once."""
    require(actor, "deals.answer_co_selling", link)
    with transaction.atomic():
        link = DealCoSeller.objects.select_for_update().select_related("deal").get(pk=link.pk)
        if link.status != CoSellerStatus.PROPOSED:
            raise Conflict(_("This request was already answered."))
        link.status = CoSellerStatus.ACCEPTED if accept else CoSellerStatus.DECLINED
        link.answered_at, link.answered_by_id = timezone.now(), actor.user_id
        link.save(update_fields=["status", "answered_at", "answered_by"])
        events.record(
            actor,
            f"deal.co_seller_{link.status}",
            link.deal,
            before={"co_seller": link.partner_id, "status": CoSellerStatus.PROPOSED},
            after={"co_seller": link.partner_id, "status": link.status},
        )
        lifecycle.tell_partner(link.deal, ACCEPTED if accept else DECLINED)
    return link
