"""Scheduled sweeps for leads: lapsed offers move on, silent partners are reminded and then lose the
lead.

Each sweep only selects candidates; the service re-checks every condition
under a row lock, so a sweep that runs twice (or in two workers) acts once.
"""

from __future__ import annotations

from django.utils import timezone

from .choices import WORKING, OfferStatus
from .models import Lead, LeadOffer
from .services import timers
from .services.batch import routing_run_perform


def offer_sweep() -> dict[str, int]:
    due = LeadOffer.objects.filter(status=OfferStatus.OPEN, expires_at__lte=timezone.now())
    return {"lapsed": sum(timers.offer_lapse(offer=o) for o in due.select_related("lead"))}


def followup_sweep() -> dict[str, int]:
    due = Lead.objects.filter(status__in=WORKING, followup_due_at__lte=timezone.now())
    outcomes = [timers.lead_followup_check(lead=lead) for lead in due]
    return {"reminded": outcomes.count("reminded"), "pulled_back": outcomes.count("pulled_back")}


def routing_run(run_id: int) -> str:
    """A batch routing run (idempotent: a redelivered job goes on with the leads it has not
    decided)."""
    run = routing_run_perform(run_id=run_id)
    return run.status if run is not None else "gone"
