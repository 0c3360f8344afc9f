"""Console settings: business hours per partner region, which SLA clocks count in."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _

from trellis.core.business_hours import calendar_for, configured_calendars
from trellis.core.calendars import calendar_save
from trellis.core.forms import CalendarForm
from trellis.core.policies import allows
from trellis.core.surfaces import actor_of, console_view, save_form

from ..choices import Region

DEFAULT = "default"


def _regions() -> list[tuple[str, str]]:
    return [
        *((c, str(label)) for c, label in Region.choices),
        (DEFAULT, _("Partners without a region")),
    ]


@console_view
def business_hours(request: HttpRequest) -> HttpResponse:
    configured = configured_calendars()
    rows = []
    for code, label in _regions():
        cal = calendar_for(code)
        days = ", ".join(str(WEEKDAYS[d]) for d in sorted(cal.workdays))
        rows.append((code, label, cal, days, code in configured))
    context = {
        "rows": rows,
        "may_change": allows(actor_of(request), "core.configure_calendars"),
        "nav": "settings",
    }
    return render(request, "partners/settings_business_hours.html", context)


@console_view
def business_hours_edit(request: HttpRequest, region: str) -> HttpResponse:
    actor = actor_of(request)
    labels = dict(_regions())
    if region not in labels:
        raise Http404
    cal = calendar_for(region)
    initial = {
        "time_zone": cal.zone,
        "opens_at": cal.opens,
        "closes_at": cal.closes,
        "workdays": sorted(cal.workdays),
    }
    form = CalendarForm(request.POST or None, initial=initial, label_suffix="")
    may_change = allows(actor, "core.configure_calendars")

    def save(data: dict[str, Any]) -> None:
        calendar_save(actor=actor, region=region, regions=frozenset(labels), values=data)

    if save_form(request, form, save, may_change=may_change, done=_("Business hours saved.")):
        return redirect("console:business_hours")
    context = {
        "form": form,
        "title": _("Business hours: %(region)s") % {"region": labels[region]},
        "intro": _(
            "Decision deadlines for this region's partners count only these hours. Deadlines "
            "already set keep their date; the next ones count in the new hours."
        ),
        "back_url": reverse("console:business_hours"),
        "back_label": _("Business hours"),
        "may_change": may_change,
        "nav": "settings",
    }
    return render(request, "console/settings_edit.html", context)
