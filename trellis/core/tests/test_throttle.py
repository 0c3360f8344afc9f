"""Rate limits: per client address through trusted proxies only, per API token; 429 with
Retry-After."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from tests.fixtures import ApiClient, World
from trellis.core import throttle

pytestmark = pytest.mark.django_db


@pytest.fixture
def proxies(settings: Any) -> Any:
    def use(*networks: str) -> None:
        settings.TRELLIS_TRUSTED_PROXIES = list(networks)
        throttle._trusted.cache_clear()

    yield use
    throttle._trusted.cache_clear()


def _request(remote: str, forwarded: str = "") -> Any:
    request = RequestFactory().get("/", REMOTE_ADDR=remote)
    if forwarded:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return request


def test_the_forwarded_address_counts_only_behind_a_trusted_proxy(proxies: Any) -> None:
    proxies("10.0.0.0/8")
    assert throttle.client_address(_request("10.1.2.3", "198.51.100.7")) == "198.51.100.7"
    # a client naming its own address directly is not believed
    assert throttle.client_address(_request("203.0.113.9", "198.51.100.7")) == "203.0.113.9"
    # a spoofed entry to the left of what the trusted proxy saw is ignored
    assert throttle.client_address(_request("10.1.2.3", "1.2.3.4, 198.51.100.7")) == "198.51.100.7"
    # a chain of trusted proxies is walked back
    assert throttle.client_address(_request("10.1.2.3", "198.51.100.7, 10.9.9.9")) == "198.51.100.7"


def test_without_trusted_proxies_the_peer_address_counts(proxies: Any) -> None:
    proxies()
    assert throttle.client_address(_request("10.1.2.3", "198.51.100.7")) == "10.1.2.3"


def test_too_many_sign_in_attempts_from_one_client_answer_429_with_retry_after(
    world: World, settings: Any, proxies: Any
) -> None:
    settings.TRELLIS_RATE_LIMITS = {**settings.TRELLIS_RATE_LIMITS, "sign-in": "3/m"}
    proxies("10.0.0.0/8")
    url = reverse("account_login")
    body = {"login": "a@alpha.test", "password": "wrong"}
    client = Client()
    codes = [
        client.post(url, body, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
        for _ in range(4)
    ]
    assert [r.status_code for r in codes[:3]] == [200, 200, 200]
    assert codes[3].status_code == 429 and 0 < int(codes[3]["Retry-After"]) <= 60
    assert "Too many attempts" in codes[3].content.decode()
    other = client.post(url, body, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert other.status_code == 200  # another client behind the same balancer
    assert (
        client.get(url, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7").status_code
        == 200
    )


def test_password_reset_requests_are_limited_per_client(settings: Any) -> None:
    settings.TRELLIS_RATE_LIMITS = {**settings.TRELLIS_RATE_LIMITS, "password-reset": "2/h"}
    url = reverse("account_reset_password")
    codes = [Client().post(url, {"email": "x@alpha.test"}).status_code for _ in range(3)]
    assert codes[2] == 429 and 429 not in codes[:2]


def test_a_token_used_too_fast_gets_429_problem_json_and_others_go_on(
    world: World, settings: Any
) -> None:
    settings.TRELLIS_RATE_LIMITS = {**settings.TRELLIS_RATE_LIMITS, "api-token": "3/m"}
    fast, other = ApiClient(world.a_admin), ApiClient(world.b_admin)
    codes = [fast.get("/api/v1/me").status_code for _ in range(3)]
    refused = fast.get("/api/v1/me")
    assert codes == [200, 200, 200] and refused.status_code == 429
    assert refused["Content-Type"] == "application/problem+json"
    assert refused.json()["status"] == 429 and 0 < int(refused["Retry-After"]) <= 60
    assert other.get("/api/v1/me").status_code == 200
