"""Leads from a CSV file: the preview says where each would go, the import reports every row, bad
files change nothing."""

from __future__ import annotations

from collections import Counter

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.fixtures import World, login
from trellis.core.exceptions import InvalidInput, PermissionDenied
from trellis.core.models import DomainEvent, Notification
from trellis.leads.choices import DistributionMode, LeadStatus
from trellis.leads.models import Lead, LeadOffer, RoutingDecision
from trellis.leads.services import imports

from .conftest import set_mode

pytestmark = pytest.mark.django_db

GOOD = (
    "customer_name,country,city,postal_code,contact_name,contact_email,products,estimated_amount,currency\n"
    "Umbrella Logistics,DE,Berlin,10115,Ursula Buyer,ursula@umbrella.example,PLA-001,40000,EUR\n"
    "Nowhere Mining,BR,São Paulo,01000,Nina Silva,nina@nowhere.example,,,USD\n"
    "Broken Row,ZZ,,,Bob,bob@broken.example,,,EUR\n"
    "No Contact GmbH,DE,Köln,50667,Karl,,,,EUR\n"
).encode()


def test_the_preview_writes_nothing_and_says_where_each_lead_would_go(leads_world: World) -> None:
    report = imports.lead_import(actor=leads_world.actor(leads_world.cm), raw=GOOD, dry_run=True)
    assert [r.outcome for r in report.rows] == ["ok", "ok", "error", "error"] and report.taken == 2
    assert report.rows[0].message.startswith("Would go to Charlie Cloud")
    assert "No partner qualifies" in report.rows[1].message
    assert "country" in report.rows[2].message and "contact.email" in report.rows[3].message
    assert not Lead.objects.exists()


def test_the_import_takes_in_the_good_rows_and_reports_every_row(leads_world: World) -> None:
    report = imports.lead_import(actor=leads_world.actor(leads_world.cm), raw=GOOD, dry_run=False)
    assert [r.outcome for r in report.rows] == ["done", "done", "error", "error"]
    assert (
        Lead.objects.count() == 2
        and Lead.objects.get(customer_name="Nowhere Mining").status == "unroutable"
    )
    assert (
        LeadOffer.objects.get(lead__customer_name="Umbrella Logistics").partner.name
        == "Charlie Cloud"
    )
    assert Lead.objects.get(customer_name="Umbrella Logistics").source == "import"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"name,country\nX,DE\n", "Missing column"),
        ("customer_name,country,contact_name\nMüller,DE,Jo\n".encode("latin-1"), "not UTF-8"),
        (b"customer_name,country,contact_name\n", "no rows"),
        (b"customer_name,country,contact_name\n" + b"A,DE,B\n" * 501, "At most 500"),
    ],
)
def test_a_bad_file_is_refused_whole_with_the_reason(
    leads_world: World, raw: bytes, message: str
) -> None:
    with pytest.raises(InvalidInput) as error:
        imports.lead_import(actor=leads_world.actor(leads_world.cm), raw=raw, dry_run=False)
    assert message in error.value.message and not Lead.objects.exists()


def test_partners_cannot_import_leads(leads_world: World) -> None:
    with pytest.raises(PermissionDenied):
        imports.lead_import(actor=leads_world.actor(leads_world.a_admin), raw=GOOD, dry_run=True)


def test_the_console_previews_then_imports(leads_world: World) -> None:
    client = login(Client(), leads_world.cm)
    page = client.post(
        reverse("console:lead_import"), {"file": SimpleUploadedFile("leads.csv", GOOD)}
    ).content.decode()
    assert (
        "Would go to Charlie Cloud" in page and "2 of 4 rows" in page and not Lead.objects.exists()
    )
    payload = page.split('name="payload" value="')[1].split('"')[0]
    done = client.post(
        reverse("console:lead_import"), {"payload": payload, "confirm": "1"}
    ).content.decode()
    assert "Import report" in done and Lead.objects.count() == 2


def test_an_import_is_routed_together_and_each_partner_hears_once(leads_world: World) -> None:
    set_mode(DistributionMode.OFFER_MANY, offer_count=2)
    rows = "".join(
        f"Umbrella {i} Logistics,DE,Berlin,10115,Ursula "
        f"Buyer,ursula{i}@umbrella.example,PLA-001,40000,EUR\n"
        for i in range(6)
    )
    raw = (
        GOOD.decode().splitlines(keepends=True)[0]
        + rows
        + "Nowhere Mining,BR,São Paulo,01000,Nina,,,,USD\n"
    )
    report = imports.lead_import(
        actor=leads_world.actor(leads_world.cm), raw=raw.encode(), dry_run=False
    )
    assert [r.outcome for r in report.rows] == ["done"] * 6 + [
        "error"
    ]  # the last row has no contact
    leads = list(Lead.objects.filter(customer_name__startswith="Umbrella"))
    assert {lead.status for lead in leads} == {LeadStatus.OFFERED}
    assert all(r.message == "Offered" for r in report.rows[:6])
    # Every lead routed once, its explanation stored and its routing audited, as one by one.
    for lead in leads:
        decision = RoutingDecision.objects.get(lead=lead)
        assert decision.run_id is None and decision.explanation["ranked"]
        assert len(decision.chosen) == LeadOffer.objects.filter(lead=lead).count() == 2
    assert DomainEvent.objects.filter(verb="lead.routed").count() == 6
    # Each partner offered leads hears once, with how many.
    offered = Counter(LeadOffer.objects.values_list("partner_id", flat=True))
    notices = Notification.objects.filter(verb="lead.offered")
    assert set(notices.values_list("partner_id", flat=True)) == set(offered)
    for user_id, n in Counter(notices.values_list("user_id", flat=True)).items():
        assert n == 1, user_id
    for partner_id, title in notices.values_list("partner_id", "title"):
        assert partner_id is not None and f"{offered[partner_id]} new lead" in title
