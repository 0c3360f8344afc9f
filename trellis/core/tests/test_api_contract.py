"""API-wide rules: authentication, problem+json, idempotency keys."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.fixtures import ApiClient, World
from trellis.accounts.models import Invitation

pytestmark = pytest.mark.django_db


def test_missing_or_bad_token_is_401_problem_json(world: World) -> None:
    variants: list[dict[str, Any]] = [{}, {"HTTP_AUTHORIZATION": "Bearer trl_nope"}]
    for headers in variants:
        response = Client().get("/api/v1/partners", **headers)
        assert response.status_code == 401
        assert response["Content-Type"] == "application/problem+json"
        assert response["WWW-Authenticate"].startswith("Bearer")
        assert response.json()["type"].endswith("unauthenticated")


def test_idempotency_key_replays_the_first_response(world: World) -> None:
    api = ApiClient(world.a_admin)
    body = {"email": "kim@alpha.test", "roles": ["partner_sales"]}
    path = f"/api/v1/partners/{world.partner_a.pk}/invitations"
    first = api.post(path, body, headers={"HTTP_IDEMPOTENCY_KEY": "k-1"})
    again = api.post(path, body, headers={"HTTP_IDEMPOTENCY_KEY": "k-1"})
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json() and again["Idempotent-Replayed"] == "true"
    assert Invitation.objects.filter(email="kim@alpha.test").count() == 1


def test_same_idempotency_key_with_another_body_is_409(world: World) -> None:
    api = ApiClient(world.a_admin)
    path = f"/api/v1/partners/{world.partner_a.pk}/invitations"
    api.post(
        path,
        {"email": "kim@alpha.test", "roles": ["partner_sales"]},
        headers={"HTTP_IDEMPOTENCY_KEY": "k-2"},
    )
    response = api.post(
        path,
        {"email": "lee@alpha.test", "roles": ["partner_sales"]},
        headers={"HTTP_IDEMPOTENCY_KEY": "k-2"},
    )
    assert response.status_code == 409 and response.json()["type"].endswith("idempotency-key-reuse")
    assert not Invitation.objects.filter(email="lee@alpha.test").exists()


def test_invalid_invitation_input_names_the_field(world: World) -> None:
    api = ApiClient(world.a_admin)
    response = api.post(
        f"/api/v1/partners/{world.partner_a.pk}/invitations",
        {"email": "not-an-email", "roles": ["partner_sales"]},
    )
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "email"
    response = api.post(
        f"/api/v1/partners/{world.partner_a.pk}/invitations",
        {"email": "a@b.test", "roles": ["admin"]},
    )
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "roles.0"
    assert not Invitation.objects.exists()


def test_openapi_and_docs_are_served_locally() -> None:
    assert Client().get("/api/v1/openapi.json").json()["info"]["title"] == "Trellis API"
    page = Client().get("/api/v1/docs").content.decode()
    assert "cdn." not in page and "unpkg" not in page
