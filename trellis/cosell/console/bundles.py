"""Console: the bundle catalogue (joint solutions of vendor products and partners' services),
composing and agreeing."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods, require_POST

from trellis.core.surfaces import console_view

from .. import pages

SURFACE = {"base": "console/base.html", "ns": "console", "nav": "bundles"}


@console_view
def bundle_catalogue(request: HttpRequest) -> HttpResponse:
    return pages.bundle_catalogue(request, SURFACE)


@console_view
@require_http_methods(["GET", "POST"])
def bundle_new(request: HttpRequest) -> HttpResponse:
    return pages.bundle_new(request, SURFACE)


@console_view
@require_http_methods(["GET", "POST"])
def bundle_edit(request: HttpRequest, bundle_id: int) -> HttpResponse:
    return pages.bundle_edit(request, SURFACE, bundle_id)


@console_view
def bundle_detail(request: HttpRequest, bundle_id: int) -> HttpResponse:
    return pages.bundle_detail(request, SURFACE, bundle_id)


@console_view
@require_POST
def bundle_action(request: HttpRequest, bundle_id: int, action: str) -> HttpResponse:
    return pages.bundle_action(request, SURFACE, bundle_id, action)
