"""Portal: the partner's tier in each program, what it keeps, what it risks and exactly what
the next tier still asks, with the tier history."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from trellis.core.surfaces import actor_of, portal_view

from .. import selectors


@portal_view
def tier_status(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    partner_id = actor.partner_id or 0
    return render(
        request,
        "lifecycle/portal_tier.html",
        {
            "nav": "tier",
            "programs": selectors.tier_status(actor=actor, partner_id=partner_id),
            "history": selectors.tier_history(actor=actor, partner_id=partner_id)[:20],
        },
    )
