"""Recruitment: applying (page and API), fit scores with their reasons, duplicates of existing
partners, and the review decisions (hold, reject, accept into onboarding with an invited admin)."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.core import mail, signing
from django.test import Client

from tests.fixtures import ApiClient, World, login
from trellis.accounts.models import Invitation
from trellis.core.models import DomainEvent, OutboundEmail
from trellis.lifecycle.models import Application, IdealProfile
from trellis.partners.models import Partner, ProgramEnrollment

pytestmark = pytest.mark.django_db


def body(**over: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "company": {
            "name": "Northwind Integration",
            "website": "https://northwind.example",
            "country": "DE",
            "city": "Berlin",
            "size": "50-249",
        },
        "contact": {"name": "Nina North", "email": "nina@northwind.example"},
        "partner_types": ["system_integrator"],
        "industries": ["healthcare", "manufacturing"],
        "esg": {"certifications": ["iso_14001"], "policies": ["anti_bribery"], "reporting": []},
    }
    data.update(over)
    return data


def profile(**over: Any) -> IdealProfile:
    values: dict[str, Any] = {
        "partner_types": ["system_integrator", "msp"],
        "regions": ["emea"],
        "industries": ["healthcare"],
        "sizes": ["50-249"],
        "esg_wanted": ["iso_14001", "anti_bribery"],
    }
    values.update(over)
    row, _ = IdealProfile.objects.update_or_create(pk=1, defaults=values)
    return row


def test_api_application_answers_201_with_its_fit_score_and_stores_the_reasons(
    world: World,
) -> None:
    profile()
    response = Client().post("/api/v1/applications", body(), content_type="application/json")
    assert response.status_code == 201, response.content
    out = response.json()
    assert out["status"] == "submitted" and out["fit_score"] > 80
    stored = Application.objects.get(pk=out["id"])
    assert stored.domain == "northwind.example" and stored.source == "api"
    factors = {f["code"]: f for f in stored.fit_factors}
    assert factors["regions"]["matched"] == ["emea"]
    assert factors["industries"]["points"] == factors["industries"]["max_points"]
    assert DomainEvent.objects.filter(verb="application.submitted").count() == 1
    assert OutboundEmail.objects.filter(to="nina@northwind.example").exists()


def test_a_missing_mandatory_esg_fact_caps_the_score_and_says_so(world: World) -> None:
    profile(esg_mandatory=["code_of_conduct"])
    out = Client().post("/api/v1/applications", body(), content_type="application/json").json()
    stored = Application.objects.get(pk=out["id"])
    assert out["fit_score"] <= 20 and stored.fit_blocked_by == ["code_of_conduct"]
    admin = login(Client(), world.admin)
    page = admin.get(f"/console/applications/{stored.pk}/").content.decode()
    assert "Supplier code of conduct" in page and "20 at most" in page


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"company": {"name": "X", "website": "not a site", "country": "DE"}}, "website"),
        ({"company": {"name": "X", "website": "https://x.example", "country": "XX"}}, "country"),
        ({"specializations": ["nonexistent"]}, "specializations"),
        ({"contact": {"name": "N", "email": "nobody"}}, "contact_email"),
    ],
)
def test_bad_applications_are_refused_on_their_field_and_store_nothing(
    world: World, change: dict[str, Any], field: str
) -> None:
    response = Client().post(
        "/api/v1/applications", body(**change), content_type="application/json"
    )
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")
    assert [e["field"] for e in response.json()["errors"]] == [field]
    assert not Application.objects.exists() and not DomainEvent.objects.exists()


def test_a_second_open_application_from_the_same_domain_is_a_conflict(world: World) -> None:
    assert Client().post("/api/v1/applications", body(), content_type="application/json")
    again = Client().post("/api/v1/applications", body(), content_type="application/json")
    assert again.status_code == 409 and "northwind.example" in again.json()["detail"]
    assert Application.objects.count() == 1


def test_a_company_that_is_already_a_partner_is_shown_to_the_reviewer(world: World) -> None:
    data = body(
        company={
            "name": "Alpha Systems GmbH",
            "website": "https://alpha-systems.example",
            "country": "DE",
        }
    )
    out = Client().post("/api/v1/applications", data, content_type="application/json").json()
    duplicates = Application.objects.get(pk=out["id"]).duplicates
    assert duplicates and duplicates[0]["partner"] == world.partner_a.pk
    by_domain = body(
        company={"name": "Other name", "website": "https://www.bravo.test/about", "country": "JP"}
    )
    out = Client().post("/api/v1/applications", by_domain, content_type="application/json").json()
    found = Application.objects.get(pk=out["id"]).duplicates
    assert found[0]["partner"] == world.partner_b.pk and found[0]["score"] == 1.0


def test_accepting_creates_an_onboarding_partner_and_invites_its_first_admin(
    world: World,
) -> None:
    out = Client().post("/api/v1/applications", body(), content_type="application/json").json()
    response = ApiClient(world.admin).post(
        f"/api/v1/applications/{out['id']}/accept",
        {
            "reason": "Strong healthcare practice",
            "tier": world.silver.pk,
            "channel_manager": world.cm.pk,
        },
    )
    assert response.status_code == 200, response.content
    partner = Partner.objects.get(pk=response.json()["partner"])
    assert partner.status == "onboarding" and partner.channel_manager_id == world.cm.pk
    assert partner.domain == "northwind.example" and partner.type_values() == ["system_integrator"]
    assert list(partner.regions.values_list("region", flat=True)) == ["emea"]
    assert ProgramEnrollment.objects.get(partner=partner).tier == world.silver
    invitation = Invitation.objects.get(partner=partner)
    assert invitation.email == "nina@northwind.example" and invitation.roles == ["partner_admin"]
    verbs = set(DomainEvent.objects.values_list("verb", flat=True))
    assert {"application.accepted", "partner.created", "partner.enrolled"} <= verbs
    again = ApiClient(world.admin).post(f"/api/v1/applications/{out['id']}/reject", {"reason": "x"})
    assert again.status_code == 409


def test_acceptance_is_all_or_nothing_when_the_contact_already_has_an_account(
    world: World,
) -> None:
    data = body(contact={"name": "Anna", "email": "anna@alpha.test"})
    out = Client().post("/api/v1/applications", data, content_type="application/json").json()
    response = ApiClient(world.admin).post(f"/api/v1/applications/{out['id']}/accept", {})
    assert response.status_code == 409
    assert not Partner.objects.filter(name="Northwind Integration").exists()
    assert Application.objects.get(pk=out["id"]).status == "submitted"


def test_reject_and_hold_need_a_reason_and_rejection_tells_the_applicant_without_it(
    world: World,
) -> None:
    out = Client().post("/api/v1/applications", body(), content_type="application/json").json()
    api = ApiClient(world.cm)
    assert api.post(f"/api/v1/applications/{out['id']}/hold", {}).status_code == 422
    held = api.post(f"/api/v1/applications/{out['id']}/hold", {"reason": "Checking references"})
    assert held.json()["status"] == "on_hold"
    rejected = api.post(
        f"/api/v1/applications/{out['id']}/reject", {"reason": "Overlaps our Berlin partners"}
    )
    assert rejected.json()["status"] == "rejected"
    letter = OutboundEmail.objects.filter(to="nina@northwind.example").order_by("-id").first()
    assert letter is not None and "Berlin" not in letter.body_text


def test_partners_and_analysts_cannot_see_or_decide_applications(world: World) -> None:
    out = Client().post("/api/v1/applications", body(), content_type="application/json").json()
    partner = ApiClient(world.a_admin)
    assert partner.get("/api/v1/applications").json()["items"] == []
    assert partner.get(f"/api/v1/applications/{out['id']}").status_code == 404
    assert partner.post(f"/api/v1/applications/{out['id']}/accept", {}).status_code == 404
    analyst = ApiClient(world.analyst)
    assert analyst.post(f"/api/v1/applications/{out['id']}/accept", {}).status_code == 403
    assert login(Client(), world.a_admin).get("/console/applications/").status_code == 404


def apply_stamp(seconds_ago: float) -> str:
    """The signed start time the application page puts in its form."""
    return signing.Signer(salt="trellis.lifecycle.apply").sign_object(
        {"t": time.time() - seconds_ago}
    )


def _page_form(**over: str) -> dict[str, Any]:
    data = {
        "company_name": "Contoso Cloud",
        "website": "contoso-cloud.example",
        "country": "FR",
        "size": "10-49",
        "partner_types": ["msp"],
        "industries": ["retail"],
        "esg_policies": ["code_of_conduct"],
        "contact_name": "Claire",
        "consent": "on",
        "contact_email": "claire@contoso-cloud.example",
        "started": apply_stamp(30),
    }
    data.update(over)
    return data


def test_the_public_page_takes_an_application_in_the_visitors_language(world: World) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="fr")
    assert "Devenir partenaire" in client.get("/apply/").content.decode()
    response = client.post("/apply/", _page_form())
    assert response.status_code == 200, response.content.decode()[:2000]
    stored = Application.objects.get()
    assert stored.language == "fr" and stored.website == "https://contoso-cloud.example"
    assert stored.esg == ["code_of_conduct"] and stored.source == "web"


def test_the_public_page_refuses_bots_and_keeps_what_was_typed_on_errors(world: World) -> None:
    client = Client()
    assert client.post("/apply/", _page_form(nickname="buy now")).status_code == 400
    assert client.post("/apply/", _page_form(started=apply_stamp(1))).status_code == 400
    missing = client.post("/apply/", _page_form(consent=""))
    assert missing.status_code == 400 and "Contoso Cloud" in missing.content.decode()
    assert not Application.objects.exists()
    assert not mail.outbox


def test_the_public_page_is_rate_limited(world: World, settings: Any) -> None:
    settings.TRELLIS_RATE_LIMITS = {**settings.TRELLIS_RATE_LIMITS, "partner-application": "2/h"}
    client = Client()
    for n in range(2):
        client.post("/apply/", _page_form(website=f"https://c{n}.example"))
    refused = client.post("/apply/", _page_form(website="https://c9.example"))
    assert refused.status_code == 429 and refused["Retry-After"]
    assert Application.objects.count() == 2


def test_saving_the_profile_scores_open_applications_again(world: World) -> None:
    out = Client().post("/api/v1/applications", body(), content_type="application/json").json()
    assert out["fit_score"] == 0  # no profile yet: nothing to fit
    admin = login(Client(), world.admin)
    form = {
        "partner_types": ["system_integrator"],
        "regions": ["emea"],
        "weight_partner_types": "50",
        "weight_regions": "50",
        "weight_industries": "0",
        "weight_specializations": "0",
        "weight_size": "0",
        "weight_esg": "0",
        "model_share": "0",
    }
    response = admin.post("/console/settings/ideal-partner-profile/", form)
    assert response.status_code == 302
    assert Application.objects.get(pk=out["id"]).fit_score == 100
    assert DomainEvent.objects.filter(verb="ideal_profile.updated").exists()


def test_the_review_queue_lists_best_fit_first_and_the_detail_page_decides(world: World) -> None:
    profile()
    Client().post("/api/v1/applications", body(), content_type="application/json")
    weak = body(
        company={"name": "Far Away Reseller", "website": "https://far.example", "country": "BR"},
        partner_types=["reseller"],
        industries=[],
    )
    Client().post("/api/v1/applications", weak, content_type="application/json")
    cm = login(Client(), world.cm)
    page = cm.get("/console/applications/").content.decode()
    assert page.index("Northwind Integration") < page.index("Far Away Reseller")
    target = Application.objects.get(domain="northwind.example")
    response = cm.post(
        f"/console/applications/{target.pk}/", {"decision": "accept", "reason": "Good fit"}
    )
    assert response.status_code == 302
    partner = Partner.objects.get(name="Northwind Integration")
    assert partner.channel_manager_id == world.cm.pk  # who accepts, stewards
