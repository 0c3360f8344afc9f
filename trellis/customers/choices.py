"""Customer vocabularies: company size and industry (partners describe themselves with them too)."""

from typing import Literal

from django.db import models
from django.utils.translation import gettext_lazy as _


class EmployeeBand(models.TextChoices):
    MICRO = "1-9", _("1–9")
    SMALL = "10-49", _("10–49")
    MEDIUM = "50-249", _("50–249")
    LARGE = "250-999", _("250–999")
    ENTERPRISE = "1000-4999", _("1,000–4,999")
    GLOBAL = "5000+", _("5,000+")


class Industry(models.TextChoices):
    MANUFACTURING = "manufacturing", _("Manufacturing")
    FINANCE = "financial_services", _("Financial services")
    HEALTHCARE = "healthcare", _("Healthcare")
    RETAIL = "retail", _("Retail")
    PUBLIC = "public_sector", _("Public sector")
    EDUCATION = "education", _("Education")
    TECHNOLOGY = "technology", _("Technology")
    ENERGY = "energy", _("Energy & utilities")
    LOGISTICS = "logistics", _("Transport & logistics")
    MEDIA = "media", _("Media & telecom")
    PROFESSIONAL = "professional_services", _("Professional services")


# The same values as types, for the API schema (tests/test_api_inputs.py keeps them equal).
EmployeeBandValue = Literal["1-9", "10-49", "50-249", "250-999", "1000-4999", "5000+"]
IndustryValue = Literal[
    "manufacturing",
    "financial_services",
    "healthcare",
    "retail",
    "public_sector",
    "education",
    "technology",
    "energy",
    "logistics",
    "media",
    "professional_services",
]
