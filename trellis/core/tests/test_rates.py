"""Exchange rates: a dated table finance imports; conversions use the rates of their day."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.fixtures import ApiClient, World, _user, login
from trellis.core import rates
from trellis.core.models import DomainEvent, ExchangeRate

pytestmark = pytest.mark.django_db


@pytest.fixture
def finance(world: World) -> Any:
    return _user("fin@vendor.test", ["finance"], name="Fiona Finance")


def test_a_new_installation_converts_with_the_reference_rates() -> None:
    converted = rates.convert(Decimal("100"), "EUR", "USD")
    assert converted.amount == Decimal("108") and converted.rates_of == dt.date(2026, 11, 1)


def test_the_dollar_is_one_on_any_day_even_before_the_first_stored_rate() -> None:
    """Every rate is quoted in US dollars: a stored USD row (the reference rates have one)
    must not make older days unconvertible."""
    long_ago = dt.date(2020, 3, 1)
    assert rates.rate_on("USD", long_ago)[0] == Decimal(1)
    ExchangeRate.objects.create(currency="EUR", usd_per_unit=Decimal("1.1"), effective_on=long_ago)
    from trellis.core import stamps

    stamps.bump(stamps.RATES)
    converted = rates.convert(Decimal("100"), "EUR", "USD", on=dt.date(2020, 6, 1))
    assert converted.amount == Decimal("110.0") and converted.rates_of == long_ago


def test_imported_rates_apply_from_their_day_on(world: World, finance: Any) -> None:
    today = timezone.localdate()
    tomorrow = today + dt.timedelta(days=1)
    api = ApiClient(finance)
    body = {"rates": [{"currency": "EUR", "usd_per_unit": "1.2", "effective_on": str(tomorrow)}]}
    response = api.post("/api/v1/exchange-rates", body)
    assert response.status_code == 201 and response.json() == {"imported": 1}
    assert rates.convert(Decimal("100"), "EUR", "USD").amount == Decimal("108")
    later = rates.convert(Decimal("100"), "EUR", "USD", on=tomorrow)
    assert later.amount == Decimal("120") and later.rates_of == tomorrow
    listed = api.get("/api/v1/exchange-rates", on=str(tomorrow)).json()["rates"]
    assert {
        "currency": "EUR",
        "usd_per_unit": "1.2000000000",
        "effective_on": str(tomorrow),
    } in listed
    event = DomainEvent.objects.get(verb="exchange_rates.imported")
    assert event.after["added"] == 1 and event.actor_label == "fin@vendor.test"


def test_importing_the_same_day_again_replaces_the_rate(world: World, finance: Any) -> None:
    day = dt.date(2026, 12, 1)
    actor = world.actor(finance)
    rates.rates_import(actor=actor, rows=rates.rows_from_values([("GBP", "1.30", str(day))]))
    again = rates.rates_import(
        actor=actor, rows=rates.rows_from_values([("GBP", "1.31", str(day))])
    )
    assert again == 1 and ExchangeRate.objects.get(
        currency="GBP", effective_on=day
    ).usd_per_unit == Decimal("1.31")
    same = rates.rates_import(actor=actor, rows=rates.rows_from_values([("GBP", "1.31", str(day))]))
    assert same == 0  # nothing changed, nothing audited again


@pytest.mark.parametrize(
    ("row", "says"),
    [
        (("XXX", "1", "2027-01-01"), "not a currency"),
        (("EUR", "-1", "2027-01-01"), "positive"),
        (("EUR", "abc", "2027-01-01"), "positive"),
        (("EUR", "1", "01/02/2027"), "YYYY-MM-DD"),
    ],
)
def test_a_bad_row_is_named_and_nothing_is_imported(
    world: World,
    finance,
    row: tuple[str, str, str],
    says: str,
) -> None:
    before = ExchangeRate.objects.count()
    body = {
        "rates": [
            {"currency": "CHF", "usd_per_unit": "1.1", "effective_on": "2027-01-01"},
            {"currency": row[0], "usd_per_unit": row[1], "effective_on": row[2]},
        ]
    }
    response = ApiClient(finance).post("/api/v1/exchange-rates", body)
    assert response.status_code == 422 and says in response.content.decode()
    assert ExchangeRate.objects.count() == before


def test_the_same_currency_and_day_twice_in_one_file_is_refused(world: World) -> None:
    with pytest.raises(rates.InvalidInput, match="twice"):
        rates.rows_from_values([("EUR", "1.1", "2027-01-01"), ("EUR", "1.2", "2027-01-01")])


def test_only_vendor_finance_and_admins_import(world: World) -> None:
    before = ExchangeRate.objects.count()
    body = {"rates": [{"currency": "EUR", "usd_per_unit": "2", "effective_on": "2027-01-01"}]}
    assert ApiClient(world.analyst).post("/api/v1/exchange-rates", body).status_code == 403
    assert ApiClient(world.a_admin).post("/api/v1/exchange-rates", body).status_code == 403
    assert ApiClient(world.admin).post("/api/v1/exchange-rates", body).status_code == 201
    assert ExchangeRate.objects.count() == before + 1


def test_finance_imports_a_csv_in_the_console_and_sees_the_rates_in_force(
    world: World, finance
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login(Client(), finance)
    csv = b"currency,usd_per_unit,effective_on\nJPY,0.0067,2026-12-01\n"
    response = client.post(
        reverse("console:exchange_rates"),
        {"file": SimpleUploadedFile("rates.csv", csv, content_type="text/csv")},
        follow=True,
    )
    page = response.content.decode()
    assert "1 exchange rates imported or changed." in page and "JPY" in page
    assert ExchangeRate.objects.filter(currency="JPY", effective_on=dt.date(2026, 12, 1)).exists()
    bad = b"currency,usd_per_unit,effective_on\nJPY,zero,2026-12-02\n"
    response = client.post(
        reverse("console:exchange_rates"),
        {"file": SimpleUploadedFile("rates.csv", bad, content_type="text/csv")},
    )
    assert "Row 2: the rate must be a positive number" in response.content.decode()
    assert not ExchangeRate.objects.filter(effective_on=dt.date(2026, 12, 2)).exists()


def test_staff_without_finance_see_the_rates_but_no_import_form(world: World) -> None:
    page = login(Client(), world.analyst).get(reverse("console:exchange_rates")).content.decode()
    assert "In force today" in page and 'type="file"' not in page
