"""Isolation checks for the partner lifecycle: applications are the vendor's, and nothing a
partner or a visitor reaches shows another partner's data (tests/test_isolation.py collects
these)."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from tests.fixtures import ApiClient, World, login
from tests.isolation_learning import console_hidden
from trellis.core.models import DomainEvent
from trellis.lifecycle.models import Application
from trellis.lifecycle.tests.test_recruitment import apply_stamp

Check = Callable[[World], None]


def an_application(world: World) -> Application:
    """A company that looks like partner A applies (the reviewer sees A named as a duplicate)."""
    body = {
        "company": {"name": "Alpha Systems", "website": "https://alpha.test", "country": "DE"},
        "contact": {"name": "Ann Applicant", "email": "ann@alpha-new.test"},
        "partner_types": ["reseller"],
    }
    response = Client().post("/api/v1/applications", body, content_type="application/json")
    assert response.status_code == 201, response.content
    application = Application.objects.get(pk=response.json()["id"])
    assert application.duplicates[0]["partner"] == world.partner_a.pk
    return application


def _public_answer_is_minimal(world: World) -> None:
    """Applying tells the visitor its own score, never which partners it resembles."""
    body = {
        "company": {"name": "Alpha Systems", "website": "https://alpha.test", "country": "DE"},
        "contact": {"name": "Ann", "email": "ann@elsewhere.test"},
        "partner_types": ["reseller"],
    }
    answer = Client().post("/api/v1/applications", body, content_type="application/json")
    assert answer.status_code == 201 and set(answer.json()) == {"id", "status", "fit_score"}
    form = {
        "company_name": "Alpha Systems",
        "website": "https://alpha.test/again",
        "country": "DE",
        "partner_types": ["reseller"],
        "contact_name": "Ann",
        "consent": "on",
        "contact_email": "ann@elsewhere.test",
        "started": apply_stamp(30),
    }
    page = Client().post("/apply/", form).content.decode()
    for secret in ("Alpha Systems Ltd", "Carl Manager", "cm@vendor.test", "may already be"):
        assert secret not in answer.content.decode() and secret not in page


def _api_list_vendor_only(world: World) -> None:
    an_application(world)
    assert ApiClient(world.b_admin).get("/api/v1/applications").json()["items"] == []
    assert ApiClient(world.b_admin).get("/api/v1/applications", status="all").json()["items"] == []


def _api_application_404(world: World) -> None:
    application = an_application(world)
    api = ApiClient(world.b_admin)
    assert api.get(f"/api/v1/applications/{application.pk}").status_code == 404


def _api_decision_404(action: str) -> Check:
    def check(world: World) -> None:
        application = an_application(world)
        response = ApiClient(world.b_admin).post(
            f"/api/v1/applications/{application.pk}/{action}", {"reason": "mine now"}
        )
        assert response.status_code == 404
        application.refresh_from_db()
        assert application.status == "submitted" and application.partner_id is None

    return check


def _console_application_hidden(world: World) -> None:
    application = an_application(world)
    console_hidden("console:application_detail", application_id=application.pk)(world)


def _a_gold_partner_a(world: World) -> None:
    """Partner A sold USD 150,000 and was moved up; the figures are A's alone."""
    from trellis.core.actor import SYSTEM
    from trellis.lifecycle.services import tier_evaluate
    from trellis.lifecycle.tests.test_tiering import won

    won(world, world.partner_a.pk, "150000")
    tier_evaluate(actor=SYSTEM, program_id=world.program.pk)


def _portal_tier_own_only(world: World) -> None:
    _a_gold_partner_a(world)
    page = login(Client(), world.b_admin).get(reverse("portal:tier_status")).content.decode()
    assert "150,000" not in page and "Alpha" not in page


def _api_tier_404(path: str) -> Check:
    def check(world: World) -> None:
        _a_gold_partner_a(world)
        api = ApiClient(world.b_admin)
        assert api.get(path.format(partner=world.partner_a.pk)).status_code == 404
        own = api.get(path.format(partner=world.partner_b.pk))
        assert own.status_code == 200 and "150000" not in own.content.decode()

    return check


