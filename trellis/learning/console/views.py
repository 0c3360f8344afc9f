"""Console: the course catalogue with how each course is taken, and certification density
across partners (by specialization, tier and region)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render

from trellis.core.surfaces import actor_of, console_view
from trellis.partners.choices import PartnerType, Region

from .. import selectors
from ..exports import certifications_csv, completions_csv


@console_view
def learning_catalogue(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    courses = selectors.course_overview(actor=actor)
    context = {
        "nav": "learning",
        "courses": courses,
        "paths": selectors.paths(actor=actor),
        "rarely_finished": [c for c in courses if c.rarely_finished],
        "type_names": dict(PartnerType.choices),
    }
    return render(request, "learning/console_catalogue.html", context)


# Partners listed before "show all": the page stays readable at 10,000 partners.
SHOWN = 30


@console_view
def certification_density(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    density = selectors.certification_density(actor=actor)
    top = max((c.certified for c in density.partners), default=0)
    everyone = request.GET.get("show") == "all"
    context = {
        "nav": "learning",
        "density": density,
        "partners": density.partners if everyone else density.partners[:SHOWN],
        "shown": SHOWN,
        "everyone": everyone,
        "region_names": dict(Region.choices),
        "top": top or 1,
        "covered": sum(c.certified > 0 for c in density.partners),
    }
    return render(request, "learning/console_density.html", context)


@console_view
def certifications_export(request: HttpRequest) -> HttpResponseBase:
    return certifications_csv(actor_of(request))


@console_view
def completions_export(request: HttpRequest) -> HttpResponseBase:
    return completions_csv(actor_of(request))
