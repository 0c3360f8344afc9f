"""Isolation checks for the partner lifecycle: applications are the vendor's, and nothing a
partner or a visitor reaches shows another partner's data (tests/test_isolation.py collects
these)."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client

from tests.fixtures import ApiClient, World
from tests.isolation_learning import console_hidden
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
        "company_name": "Alpha Systems", "website": "https://alpha.test/again", "country": "DE",
        "partner_types": ["reseller"], "contact_name": "Ann", "consent": "on",
        "contact_email": "ann@elsewhere.test", "started": apply_stamp(30),
    }  # fmt: skip
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
}

# Public doors: what they answer never depends on a partner's scoping.
LIFECYCLE_NOT_BY_SCOPING = {"partner_apply", "POST /api/v1/applications"}
