"""Console settings for the catalogue, the vendor's staff and business hours: audited,
validated, read-only for staff who may not change them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.fixtures import World, _user, login
from trellis.accounts.models import Invitation, RoleGrant, User
from trellis.catalog.models import Product, ProductFamily, ProductPrice
from trellis.core.business_hours import add_business_hours
from trellis.core.models import BusinessCalendar, DomainEvent, OutboundEmail
from trellis.partners.models import Specialization

pytestmark = pytest.mark.django_db


def _admin(world: World) -> Client:
    return login(Client(), world.admin)


def _product_data(world: World, **overrides: str) -> dict[str, Any]:
    family = ProductFamily.objects.get(code="platform")
    data = {
        "sku": "pla-002",
        "name": "Platform Premium",
        "family": str(family.pk),
        "is_active": "on",
        "currency_0": "USD",
        "amount_0": "18000",
        "currency_1": "EUR",
        "amount_1": "16500.50",
        "currency_2": "",
        "amount_2": "",
    }
    data.update(overrides)
    return data


def test_a_product_is_created_with_its_prices_and_audited(world: World) -> None:
    response = _admin(world).post(reverse("console:product_new"), _product_data(world))
    product = Product.objects.get(sku="PLA-002")
    assert response.status_code == 302
    assert dict(product.prices.values_list("currency", "list_price")) == {
        "USD": Decimal("18000"),
        "EUR": Decimal("16500.50"),
    }
    verbs = list(DomainEvent.objects.values_list("verb", flat=True))
    assert "product.created" in verbs and "product.prices_changed" in verbs


def test_emptying_an_amount_removes_that_currencys_price(world: World) -> None:
    product = Product.objects.get(sku="PLA-001")
    data = _product_data(world, sku="PLA-001", name="Platform Standard", amount_0="")
    data.update(currency_1="", amount_1="", currency_3="", amount_3="")
    _admin(world).post(reverse("console:product_edit", args=[product.pk]), data)
    assert not ProductPrice.objects.filter(product=product).exists()
    event = DomainEvent.objects.get(verb="product.prices_changed")
    assert event.before == {"USD": "12000.00"} and event.after == {}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"sku": "PLA-001"}, "Another product already has this SKU."),
        ({"currency_1": "USD"}, "This currency has a price above already."),
        ({"amount_0": "-1"}, "greater than or equal to 0"),
        ({"currency_0": "", "amount_0": "5"}, "Choose the currency of this price."),
        ({"currency_0": "XXX"}, "Select a valid choice."),
        ({"sku": "A\x00B"}, "Null characters are not allowed."),
        ({"family": "999999"}, "Select a valid choice."),
    ],
)
def test_a_bad_product_is_refused_with_the_reason_and_nothing_changes(
    world: World, change: dict[str, str], message: str
) -> None:
    before = DomainEvent.objects.count()
    response = _admin(world).post(reverse("console:product_new"), _product_data(world, **change))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Product.objects.count() == 1 and DomainEvent.objects.count() == before


def test_a_family_names_the_specializations_that_make_an_expert(world: World) -> None:
    Specialization.objects.create(slug="security", name="Security")
    spec = Specialization.objects.get(slug="security")
    response = _admin(world).post(
        reverse("console:family_new"),
        {"code": "security", "name": "Security suite", "specializations": [str(spec.pk)]},
    )
    assert response.status_code == 302
    family = ProductFamily.objects.get(code="security")
    assert list(family.specializations.values_list("slug", flat=True)) == ["security"]
    assert DomainEvent.objects.filter(verb="product_family.experts_changed").exists()


def test_an_analyst_reads_the_catalogue_but_cannot_change_it(world: World) -> None:
    client = login(Client(), world.analyst)
    page = client.get(reverse("console:product_list")).content.decode()
    assert "PLA-001" in page and "New product" not in page
    client.post(reverse("console:product_new"), _product_data(world))
    assert not Product.objects.filter(sku="PLA-002").exists()


def test_the_catalogue_page_reads_in_a_fixed_number_of_queries(world: World) -> None:
    family = ProductFamily.objects.get(code="platform")
    client = _admin(world)
    url = reverse("console:product_list")
    client.get(url)
    for n in range(20):
        p = Product.objects.create(sku=f"X-{n}", name=f"Extra {n}", family=family)
        ProductPrice.objects.create(product=p, currency="EUR", list_price=n)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, {"q": "x-"}).status_code == 200
    assert len(queries) <= 10, [q["sql"] for q in queries]


# --- staff ---------------------------------------------------------------------------


def test_an_invited_colleague_joins_the_console_with_the_invited_roles(world: World) -> None:
    response = _admin(world).post(
        reverse("console:staff_list"),
        {"email": "Nina@Vendor.test", "full_name": "Nina", "roles": ["partner_ops", "finance"]},
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="nina@vendor.test")
    assert invitation.partner_id is None
    sent = OutboundEmail.objects.get(to="nina@vendor.test")
    assert "vendor console" in sent.subject
    link = next(w for w in sent.body_text.split() if "/invite/" in w)
    path = link[link.index("/invite/") :]
    page = Client().post(
        path,
        {
            "full_name": "Nina Ops",
            "password1": "a-long-pass-phrase",
            "password2": "a-long-pass-phrase",
        },
    )
    assert page.status_code == 302
    nina = User.objects.get(email="nina@vendor.test")
    assert nina.partner_id is None
    assert sorted(RoleGrant.objects.filter(user=nina).values_list("role", flat=True)) == [
        "finance",
        "partner_ops",
    ]
    assert DomainEvent.objects.filter(verb="staff.joined").exists()
    assert len(mail.outbox) in (0, 1)  # delivered by the worker, or not yet


def test_partner_roles_cannot_be_given_to_vendor_staff(world: World) -> None:
    response = _admin(world).post(
        reverse("console:staff_list"), {"email": "x@vendor.test", "roles": ["partner_admin"]}
    )
    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
    assert not Invitation.objects.filter(email="x@vendor.test").exists()


def test_the_last_administrator_keeps_the_role_and_their_access(world: World) -> None:
    client = _admin(world)
    url = reverse("console:staff_detail", args=[world.admin.pk])
    response = client.post(url, {"roles": ["analyst"]})
    assert "The console needs at least one active administrator." in response.content.decode()
    client.post(reverse("console:staff_access", args=[world.admin.pk]), {"active": "0"})
    world.admin.refresh_from_db()
    assert world.admin.is_active
    assert RoleGrant.objects.filter(user=world.admin, role="admin").exists()


def test_an_administrator_switches_a_colleague_off_and_on(world: World) -> None:
    client = _admin(world)
    url = reverse("console:staff_access", args=[world.analyst.pk])
    client.post(url, {"active": "0"})
    world.analyst.refresh_from_db()
    assert not world.analyst.is_active
    assert login(Client(), world.analyst).get(reverse("console:home")).status_code == 302
    client.post(url, {"active": "1"})
    world.analyst.refresh_from_db()
    assert world.analyst.is_active
    verbs = list(DomainEvent.objects.values_list("verb", flat=True))
    assert "staff.deactivated" in verbs and "staff.reactivated" in verbs


def test_only_administrators_manage_staff(world: World) -> None:
    ops = _user("ops@vendor.test", ["partner_ops"])
    client = login(Client(), ops)
    page = client.get(reverse("console:staff_list")).content.decode()
    assert "Invite a colleague" not in page and "Vera Admin" in page
    client.post(reverse("console:staff_list"), {"email": "y@vendor.test", "roles": ["admin"]})
    client.post(reverse("console:staff_detail", args=[ops.pk]), {"roles": ["admin"]})
    client.post(reverse("console:staff_access", args=[world.analyst.pk]), {"active": "0"})
    world.analyst.refresh_from_db()
    assert world.analyst.is_active
    assert not Invitation.objects.filter(email="y@vendor.test").exists()
    assert not RoleGrant.objects.filter(user=ops, role="admin").exists()


def test_a_partner_user_is_not_staff_on_the_staff_pages(world: World) -> None:
    response = _admin(world).get(reverse("console:staff_detail", args=[world.a_admin.pk]))
    assert response.status_code == 404


def test_the_staff_page_reads_in_a_fixed_number_of_queries(world: World) -> None:
    client = _admin(world)
    url = reverse("console:staff_list")
    client.get(url)
    for n in range(10):
        _user(f"s{n}@vendor.test", ["channel_manager"])
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) <= 10, [q["sql"] for q in queries]


# --- business hours ------------------------------------------------------------------


def test_business_hours_set_for_a_region_move_its_deadlines(world: World) -> None:
    url = reverse("console:business_hours_edit", args=["emea"])
    data = {
        "time_zone": "Asia/Dubai",
        "opens_at": "08:00",
        "closes_at": "16:30",
        "workdays": ["6", "0", "1", "2", "3"],
    }
    assert _admin(world).post(url, data).status_code == 302
    calendar = BusinessCalendar.objects.get(region="emea")
    assert calendar.workdays == [0, 1, 2, 3, 6]
    friday_noon = dt.datetime(2026, 12, 4, 8, 0, tzinfo=dt.UTC)  # 12:00 in Dubai
    # Friday is off in this calendar: 4 hours fall on Sunday from 08:00 Dubai time.
    assert add_business_hours(friday_noon, 4, "emea") == dt.datetime(
        2026, 12, 6, 8, 0, tzinfo=dt.UTC
    )
    assert DomainEvent.objects.filter(verb="calendar.changed").exists()
    assert "Asia/Dubai" in _admin(world).get(reverse("console:business_hours")).content.decode()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"closes_at": "07:00"}, "Closing time must be after opening time."),
        ({"time_zone": "Mars/Olympus"}, "Select a valid choice."),
        ({"workdays": []}, "This field is required."),
        ({"workdays": ["9"]}, "Select a valid choice."),
        ({"opens_at": "25:00"}, "Enter a valid time."),
    ],
)
def test_bad_business_hours_are_refused_with_the_reason(
    world: World, change: dict[str, Any], message: str
) -> None:
    data = {"time_zone": "UTC", "opens_at": "08:00", "closes_at": "16:00", "workdays": ["0"]}
    data.update(change)
    url = reverse("console:business_hours_edit", args=["na"])
    response = _admin(world).post(url, data)
    assert response.status_code == 200 and message in response.content.decode()
    assert not BusinessCalendar.objects.exists()


def test_an_unknown_region_has_no_business_hours_page(world: World) -> None:
    url = reverse("console:business_hours_edit", args=["atlantis"])
    assert _admin(world).get(url).status_code == 404
