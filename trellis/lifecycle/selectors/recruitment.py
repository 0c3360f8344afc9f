"""Reads for recruitment: the review queue, one application, its fit in words."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from trellis.core.actor import Actor
from trellis.core.exceptions import NotFound
from trellis.customers.choices import EmployeeBand, Industry
from trellis.partners.choices import PartnerType, Region
from trellis.partners.selectors import specializations

from ..choices import FIT_FACTOR_LABELS, OPEN_APPLICATION_STATUSES, EsgFact
from ..engine.fit import MANDATORY_CAP
from ..models import Application


def applications(
    *, actor: Actor, status: str = "open", q: str = "", order: str = "fit"
) -> QuerySet[Application]:
    """The review queue: open applications (or one status, or all), best fit first."""
    qs = Application.objects.visible_to(actor).select_related("decided_by", "partner")
    if status == "open":
        qs = qs.filter(status__in=OPEN_APPLICATION_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    if q.strip():
        text = q.strip()
        qs = qs.filter(Q(company_name__icontains=text) | Q(domain__icontains=text))
    if order == "new":
        return qs.order_by("-created_at", "-id")
    return qs.order_by("-fit_score", "-created_at", "-id")


def application_get(*, actor: Actor, application_id: int) -> Application:
    found = (
        Application.objects.visible_to(actor)
        .select_related("decided_by", "partner", "fit_model")
        .filter(pk=application_id)
        .first()
    )
    if found is None:
        raise NotFound()
    return found


def status_counts(*, actor: Actor) -> dict[str, int]:
    rows = Application.objects.visible_to(actor).values("status").annotate(n=Count("pk"))
    return {r["status"]: r["n"] for r in rows}


@dataclass(frozen=True)
class FactorLine:
    label: str
    points: float
    max_points: float
    matched: list[str]
    missing: list[str]

    @property
    def percent(self) -> int:
        return round(100 * self.points / self.max_points) if self.max_points else 0


def _labels() -> dict[str, dict[str, str]]:
    names = dict(specializations().values_list("slug", "name"))
    return {
        "partner_types": {k: str(v) for k, v in PartnerType.choices},
        "regions": {k: str(v) for k, v in Region.choices},
        "industries": {k: str(v) for k, v in Industry.choices},
        "specializations": names,
        "size": {k: str(v) for k, v in EmployeeBand.choices},
        "esg": {k: str(v) for k, v in EsgFact.choices},
    }


def fit_lines(factors: list[dict[str, Any]]) -> list[FactorLine]:
    """A stored fit's factors in the reader's words."""
    labels = _labels()
    out = []
    for f in factors:
        words = labels.get(f["code"], {})
        out.append(
            FactorLine(
                label=str(FIT_FACTOR_LABELS.get(f["code"], f["code"])),
                points=f["points"],
                max_points=f["max_points"],
                matched=[words.get(v, v) for v in f.get("matched", [])],
                missing=[words.get(v, v) for v in f.get("missing", []) if v != "?"],
            )
        )
    return out


def blocked_words(blocked_by: list[str]) -> str:
    """Why a score was capped, or ""."""
    if not blocked_by:
        return ""
    names = dict(EsgFact.choices)
    return _("Missing what the profile requires: %(f)s. The score is held at %(cap)s at most.") % {
        "f": ", ".join(str(names.get(b, b)) for b in blocked_by),
        "cap": MANDATORY_CAP,
    }


def model_weights(run: Any) -> list[tuple[str, float]]:
    """What a fit model run learned, strongest first, each trait in words."""
    if run is None or not run.coefficients:
        return []
    labels = _labels()
    counts = {
        "specializations": _("Number of specializations"),
        "industries": _("Number of industries served"),
        "esg": _("Number of ESG facts"),
    }
    kinds = {"type": "partner_types", "region": "regions", "size": "size"}
    out = []
    for name, weight in run.coefficients.items():
        kind, _sep, value = name.partition(":")
        if value:
            factor = FIT_FACTOR_LABELS.get(kinds.get(kind, ""), kind)
            words = f"{factor}: {labels.get(kinds.get(kind, ''), {}).get(value, value)}"
        else:
            words = str(counts.get(kind, kind))
        out.append((words, float(weight)))
    return sorted(out, key=lambda item: -abs(item[1]))
