"""Every answer under /api/v1/ is problem+json when it is an error, routed or not."""

from __future__ import annotations

import pytest

from tests.fixtures import ApiClient, World

pytestmark = pytest.mark.django_db


def test_an_unknown_api_path_answers_problem_json_404(world: World) -> None:
    response = ApiClient(world.a_admin).get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 404 and response.json()["type"].endswith("/not-found")


def test_an_unknown_api_path_answers_problem_json_without_a_token_too(client) -> None:
    response = client.get("/api/v1/partners/1/nothing-here")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_a_method_the_operation_does_not_take_answers_problem_json_405_with_allow(
    world: World,
) -> None:
    response = ApiClient(world.a_admin).delete("/api/v1/me")
    assert response.status_code == 405
    assert response["Content-Type"] == "application/problem+json"
    assert "GET" in response["Allow"] and response.json()["status"] == 405


def test_pages_keep_their_html_not_found(client) -> None:
    response = client.get("/portal/no-such-page/")
    assert response.status_code in (302, 404)
    assert "problem" not in response.get("Content-Type", "")
