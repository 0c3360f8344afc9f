"""Prospect lists: a CSV of candidate companies is scored, ranked with reasons and compared
with existing partners; a file with any bad line is refused whole, naming every line."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.fixtures import World, login
from trellis.lifecycle.models import IdealProfile, Prospect, ProspectList

pytestmark = pytest.mark.django_db

GOOD = (
    b"company,website,country,partner_types,industries,specializations,size,esg\n"
    b"Helix Integration,helix-int.example,DE,system_integrator;msp,healthcare,,50-249,iso_14001\n"
    b"Tiny Referrals,,BR,referral,,,1-9,\n"
    b"Alpha Systems GmbH,https://alpha.test,DE,reseller,,,,\n"
)


def upload(client: Client, raw: bytes, name: str = "Trade fair leads") -> Any:
    return client.post(
        "/console/applications/prospects/",
        {"name": name, "file": SimpleUploadedFile("list.csv", raw, content_type="text/csv")},
    )


def test_a_list_is_ranked_by_fit_with_reasons_and_known_partners_flagged(world: World) -> None:
    IdealProfile.objects.update_or_create(
        pk=1, defaults={"partner_types": ["system_integrator"], "regions": ["emea"]}
    )
    cm = login(Client(), world.cm)
    response = upload(cm, GOOD)
    kept = ProspectList.objects.get()
    assert response.status_code == 302 and kept.size == 3
    ranked = list(Prospect.objects.filter(prospect_list=kept).order_by("-fit_score", "line"))
    assert ranked[0].company_name == "Helix Integration" and ranked[0].fit_score == 100
    assert ranked[0].website == "https://helix-int.example"
    assert ranked[-1].company_name == "Tiny Referrals" and ranked[-1].fit_score == 0
    alpha = next(p for p in ranked if p.company_name.startswith("Alpha"))
    assert alpha.partner_id_known == world.partner_a.pk
    page = cm.get(f"/console/applications/prospects/{kept.pk}/").content.decode()
    assert page.index("Helix Integration") < page.index("Tiny Referrals")
    assert "already a partner: Alpha Systems" in page
    fresh = cm.get(f"/console/applications/prospects/{kept.pk}/?new=1").content.decode()
    assert "Alpha Systems GmbH" not in fresh
    export = cm.get(f"/console/applications/prospects/{kept.pk}/export/")
    lines = b"".join(export.streaming_content).decode().splitlines()  # type: ignore[attr-defined]
    assert lines[1].startswith("1,Helix Integration") and "Partner type 57.1/57.1" in lines[1]


def test_a_file_with_bad_lines_is_refused_whole_naming_each_line(world: World) -> None:
    bad = (
        b"company,website,country,partner_types,size\n"
        b"Good Co,good.example,DE,msp,10-49\n"
        b"Bad Country,,XX,msp,\n"
        b"Bad Type,,FR,wizard,huge\n"
    )
    response = upload(login(Client(), world.cm), bad)
    page = response.content.decode()
    assert response.status_code == 400 and not ProspectList.objects.exists()
    assert "line 3: unknown country code XX" in page
    assert "line 4: unknown partner_types: wizard" in page and "unknown size huge" in page


def test_a_missing_column_or_an_oversized_file_is_a_clear_refusal(world: World) -> None:
    cm = login(Client(), world.cm)
    missing = upload(cm, b"name,website\nX,x.example\n").content.decode()
    assert "Missing columns: company, country" in missing
    assert not ProspectList.objects.exists()


def test_rescoring_follows_the_profile_and_analysts_cannot_upload(world: World) -> None:
    cm = login(Client(), world.cm)
    upload(cm, GOOD)
    kept = ProspectList.objects.get()
    assert set(Prospect.objects.values_list("fit_score", flat=True)) == {0}
    IdealProfile.objects.update_or_create(pk=1, defaults={"regions": ["latam"]})
    cm.post(f"/console/applications/prospects/{kept.pk}/rescore/")
    assert Prospect.objects.get(company_name="Tiny Referrals").fit_score == 100
    analyst = login(Client(), world.analyst)
    assert upload(analyst, GOOD, name="Mine").status_code == 200  # read-only form
    assert ProspectList.objects.count() == 1


def test_the_background_comparison_finds_partners_behind_a_typo(world: World) -> None:
    raw = b"company,country\nBravo Netwroks,JP\nUnrelated Bakery,FR\n"
    upload(login(Client(), world.cm), raw)  # the tests' task queue runs the job at once
    found = {p.company_name: p for p in Prospect.objects.all()}
    assert all(p.checked for p in found.values())
    assert found["Bravo Netwroks"].partner_id_known == world.partner_b.pk
    assert found["Unrelated Bakery"].partner_id_known is None
