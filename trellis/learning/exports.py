"""CSV downloads of learning: certifications held (with their state) and courses completed.
The vendor's cover every partner; a partner admin's, their own people."""

from __future__ import annotations

from django.http import StreamingHttpResponse
from django.utils import timezone

from trellis.core.actor import Actor
from trellis.core.exports import csv_download

from . import selectors

CERTIFICATION_COLUMNS = (
    "partner",
    "holder",
    "email",
    "certification",
    "earned_on",
    "expires_on",
    "state",
    "verification_code",
)
COMPLETION_COLUMNS = ("partner", "person", "email", "course", "version", "language", "completed_on")


def certifications_csv(actor: Actor) -> StreamingHttpResponse:
    rows = (
        (
            a.partner.name,
            a.holder_name,
            a.user.email,
            a.certification.name,
            a.earned_at.date().isoformat(),
            a.expires_at.date().isoformat(),
            a.state,
            a.code,
        )
        for a in selectors.certifications(actor=actor).iterator(chunk_size=2000)
    )
    stamp = timezone.localdate().isoformat()
    return csv_download(CERTIFICATION_COLUMNS, rows, f"certifications-{stamp}.csv")


def completions_csv(actor: Actor) -> StreamingHttpResponse:
    rows = (
        (
            e.partner.name,
            e.user.full_name or e.user.email,
            e.user.email,
            e.course.title,
            e.version.number,
            e.version.language,
            e.completed_at.date().isoformat() if e.completed_at else "",
        )
        for e in selectors.completions(actor=actor).iterator(chunk_size=2000)
    )
    stamp = timezone.localdate().isoformat()
    return csv_download(COMPLETION_COLUMNS, rows, f"course-completions-{stamp}.csv")
