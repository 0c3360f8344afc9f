"""Bulk CSV registration: preview, per-row report, bad files."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.fixtures import World, login
from trellis.core.exceptions import InvalidInput
from trellis.deals.models import DealRegistration
from trellis.deals.services import bulk

from .conftest import register

pytestmark = pytest.mark.django_db

CLOSE = (timezone.localdate() + dt.timedelta(days=40)).isoformat()
HEADER = "customer_name,customer_country,products,amount,currency,expected_close\n"


def _csv(*rows: str) -> bytes:
    return (HEADER + "\n".join(rows) + "\n").encode()


def test_preview_writes_nothing_then_import_reports_each_row(deals_world: World) -> None:
    register(deals_world, deals_world.b_admin, name="Held Corp")
    raw = _csv(
        f"Fresh Co,DE,PLA-001,1000,EUR,{CLOSE}",
        f"HELD CORP,DE,PLA-001,5,EUR,{CLOSE}",
        f"Bad Co,DE,NOPE,5,EUR,{CLOSE}",
    )
    actor, partner = deals_world.actor(deals_world.a_sales), deals_world.partner_a
    preview = bulk.bulk_register(actor=actor, partner=partner, raw=raw, dry_run=True)
    assert [r.outcome for r in preview.rows] == ["ok", "conflict", "error"]
    assert (
        "products" in preview.rows[2].message
        and not DealRegistration.objects.filter(partner=partner).exists()
    )
    done = bulk.bulk_register(actor=actor, partner=partner, raw=raw, dry_run=False)
    assert [r.outcome for r in done.rows] == ["done", "conflict", "error"] and done.taken == 1
    assert DealRegistration.objects.filter(partner=partner).count() == 1


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"name,country\nAcme,DE\n", "Missing column"),
        ("customer_name,customer_country\nM\xfcller,DE\n".encode("latin-1"), "not UTF-8"),
        (HEADER.encode(), "no rows"),
        (b"x" * (bulk.MAX_BYTES + 1), "larger than 1 MB"),
    ],
)
def test_bad_files_are_refused_whole_with_a_reason(
    deals_world: World, raw: bytes, message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        bulk.bulk_register(
            actor=deals_world.actor(deals_world.a_sales),
            partner=deals_world.partner_a,
            raw=raw,
            dry_run=True,
        )


def test_upload_page_previews_then_confirms(deals_world: World) -> None:
    client = login(Client(), deals_world.a_sales)
    upload = SimpleUploadedFile(
        "deals.csv", _csv(f"Fresh Co,DE,PLA-001,1000,EUR,{CLOSE}"), content_type="text/csv"
    )
    page = client.post(reverse("portal:deal_upload"), {"file": upload}).content.decode()
    assert "Ready to register" in page and not DealRegistration.objects.exists()
    payload = page.split('name="payload" value="')[1].split('"')[0]
    done = client.post(
        reverse("portal:deal_upload"), {"payload": payload, "confirm": "1"}
    ).content.decode()
    assert (
        "Approved" in done
        and DealRegistration.objects.filter(partner=deals_world.partner_a).count() == 1
    )
