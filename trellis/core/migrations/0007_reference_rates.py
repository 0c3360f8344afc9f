"""The reference rates Trellis shipped with (2026-11-01), so a new installation converts
amounts before finance imports its own."""

import datetime as dt
from decimal import Decimal

from django.db import migrations

REFERENCE_RATES = [
    ("USD", "1"),
    ("EUR", "1.08"),
    ("GBP", "1.27"),
    ("JPY", "0.0066"),
    ("CHF", "1.12"),
    ("CAD", "0.73"),
    ("AUD", "0.65"),
    ("NZD", "0.60"),
    ("SEK", "0.094"),
    ("NOK", "0.092"),
    ("DKK", "0.145"),
    ("PLN", "0.25"),
    ("CZK", "0.043"),
    ("HUF", "0.0027"),
    ("BRL", "0.18"),
    ("MXN", "0.055"),
    ("ARS", "0.0011"),
    ("CLP", "0.0011"),
    ("COP", "0.00025"),
    ("INR", "0.012"),
    ("SGD", "0.74"),
    ("HKD", "0.128"),
    ("CNY", "0.14"),
    ("KRW", "0.00073"),
    ("TWD", "0.031"),
    ("THB", "0.028"),
    ("MYR", "0.21"),
    ("IDR", "0.000064"),
    ("PHP", "0.018"),
    ("VND", "0.000040"),
    ("ZAR", "0.055"),
    ("AED", "0.27"),
    ("SAR", "0.27"),
    ("ILS", "0.27"),
    ("TRY", "0.030"),
]


def load(apps, schema_editor):
    ExchangeRate = apps.get_model("core", "ExchangeRate")
    ExchangeRate.objects.bulk_create(
        ExchangeRate(currency=c, usd_per_unit=Decimal(v), effective_on=dt.date(2026, 11, 1))
        for c, v in REFERENCE_RATES
    )


def unload(apps, schema_editor):
    apps.get_model("core", "ExchangeRate").objects.filter(
        effective_on=dt.date(2026, 11, 1), imported_by=None
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0006_exchange_rates")]
    operations = [migrations.RunPython(load, unload)]
