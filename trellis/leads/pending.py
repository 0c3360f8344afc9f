"""Leads waiting for someone: the portal's and the console's homes list these first."""

from __future__ import annotations

from django.db.models import Count, Min
from django.urls import reverse
from django.utils import timezone
from django.utils.timesince import timeuntil
from django.utils.translation import gettext as _

from trellis.core.actor import Actor
from trellis.core.pending import Pending, waiting_on

from .choices import LeadStatus, OfferStatus
from .models import Lead, LeadOffer


@waiting_on("portal")
def offers_to_answer(actor: Actor) -> list[Pending]:
    offers = (
        LeadOffer.objects.visible_to(actor)
        .filter(status=OfferStatus.OPEN, expires_at__gt=timezone.now())
        .aggregate(n=Count("pk"), due=Min("expires_at"))
    )
    left = timeuntil(offers["due"]) if offers["due"] else ""
    return [
        Pending(
            _("Lead offers waiting for your answer: %(n)s") % {"n": offers["n"]},
            _("The first offer expires in %(left)s; then the lead goes to another partner.")
            % {"left": left},
            reverse("portal:lead_list"),
            offers["n"],
            due=offers["due"],
        )
    ]


@waiting_on("console")
def leads_without_partner(actor: Actor) -> list[Pending]:
    if not actor.is_staff:
        return []
    unroutable = Lead.objects.visible_to(actor).filter(status=LeadStatus.UNROUTABLE).count()
    return [
        Pending(
            _("Leads no partner could take: %(n)s") % {"n": unroutable},
            _("Routing found no partner that qualifies; assign one or widen the rules."),
            f"{reverse('console:lead_queue')}?view=waiting",
            unroutable,
        )
    ]
