"""What the API takes besides strings: ids, yes/no values, nulls, the body's type and size.

Each case here once answered 500 or was quietly accepted; each now answers 4xx problem+json
with the field named, and nothing changes.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.fixtures import ApiClient, World
from tests.test_api_inputs import SCHEMA_DOC, _body_with, _named, _objects, _resolve
from trellis.core.api import MAX_ID
from trellis.core.models import DomainEvent

TOO_BIG = 10**20  # beyond 64 bits: SQLite's driver raised OverflowError on it


def _typed_fields(schema: dict[str, Any], kind: str, path: str = "") -> list[tuple[str, dict]]:
    """Every field of JSON type ``kind`` below ``schema``; list items as ``[]``."""
    schema = _resolve(schema)
    out: list[tuple[str, dict]] = []
    for key in ("anyOf", "oneOf", "allOf"):
        for sub in schema.get(key, []):
            out += _typed_fields(sub, kind, path)
    if schema.get("type") == kind:
        out.append((path, schema))
    elif schema.get("type") == "object":
        for name, sub in schema.get("properties", {}).items():
            out += _typed_fields(sub, kind, f"{path}.{name}" if path else name)
    elif schema.get("type") == "array":
        out += _typed_fields(schema.get("items", {}), kind, path + "[]")
    return out


def _operations_taking(kind: str) -> list[tuple[str, str, str, dict]]:
    """(method, path, field, schema) of each ``kind`` an operation reads: ``?name`` in the query,
    ``{name}`` in the path, a dotted name in the body."""
    out = []
    for path, operations in SCHEMA_DOC["paths"].items():
        for method, op in operations.items():
            for param in op.get("parameters", []):
                for _, schema in _typed_fields(param["schema"], kind):
                    mark = "{%s}" if param["in"] == "path" else "?%s"
                    out.append((method.upper(), path, mark % param["name"], schema))
            body = op.get("requestBody", {}).get("content", {}).get("application/json")
            if body:
                for field, schema in _typed_fields(body["schema"], kind):
                    out.append((method.upper(), path, field, schema))
    return out


def test_every_integer_the_api_takes_states_its_range() -> None:
    integers = _operations_taking("integer")
    assert len(integers) > 60
    loose = [
        f"{method} {path} {field}"
        for method, path, field, schema in integers
        if "minimum" not in schema or not 0 < schema.get("maximum", MAX_ID + 1) <= MAX_ID
    ]
    assert not loose, loose


def _send(client: ApiClient, method: str, url: str, body: Any) -> Any:
    if method in ("GET", "DELETE"):
        return getattr(client.client, method.lower())(url, **client._headers(None))
    return getattr(client.client, method.lower())(
        url, json.dumps(body), content_type="application/json", **client._headers(None)
    )


def _refused_naming(response: Any, field: str) -> bool:
    if response.status_code != 422:
        return False
    assert response["Content-Type"] == "application/problem+json"
    return field in [e["field"] for e in response.json()["errors"]]


@pytest.mark.django_db
def test_an_id_beyond_64_bits_anywhere_is_refused_with_the_field_named(world: World) -> None:
    ids = _objects(world)
    clients = [ApiClient(world.admin), ApiClient(world.a_admin)]
    events = DomainEvent.objects.count()
    failures, swept = [], 0
    for method, path, field, _schema in _operations_taking("integer"):
        body: Any = {}
        if field.startswith("{"):
            name = field.strip("{}")
            url, named = path.format(**{**ids, name: TOO_BIG}), name
        elif field.startswith("?"):
            name = field[1:]
            url, named = f"{path.format(**ids)}?{name}={TOO_BIG}", name
        else:
            url, body, named = path.format(**ids), _body_with(field, TOO_BIG), _named(field)
        answers = [_send(c, method, url, body) for c in clients]
        if not any(_refused_naming(a, named) for a in answers):
            failures.append(f"{method} {url} {field}: {[a.status_code for a in answers]}")
        swept += 1
    assert swept > 60
    assert not failures, failures
    assert DomainEvent.objects.count() == events


@pytest.mark.django_db
def test_a_yes_no_field_takes_only_true_or_false(world: World) -> None:
    ids = _objects(world)
    clients = [ApiClient(world.admin), ApiClient(world.a_admin)]
    events = DomainEvent.objects.count()
    flags = [op for op in _operations_taking("boolean") if op[2][0] not in "?{"]
    assert len(flags) >= 7
    failures = []
    for method, path, field, _schema in flags:
        for wrong in (0, 1, "true", "no"):
            body = _body_with(field, wrong)
            answers = [_send(c, method, path.format(**ids), body) for c in clients]
            if not any(_refused_naming(a, _named(field)) for a in answers):
                failures.append(f"{method} {path} {field}={wrong!r}")
    assert not failures, failures
    assert DomainEvent.objects.count() == events


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["description", "contact_name", "contact_email", "sourced"])
def test_null_is_refused_where_a_deal_field_cannot_be_empty(world: World, field: str) -> None:
    from tests.test_isolation import _a_deal
    from trellis.deals.models import DealRegistration

    deal_id = _a_deal(world)
    api = ApiClient(world.a_sales)
    before = DealRegistration.objects.values().get(pk=deal_id)
    events = DomainEvent.objects.count()
    response = api.patch(f"/api/v1/deals/{deal_id}", {field: None})
    assert _refused_naming(response, field), response.content
    assert DealRegistration.objects.values().get(pk=deal_id) == before
    assert DomainEvent.objects.count() == events
    patch = SCHEMA_DOC["paths"]["/api/v1/deals/{deal_id}"]["patch"]
    schema = patch["requestBody"]["content"]["application/json"]["schema"]["properties"][field]
    assert "anyOf" not in schema and "default" not in schema  # the schema says so too


@pytest.mark.django_db
def test_null_still_clears_the_links_that_may_be_empty(world: World) -> None:
    api, url = ApiClient(world.admin), f"/api/v1/partners/{world.partner_a.pk}"
    response = api.patch(url, {"channel_manager_id": None})
    assert response.status_code == 200 and response.json()["channel_manager_id"] is None
    response = api.patch(url, {"city": None})
    assert _refused_naming(response, "city")


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/routing-runs", "/api/v1/deals/{deal_id}/approve"])
@pytest.mark.parametrize("body", ["[null, null]", '"text"', "123", "null", "true"])
def test_an_action_refuses_a_body_that_is_not_an_object(world: World, path: str, body: str) -> None:
    from tests.test_isolation import _a_deal
    from trellis.leads.models import RoutingRun

    api, url = ApiClient(world.admin), path.format(deal_id=_a_deal(world))
    events, runs = DomainEvent.objects.count(), RoutingRun.objects.count()
    response = api.client.post(
        url,
        body,
        content_type="application/json",
        **api._headers(None),
    )
    assert _refused_naming(response, "body"), response.content
    assert (DomainEvent.objects.count(), RoutingRun.objects.count()) == (events, runs)


@pytest.mark.django_db
def test_the_operations_that_once_acted_on_a_list_body_refuse_it(world: World) -> None:
    """PATCH partner and deal answered 2xx to ``[null, null]``; withdrawing a co-sell with it
    withdrew the co-sell."""
    from trellis.cosell.models import CoSell

    ids = _objects(world)
    calls = [
        (ApiClient(world.admin), "patch", "/api/v1/partners/{partner_id}"),
        (ApiClient(world.a_sales), "patch", "/api/v1/deals/{deal_id}"),
        (ApiClient(world.cm), "post", "/api/v1/cosells/{cosell_id}/withdraw"),
        (ApiClient(world.b_admin), "post", "/api/v1/introductions/{introduction_id}/answer"),
    ]
    events = DomainEvent.objects.count()
    for client, method, path in calls:
        for body in ("[null, null]", '"str"', "123"):
            response = getattr(client.client, method)(
                path.format(**ids), body, content_type="application/json", **client._headers(None)
            )
            assert response.status_code in (404, 422), (path, body, response.status_code)
            if response.status_code == 422:
                assert _refused_naming(response, "body")
    assert DomainEvent.objects.count() == events
    assert CoSell.objects.get(pk=ids["cosell_id"]).status == "active"


@pytest.mark.django_db
def test_a_json_body_must_say_it_is_json(world: World) -> None:
    api = ApiClient(world.admin)
    before = DomainEvent.objects.count()
    for content_type in ("text/plain", "application/x-www-form-urlencoded"):
        response = api.client.patch(
            f"/api/v1/partners/{world.partner_a.pk}",
            '{"city": "Leipzig"}',
            content_type=content_type,
            **api._headers(None),
        )
        assert response.status_code == 415
        assert response["Content-Type"] == "application/problem+json"
        assert response["Accept-Post"] == "application/json"
    assert DomainEvent.objects.count() == before
    world.partner_a.refresh_from_db()
    assert world.partner_a.city != "Leipzig"
    # A body-less action needs no Content-Type at all.
    from tests.test_isolation import _a_deal

    url = f"/api/v1/deals/{_a_deal(world)}/approve"
    response = api.client.generic("POST", url, **api._headers(None))
    assert response.status_code == 200


@pytest.mark.django_db
def test_a_body_over_its_operations_limit_is_refused_before_it_is_read(world: World) -> None:
    api = ApiClient(world.admin)
    big = json.dumps({"description": "x" * 3_000_000})
    response = api.client.patch(
        f"/api/v1/partners/{world.partner_a.pk}",
        big,
        content_type="application/json",
        **api._headers(None),
    )
    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    assert "2,621,440" in response.json()["detail"]
    documented = SCHEMA_DOC["paths"]["/api/v1/partners/{partner_id}"]["patch"]["responses"]
    assert "2.5 MiB" in documented[413]["description"]


@pytest.mark.django_db
def test_an_account_list_of_30000_accounts_is_taken_as_documented(world: World) -> None:
    from trellis.cosell.models import AccountListUpload

    accounts = [
        {"name": f"Acme Industrial Holdings {i}", "domain": f"acme{i}.example", "country": "DE"}
        | {"status": "customer"}
        for i in range(30_000)
    ]
    body = json.dumps({"accounts": accounts})
    assert len(body) > 2_621_440  # what Django alone would have refused
    api = ApiClient(world.a_admin)
    response = api.client.put(
        "/api/v1/account-list", body, content_type="application/json", **api._headers(None)
    )
    assert response.status_code in (200, 202), response.content[:300]
    assert AccountListUpload.objects.get(pk=response.json()["upload"]).accounts == 30_000


@pytest.mark.django_db
def test_api_answers_are_never_cached_and_the_docs_cannot_be_framed(world: World) -> None:
    api = ApiClient(world.a_admin)
    assert api.get("/api/v1/me")["Cache-Control"] == "no-store"
    assert api.get("/api/v1/deals/99")["Cache-Control"] == "no-store"  # errors too
    docs = api.client.get("/api/v1/docs")
    assert docs["X-Frame-Options"] == "DENY"
    assert docs["Cache-Control"] == "no-store"


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["abc", "1.5", "-1", "0", str(TOO_BIG)])
def test_an_id_in_the_path_that_is_no_id_is_refused_as_documented(world: World, value: str) -> None:
    response = ApiClient(world.admin).get(f"/api/v1/deals/{value}")
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "deal_id"
    documented = SCHEMA_DOC["paths"]["/api/v1/deals/{deal_id}"]["get"]["responses"]
    assert {401, 404, 422} <= set(documented)


@pytest.mark.django_db
def test_coordinates_are_degrees_on_the_globe(world: World) -> None:
    response = ApiClient(world.admin).post(
        "/api/v1/leads",
        {
            "customer": {"name": "Globe GmbH", "country": "DE", "latitude": 91, "longitude": 0},
            "contact": {"name": "A", "email": "a@globe.test"},
            "products": ["PLA-001"],
        },
    )
    assert _refused_naming(response, "customer.latitude"), response.content


@pytest.mark.django_db
def test_an_over_long_address_is_refused_as_documented(world: World) -> None:
    response = ApiClient(world.admin).get("/api/v1/partners", q="ü" * 1000, family="x" * 2000)
    assert response.status_code == 414
    assert response["Content-Type"] == "application/problem+json"
    documented = SCHEMA_DOC["paths"]["/api/v1/partners"]["get"]["responses"]
    assert "4,096" in documented[414]["description"]


@pytest.mark.django_db
@pytest.mark.parametrize("program", [999_999, 65_994_633_141])
def test_a_lead_for_a_program_that_does_not_exist_is_refused(world: World, program: int) -> None:
    from trellis.leads.models import Lead

    response = ApiClient(world.admin).post(
        "/api/v1/leads",
        {
            "customer": {"name": "Nowhere GmbH", "country": "DE"},
            "contact": {"name": "A", "email": "a@nowhere.test"},
            "program": program,
        },
    )
    assert _refused_naming(response, "program"), response.content  # was a 500 (foreign key)
    assert not Lead.objects.exists()