def _api_tier_write_404(path: str, body: dict[str, object]) -> Check:
    def check(world: World) -> None:
        api = ApiClient(world.b_admin)
        before = DomainEvent.objects.count()
        assert api.post(path.format(partner=world.partner_a.pk), body).status_code == 404
        assert DomainEvent.objects.count() == before

    return check


def _api_evaluation_vendor_only(world: World) -> None:
    api = ApiClient(world.b_admin)
    assert api.post(f"/api/v1/programs/{world.program.pk}/tier-evaluations", {}).status_code == 404
    assert not DomainEvent.objects.filter(verb="tier_run.completed").exists()


def _a_onboarding_partner_a(world: World) -> None:
    """Partner A accepted the agreement and sent its tax form."""
    import io

    from trellis.core.actor import SYSTEM
    from trellis.lifecycle.services import agreement_accept, agreement_publish, document_upload

    agreement_publish(actor=SYSTEM, title="Agreement", body="Terms.")
    actor = world.actor(world.a_admin)
    agreement_accept(actor=actor, partner=world.partner_a, version_number=1, ip_address="192.0.2.1")
    pdf = b"%PDF-1.4\nsecret-of-alpha\n%%EOF\n"
    document_upload(
        actor=actor,
        partner=world.partner_a,
        kind="tax_form",
        upload=io.BytesIO(pdf),
        filename="alpha-w9.pdf",
        size=len(pdf),
    )


def _portal_onboarding_own_only(world: World) -> None:
    _a_onboarding_partner_a(world)
    page = login(Client(), world.b_admin).get(reverse("portal:onboarding")).content.decode()
    assert "alpha-w9.pdf" not in page and "Anna Alpha" not in page and "192.0.2.1" not in page


def _portal_agreement_for_own_company(world: World) -> None:
    from trellis.lifecycle.models import AgreementAcceptance

    _a_onboarding_partner_a(world)
    client = login(Client(), world.b_admin)
    client.post(reverse("portal:agreement_accept"), {"version": "1", "agree": "yes"})
    assert set(AgreementAcceptance.objects.values_list("partner_id", flat=True)) == {
        world.partner_a.pk,
        world.partner_b.pk,
    }


def _api_onboarding_404(world: World) -> None:
    _a_onboarding_partner_a(world)
    api = ApiClient(world.b_admin)
    assert api.get(f"/api/v1/partners/{world.partner_a.pk}/onboarding").status_code == 404
    own = api.get(f"/api/v1/partners/{world.partner_b.pk}/onboarding")
    assert own.status_code == 200 and "Anna" not in own.content.decode()


def _export_link_is_its_own_partner_only(world: World) -> None:
    """The link is signed for one departure: another partner cannot forge or widen it."""
    from trellis.lifecycle.services import partner_offboard
    from trellis.lifecycle.services.offboarding import export_link

    record = partner_offboard(
        actor=world.actor(world.admin), partner=world.partner_a, kind="voluntary", reason="Leaving"
    )
    link = export_link(record)
    own = Client().get(link[link.index("/partner-data/") :])
    assert own.status_code == 200 and "Bravo" not in own.content.decode()
    forged = link.replace(f"{world.partner_a.pk}:", f"{world.partner_b.pk}:")
    assert Client().get(forged[forged.index("/partner-data/") :]).status_code == 404


