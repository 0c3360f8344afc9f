"""Co-selling waiting for someone: invitations, introductions and bundle consents to answer."""

from __future__ import annotations

from django.db.models import Count, Min
from django.urls import reverse
from django.utils.translation import gettext as _

from trellis.core.actor import Actor
from trellis.core.pending import Pending, waiting_on
from trellis.core.roles import stewarded_partners

from .choices import CoSellStatus, IntroductionStatus, MemberConsent, Side
from .models import BundleMember, CoSell, Introduction


@waiting_on("portal")
def partner_answers(actor: Actor) -> list[Pending]:
    if actor.partner_id is None:
        return []
    invited = (
        CoSell.objects.visible_to(actor)
        .filter(status=CoSellStatus.INVITED, origin=Side.VENDOR)
        .aggregate(n=Count("pk"), since=Min("invited_at"))
    )
    introductions = (
        Introduction.objects.visible_to(actor)
        .filter(target_id=actor.partner_id, status=IntroductionStatus.PROPOSED)
        .count()
    )
    consents = (
        BundleMember.objects.visible_to(actor)
        .filter(partner_id=actor.partner_id, consent=MemberConsent.INVITED)
        .count()
    )
    return [
        Pending(
            _("Invitations to co-sell with the vendor's team: %(n)s") % {"n": invited["n"]},
            _("Accept to see the opportunity and work it together, or decline with a reason."),
            reverse("portal:cosell_list"),
            invited["n"],
        ),
        Pending(
            _("Partners who would like to meet you: %(n)s") % {"n": introductions},
            _("The vendor passed these introductions on; say yes or no."),
            reverse("portal:introduction_list"),
            introductions,
        ),
        Pending(
            _("Joint solutions waiting for your consent: %(n)s") % {"n": consents},
            _("A bundle is offered only once every member agreed."),
            reverse("portal:bundle_catalogue"),
            consents,
        ),
    ]


@waiting_on("console")
def vendor_answers(actor: Actor) -> list[Pending]:
    if not actor.is_staff:
        return []
    invited = (
        CoSell.objects.visible_to(actor)
        .filter(stewarded_partners(actor), status=CoSellStatus.INVITED, origin=Side.PARTNER)
        .count()
    )
    requested = (
        Introduction.objects.visible_to(actor)
        .filter(stewarded_partners(actor, "requester"), status=IntroductionStatus.REQUESTED)
        .count()
    )
    return [
        Pending(
            _("Partners inviting our team to co-sell: %(n)s") % {"n": invited},
            _("Accept to join their registration, or decline with a reason."),
            reverse("console:cosell_list"),
            invited,
        ),
        Pending(
            _("Introductions to pass on or decline: %(n)s") % {"n": requested},
            _("A partner asked to meet another; the vendor decides whether to broker it."),
            reverse("console:introduction_list"),
            requested,
        ),
    ]
