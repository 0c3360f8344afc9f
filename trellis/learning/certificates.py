"""The certificate a person downloads: an A4 landscape PDF rendered by WeasyPrint from a
template, carrying the verification code and the public address that checks it."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .models import CertificationAward


def verify_url(code: str) -> str:
    return settings.TRELLIS_BASE_URL.rstrip("/") + reverse("certificate_verify", args=[code])


def certificate_pdf(award: CertificationAward, *, language: str = "en") -> bytes:
    # Imported here: WeasyPrint loads Pango and fonts, which only this download needs.
    from weasyprint import HTML

    with translation.override(language):
        html = render_to_string(
            "learning/certificate.html",
            {
                "award": award,
                "verify_url": verify_url(award.code),
                "program_name": settings.TRELLIS_PROGRAM_NAME,
            },
        )
    return bytes(HTML(string=html).write_pdf())