LIFECYCLE_CHECKS: dict[str, Check] = {
    "partner_apply": _public_answer_is_minimal,
    "POST /api/v1/applications": _public_answer_is_minimal,
    "GET /api/v1/applications": _api_list_vendor_only,
    "GET /api/v1/applications/{application_id}": _api_application_404,
    "POST /api/v1/applications/{application_id}/accept": _api_decision_404("accept"),
    "POST /api/v1/applications/{application_id}/reject": _api_decision_404("reject"),
    "POST /api/v1/applications/{application_id}/hold": _api_decision_404("hold"),
    "console:application_list": console_hidden("console:application_list"),
    "console:application_detail": _console_application_hidden,
    "console:ideal_profile": console_hidden("console:ideal_profile"),
    "console:fit_model_train": console_hidden("console:fit_model_train"),
    "console:prospect_lists": console_hidden("console:prospect_lists"),
    "console:prospect_list": console_hidden("console:prospect_list", list_id=1),
    "console:prospect_list_rescore": console_hidden("console:prospect_list_rescore", list_id=1),
    "console:prospect_list_export": console_hidden("console:prospect_list_export", list_id=1),
    "console:tier_overview": console_hidden("console:tier_overview"),
    "console:tier_program": console_hidden("console:tier_program", program_id=1),
    "console:tier_run": console_hidden("console:tier_run", program_id=1),
    "console:partner_tier_status": console_hidden("console:partner_tier_status", partner_id=1),
    "console:tier_override_end": console_hidden(
        "console:tier_override_end", partner_id=1, override_id=1
    ),
    "portal:tier_status": _portal_tier_own_only,
    "portal:onboarding": _portal_onboarding_own_only,
    "partner_export": _export_link_is_its_own_partner_only,
    "console:partner_offboarding": console_hidden("console:partner_offboarding", partner_id=1),
    "console:journey_list": console_hidden("console:journey_list"),
    "console:journey_detail": console_hidden("console:journey_detail", journey_id=1),
    "console:journey_step_remove": console_hidden(
        "console:journey_step_remove", journey_id=1, step_id=1
    ),
    "POST /api/v1/partners/{partner_id}/offboard": _api_tier_write_404(
        "/api/v1/partners/{partner}/offboard", {"kind": "voluntary", "reason": "mine"}
    ),
    "POST /api/v1/partners/{partner_id}/reactivate": _api_tier_write_404(
        "/api/v1/partners/{partner}/reactivate", {"reason": "mine"}
    ),
    "portal:agreement_accept": _portal_agreement_for_own_company,
    "GET /api/v1/partners/{partner_id}/onboarding": _api_onboarding_404,
    "console:onboarding_overview": console_hidden("console:onboarding_overview"),
    "console:partner_onboarding": console_hidden("console:partner_onboarding", partner_id=1),
    "console:onboarding_step_close": console_hidden(
        "console:onboarding_step_close", partner_id=1, step_id=1
    ),
    "console:document_review": console_hidden(
        "console:document_review", partner_id=1, document_id=1
    ),
    "console:document_file": console_hidden("console:document_file", partner_id=1, document_id=1),
    "GET /api/v1/partners/{partner_id}/tier-status": _api_tier_404(
        "/api/v1/partners/{partner}/tier-status"
    ),
    "GET /api/v1/partners/{partner_id}/tier-history": _api_tier_404(
        "/api/v1/partners/{partner}/tier-history"
    ),
    "POST /api/v1/partners/{partner_id}/tier-override": _api_tier_write_404(
        "/api/v1/partners/{partner}/tier-override",
        {"tier": 1, "reason": "mine", "ends_on": "2099-01-01"},
    ),
    "POST /api/v1/partners/{partner_id}/measures": _api_tier_write_404(
        "/api/v1/partners/{partner}/measures",
        {"kind": "csat", "period_end": "2026-01-01", "value": "5"},
    ),
    "POST /api/v1/programs/{program_id}/tier-evaluations": _api_evaluation_vendor_only,
}

# Public doors: what they answer never depends on a partner's scoping.
# The tier pages and reads also check that a partner asks about itself (a distributor may see
# its resellers' profiles, never their tiers), so removing the scoping alone changes nothing.
LIFECYCLE_NOT_BY_SCOPING = {
    "partner_apply",
    "POST /api/v1/applications",
    "portal:tier_status",
    "GET /api/v1/partners/{partner_id}/tier-status",
    "GET /api/v1/partners/{partner_id}/tier-history",
    "POST /api/v1/programs/{program_id}/tier-evaluations",
    "portal:onboarding",
    "portal:agreement_accept",
    "GET /api/v1/partners/{partner_id}/onboarding",
    "partner_export",
}
