"""Console: what the funded activities returned, per activity, partner, kind and region."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from trellis.core.surfaces import actor_of, console_view

from .. import selectors


@console_view
def roi_overview(request: HttpRequest) -> HttpResponse:
    everything = selectors.activity_results(actor=actor_of(request))
    results = [r for r in everything if r.held]
    return render(
        request,
        "funds/console_roi.html",
        {
            "nav": "mdf",
            "overall": selectors.overall(results),
            "activities": sorted(results, key=lambda r: -r.usd.revenue)[:50],
            "by_type": selectors.results_by(results, "activity_type"),
            "by_region": selectors.results_by(results, "region"),
            "by_partner": selectors.results_by(results, "partner")[:25],
            "count": len(results),
            "upcoming": len(everything) - len(results),
        },
    )
