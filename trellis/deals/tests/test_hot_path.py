"""The registration hot path: its statement count is pinned, and production's API chain is the one
tested."""

from __future__ import annotations

import io
import json
import sys
from typing import Any

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext
from django_q.conf import Conf

from tests.fixtures import ApiClient, World
from trellis.core.handlers import surfaces_application
from trellis.deals.models import DealRegistration

from .test_api_and_concurrency import _payload

pytestmark = pytest.mark.django_db

# Inside the test's own transaction each of the service's transactions shows as
# two statements of its own (SAVEPOINT, RELEASE), on either database. The counts
# are the same on PostgreSQL and SQLite.
TRANSACTION = 2


@pytest.fixture
def queued_tasks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Count what a request itself runs: follow-up jobs are queued, as in production."""
    monkeypatch.setattr(Conf, "SYNC", False)


def _statements(client: ApiClient, body: dict[str, Any]) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/api/v1/deals", body)
    return response.status_code, len(queries)


# What every registration writes, in one transaction: the registration, its line, its claim,
# its audit events (one statement) and the partner's queued notification.
WRITTEN = TRANSACTION + 5


def test_registering_a_new_customer_costs_a_pinned_number_of_statements(
    deals_world: World, queued_tasks: None
) -> None:
    client = ApiClient(deals_world.a_sales)
    client.post("/api/v1/deals", _payload("Warmup Trading Ltd"))  # caches the token and terms
    status, statements = _statements(client, _payload("Umbrella Robotics GmbH"))
    # the reference stamps (token, products and terms come from the process's cache), the
    # partner | a transaction for the new account: the resolution lock, the look again under
    # it, the account and its event | the registration's own transaction
    assert (status, statements) == (201, 2 + (TRANSACTION + 4) + WRITTEN)


def test_registering_a_known_customer_costs_a_pinned_number_of_statements(
    deals_world: World, queued_tasks: None
) -> None:
    client = ApiClient(deals_world.a_sales)
    client.post("/api/v1/deals", _payload("Warmup Trading Ltd"))
    status, statements = _statements(client, _payload("Acme GmbH", products=["SEC-001"]))
    # the stamps, the partner, the products (a SKU not asked for before), the matched account,
    # a claim on it, an open direct opportunity | the registration's own transaction
    assert (status, statements) == (201, 6 + WRITTEN)


def test_a_revoked_token_is_refused_on_its_next_call_although_tokens_are_cached(
    deals_world: World,
) -> None:
    from trellis.accounts.models import ApiToken
    from trellis.accounts.services import token_revoke

    client = ApiClient(deals_world.a_sales)
    assert client.get("/api/v1/me").status_code == 200
    token = ApiToken.objects.get(user=deals_world.a_sales)
    token_revoke(actor=deals_world.actor(deals_world.a_sales), token=token)
    assert client.get("/api/v1/me").status_code == 401


def test_a_tier_change_reaches_the_next_registration_although_terms_are_cached(
    deals_world: World,
) -> None:
    from trellis.partners.services import partner_set_tier

    client = ApiClient(deals_world.a_sales)
    first = client.post("/api/v1/deals", _payload("Warmup Trading Ltd")).json()
    partner_set_tier(
        actor=deals_world.actor(deals_world.admin),
        partner=deals_world.partner_a,
        tier=deals_world.gold,
    )
    second = client.post("/api/v1/deals", _payload("Umbrella Robotics GmbH")).json()
    assert first["uplift_pct"] != second["uplift_pct"]


def _call(
    app: Any, method: str, path: str, headers: dict[str, str], body: bytes = b""
) -> tuple[str, dict[str, str], bytes]:
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "CONTENT_LENGTH": str(len(body)),
        "CONTENT_TYPE": "application/json",
        **{"HTTP_" + k.upper().replace("-", "_"): v for k, v in headers.items()},
    }
    seen: dict[str, Any] = {}

    def start_response(
        status: str, response_headers: list[tuple[str, str]], exc_info: Any = None
    ) -> None:
        seen.update(status=status, headers=dict(response_headers))

    # As Django's test client does: the test's database connection must outlive the request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        response = app(environ, start_response)
        content = b"".join(response)
        response.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return seen["status"], seen["headers"], content


def test_production_application_serves_the_api_through_its_short_chain(deals_world: World) -> None:
    app = surfaces_application()
    token = ApiClient(deals_world.a_sales).raw
    headers = {
        "Authorization": f"Bearer {token}",
        "Accept-Language": "de",
        "X-Request-ID": "req-12345678",
    }
    status, response_headers, content = _call(
        app, "POST", "/api/v1/deals", headers, json.dumps(_payload()).encode()
    )
    assert status.startswith("201") and DealRegistration.objects.count() == 1
    assert (
        response_headers["X-Request-ID"] == "req-12345678" and "Set-Cookie" not in response_headers
    )
    status, _headers, content = _call(
        app, "POST", "/api/v1/deals", headers, json.dumps(_payload(amount="-5")).encode()
    )
    problem = json.loads(content)
    assert status.startswith("422") and problem["errors"][0]["field"] == "amount"
    assert problem["errors"][0]["message"] == "Der Betrag muss größer als null sein."


def test_production_application_serves_pages_through_the_full_chain(deals_world: World) -> None:
    status, headers, _content = _call(surfaces_application(), "GET", "/console/partners/", {})
    assert status.startswith("302") and "/accounts/login/" in headers["Location"]
