"""The departing partner's data export: opened from the signed link its admins were e-mailed
(they can no longer sign in); valid for two weeks and until the data is anonymised."""

from __future__ import annotations

import json

from django.http import Http404, HttpRequest, HttpResponse

from trellis.core.throttle import limit_client

from ..selectors.export import partner_export as export_of
from ..services.offboarding import export_opened


def partner_export(request: HttpRequest, token: str) -> HttpResponse:
    if limit_client(request, "partner-export") is not None:
        return HttpResponse(status=429)
    record = export_opened(token)
    if record is None:
        raise Http404
    body = json.dumps(export_of(partner_id=record.partner_id), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="partner-{record.partner_id}.json"'
    response["Cache-Control"] = "no-store"
    return response
