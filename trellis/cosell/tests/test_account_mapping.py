"""Account mapping end to end: a partner's list, the overlap, and what each side may see of it."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.fixtures import ApiClient, World, login
from trellis.core.exceptions import InvalidInput, PermissionDenied
from trellis.cosell import selectors, services
from trellis.cosell.choices import SharingLevel
from trellis.cosell.models import AccountListUpload, AccountOverlap, PartnerAccount
from trellis.cosell.services import AccountRow

pytestmark = pytest.mark.django_db

ALPHA_LIST = [
    AccountRow(
        "ACME GMBH", "DE", "prospect", "acme.example"
    ),  # the vendor's Acme GmbH (by name and country)
    AccountRow("Initech Incorporated", "US", "customer"),  # the vendor's direct account
    AccountRow("Initech Inc.", "CA", "customer"),  # same name in another country: someone else
    AccountRow("Hooli", "US", "prospect", "hooli.example"),
]


def _upload(world: World) -> services.ListSummary:
    return services.account_list_replace(
        actor=world.actor(world.a_admin), partner=world.partner_a, rows=ALPHA_LIST
    )


def test_an_upload_finds_the_overlap_with_each_sides_status(world: World) -> None:
    assert _upload(world) == services.ListSummary(accounts=4, shared=2)
    view = selectors.overlap_view(actor=world.actor(world.cm), partner=world.partner_a)
    customer, prospect = 0, 1
    assert view.matrix[customer][customer] == 1  # Initech: our direct customer, their customer
    assert view.matrix[prospect][prospect] == 1  # Acme: our prospect, their prospect
    assert view.total == 2 and view.accounts == 4 and view.shared == []  # counts only, by default


def test_names_and_details_appear_only_as_far_as_both_sides_agree(world: World) -> None:
    _upload(world)
    services.sharing_offer(
        actor=world.actor(world.cm), partner=world.partner_a, level=SharingLevel.DETAILS
    )
    assert (
        selectors.overlap_view(actor=world.actor(world.cm), partner=world.partner_a).shared == []
    )  # no consent yet
    services.sharing_consent(
        actor=world.actor(world.a_admin), partner=world.partner_a, level=SharingLevel.NAMES
    )
    vendor = selectors.overlap_view(actor=world.actor(world.cm), partner=world.partner_a)
    assert [s.name for s in vendor.shared] == [
        "Acme GmbH",
        "Initech Inc.",
    ]  # the vendor's own names
    assert {s.other_status for s in vendor.shared} == {None}
    services.sharing_consent(
        actor=world.actor(world.a_admin), partner=world.partner_a, level=SharingLevel.DETAILS
    )
    with translation.override("en"):  # statuses are shown in the reader's language
        partner = selectors.overlap_view(actor=world.actor(world.a_admin), partner=world.partner_a)
    assert [(s.name, s.own_status, s.other_status) for s in partner.shared] == [
        ("ACME GMBH", "Prospect", "Prospect"),
        ("Initech Incorporated", "Customer", "Customer"),
    ]


def test_a_new_upload_replaces_the_list(world: World) -> None:
    _upload(world)
    services.account_list_replace(
        actor=world.actor(world.a_admin),
        partner=world.partner_a,
        rows=[AccountRow("Hooli", "US", "customer")],
    )
    assert PartnerAccount.objects.filter(partner=world.partner_a).count() == 1
    assert not AccountOverlap.objects.exists()


@pytest.mark.parametrize(
    "row",
    [
        AccountRow("", "DE", "customer"),
        AccountRow("X", "ZZ", "customer"),
        AccountRow("X", "DE", "friend"),
    ],
)
def test_a_bad_row_refuses_the_whole_list(world: World, row: AccountRow) -> None:
    with pytest.raises(InvalidInput):
        services.account_list_replace(
            actor=world.actor(world.a_admin), partner=world.partner_a, rows=[*ALPHA_LIST, row]
        )
    assert not PartnerAccount.objects.exists()


def test_only_the_partners_people_upload_and_only_its_admin_consents(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.account_list_replace(
            actor=world.actor(world.b_admin), partner=world.partner_a, rows=ALPHA_LIST
        )
    with pytest.raises(PermissionDenied):
        services.sharing_consent(actor=world.actor(world.a_sales), partner=world.partner_a, level=1)
    with pytest.raises(PermissionDenied):
        services.sharing_offer(actor=world.actor(world.a_admin), partner=world.partner_a, level=2)


def test_the_portal_uploads_a_csv_and_shows_the_matrix(world: World) -> None:
    client = login(Client(), world.a_admin)
    before = client.get(reverse("portal:account_mapping")).content.decode()
    assert "No account list uploaded yet." in before and 'class="matrix"' not in before
    raw = b"name,domain,country,status\nACME GMBH,,DE,prospect\nHooli,hooli.example,US,prospect\n"
    client.post(
        reverse("portal:account_mapping"), {"file": SimpleUploadedFile("accounts.csv", raw)}
    )
    page = client.get(reverse("portal:account_mapping")).content.decode()
    assert "1 shared of the 2 accounts on your list" in page and "Only counts are shared" in page


def test_the_api_replaces_the_list_and_reads_the_overlap(world: World) -> None:
    api = ApiClient(world.a_admin)
    body = {"accounts": [{"name": "ACME GMBH", "country": "DE", "status": "prospect"}]}
    response = api.client.put(
        "/api/v1/account-list",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {api.raw}",
    )
    assert response.status_code == 200
    assert response.json() | {"upload": 0} == {
        "upload": 0,
        "status": "done",
        "accounts": 1,
        "shared": 1,
        "error": "",
    }
    overlap = api.get("/api/v1/overlap").json()
    assert overlap["total"] == 1 and overlap["level"] == 0 and overlap["shared"] == []
    staff = ApiClient(world.cm).get("/api/v1/overlap", partner=world.partner_a.pk).json()
    assert staff["total"] == 1


def test_bad_api_input_is_a_field_level_problem_and_changes_nothing(world: World) -> None:
    api = ApiClient(world.a_admin)
    body = {"accounts": [{"name": "Acme", "country": "DE", "status": "friend"}]}
    response = api.client.put(
        "/api/v1/account-list",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {api.raw}",
    )
    assert (
        response.status_code == 422 and response.json()["errors"][0]["field"] == "accounts.0.status"
    )
    assert "customer, prospect, opportunity" in response.json()["detail"]
    assert not PartnerAccount.objects.exists()
    staff = ApiClient(world.cm).get("/api/v1/overlap")
    assert staff.status_code == 422 and staff.json()["errors"][0]["field"] == "partner"
    assert ApiClient(world.cm).get("/api/v1/overlap", partner=999999).status_code == 404


def test_the_console_refuses_an_unknown_sharing_level(world: World) -> None:
    client = login(Client(), world.cm)
    client.post(reverse("console:partner_mapping", args=[world.partner_a.pk]), {"level": "7"})
    assert (
        selectors.overlap_view(actor=world.actor(world.cm), partner=world.partner_a).vendor_level
        == 0
    )
    client.post(reverse("console:partner_mapping", args=[world.partner_a.pk]), {"level": "1"})
    assert (
        selectors.overlap_view(actor=world.actor(world.cm), partner=world.partner_a).vendor_level
        == 1
    )


def test_a_large_list_is_compared_in_the_background_and_a_repeat_of_the_job_changes_nothing(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    import functools

    from django_q.models import OrmQ
    from django_q.tasks import async_task

    from trellis.cosell.services import mapping
    from trellis.cosell.tasks import process_account_list

    monkeypatch.setattr(
        mapping, "SYNC_LIMIT", 2
    )  # the threshold, not the behaviour, is what this test shrinks
    # Tests run jobs inline by default; this one must see the job queued, as in production.
    monkeypatch.setattr(mapping, "async_task", functools.partial(async_task, sync=False))
    upload = services.account_list_upload(
        actor=world.actor(world.a_admin), partner=world.partner_a, rows=ALPHA_LIST
    )
    assert (
        upload.pending and upload.accounts == 4 and OrmQ.objects.count() == 1
    )  # job written with the upload
    assert not PartnerAccount.objects.exists()  # nothing stored until the worker runs
    page = login(Client(), world.a_admin).get(reverse("portal:account_mapping")).content.decode()
    assert "is being compared" in page and 'hx-trigger="every 3s"' in page
    process_account_list(upload.pk)
    process_account_list(upload.pk)  # redelivered: finds it done
    upload.refresh_from_db()
    assert (upload.status, upload.shared, upload.rows) == ("done", 2, [])
    assert PartnerAccount.objects.filter(partner=world.partner_a).count() == 4
    status = ApiClient(world.a_admin).get(f"/api/v1/account-list/uploads/{upload.pk}").json()
    assert status["status"] == "done" and status["shared"] == 2
    assert (
        ApiClient(world.b_admin).get(f"/api/v1/account-list/uploads/{upload.pk}").status_code == 404
    )


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_compares_a_large_list(
    world: World, monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    import functools
    import os
    import signal

    from django_q.tasks import async_task

    from trellis.core.tests.test_worker_recovery import _start_worker, _wait_for
    from trellis.cosell.models import AccountListUpload
    from trellis.cosell.services import mapping

    monkeypatch.setattr(mapping, "SYNC_LIMIT", 2)
    monkeypatch.setattr(mapping, "async_task", functools.partial(async_task, sync=False))
    upload = services.account_list_upload(
        actor=world.actor(world.a_admin), partner=world.partner_a, rows=ALPHA_LIST
    )
    worker = _start_worker(tmp_path, "mapping")
    try:
        done = _wait_for(lambda: AccountListUpload.objects.get(pk=upload.pk).status == "done", 60)
        assert done, (tmp_path / "mapping.log").read_text()
    finally:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()
    assert PartnerAccount.objects.filter(partner=world.partner_a).count() == 4
    assert AccountOverlap.objects.filter(partner=world.partner_a).count() == 2


def test_the_customers_matcher_finds_what_the_exact_keys_missed_and_a_repeat_changes_nothing(
    world: World,
) -> None:
    from trellis.customers.models import CustomerAccount

    vandelay = CustomerAccount.objects.create(
        name="Vandelay Industries Holding GmbH",
        country="DE",
        name_normalized="vandelay industries holding",
    )
    rows = [
        AccountRow(
            "Vandeley Industries Holding AG", "DE", "customer"
        ),  # a typo: the exact name key misses it
        AccountRow("Initech Incorporated", "CA", "prospect"),  # the vendor's Initech is in the US
        AccountRow("Umbrella Logistics", "DE", "prospect"),
    ]  # nobody the vendor knows
    summary = services.account_list_replace(
        actor=world.actor(world.a_admin), partner=world.partner_a, rows=rows
    )
    assert summary.shared == 0  # exact keys: nothing
    similar = AccountOverlap.objects.get(
        partner=world.partner_a
    )  # the matcher's second look (run inline here)
    assert (
        similar.customer_id == vandelay.pk
        and similar.partner_account.name == "Vandeley Industries Holding AG"
    )
    assert similar.similarity is not None and similar.similarity >= 0.8
    first = PartnerAccount.objects.filter(partner=world.partner_a).order_by("pk").first()
    assert first is not None
    assert (
        services.overlap_refine(partner_id=world.partner_a.pk, first_account_id=first.pk) == 1
    )  # starts over
    assert AccountOverlap.objects.filter(partner=world.partner_a).count() == 1
    services.account_list_replace(
        actor=world.actor(world.a_admin), partner=world.partner_a, rows=rows[2:]
    )
    assert (
        services.overlap_refine(partner_id=world.partner_a.pk, first_account_id=first.pk) == 0
    )  # list replaced


def test_a_new_upload_replaces_the_list_only_when_the_partner_confirms(world: World) -> None:
    from trellis.cosell.models import PartnerAccount

    client = login(Client(), world.a_admin)
    first = b"name,domain,country,status\nACME GMBH,,DE,prospect\nHooli,hooli.example,US,prospect\n"
    url = reverse("portal:account_mapping")
    client.post(url, {"file": SimpleUploadedFile("a.csv", first)})
    assert "Replace my current list of 2 accounts" in client.get(url).content.decode()
    second = b"name,domain,country,status\nInitech,,US,customer\n"
    page = client.post(url, {"file": SimpleUploadedFile("b.csv", second)}, follow=True)
    assert "Tick the box to replace your current list of 2 accounts." in page.content.decode()
    assert PartnerAccount.objects.filter(partner=world.partner_a).count() == 2  # unchanged
    client.post(url, {"file": SimpleUploadedFile("b.csv", second), "replace": "1"})
    assert PartnerAccount.objects.filter(partner=world.partner_a).count() == 1


def test_a_refused_file_names_every_bad_line_and_stores_nothing(world: World) -> None:
    lines = ["name,domain,country,status", "Acme GmbH,acme.de,DE,customer"]
    lines += ["Bad Country Co,,Germany,customer", ",,FR,prospect", "Wrong Status AG,,AT,friend"]
    lines += [f"Nowhere {n},,XX,customer" for n in range(25)]
    upload = SimpleUploadedFile("accounts.csv", "\n".join(lines).encode(), "text/csv")
    client = login(Client(), world.a_admin)
    response = client.post(reverse("portal:account_mapping"), {"file": upload}, follow=True)
    shown = [str(m) for m in response.context["messages"]]
    assert shown[0].startswith("Rows that cannot be read: 28.")
    assert any(m.startswith("Line 3 (Bad Country Co)") for m in shown)
    assert any(m.startswith("Line 4 (—)") for m in shown)
    assert any(m.startswith("Line 5 (Wrong Status AG)") for m in shown)
    assert shown[-1] == "And more rows like these: 8."
    assert not AccountListUpload.objects.exists()
