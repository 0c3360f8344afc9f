"""Every string the API takes has a length limit the schema states, and the API holds to it.

The sweep sends an over-long value to every string field of every POST, PUT and PATCH
operation in the published schema, as someone who may see the object, and expects 422 with
the field named and nothing changed (no audit event written).
"""

from __future__ import annotations

import importlib
import json
from typing import Any, Literal, get_args, get_origin

import pytest
from django.db import models

from config.api import api
from tests.fixtures import ApiClient, World, _partner, _user
from trellis.core.models import DomainEvent

SCHEMA_DOC = api.get_openapi_schema(path_prefix="/api/v1/")
COMPONENTS = SCHEMA_DOC["components"]["schemas"]


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = COMPONENTS[schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _string_fields(schema: dict[str, Any], path: str = "") -> list[tuple[str, dict[str, Any]]]:
    """Every string (path, schema) below ``schema``; list items as ``[]``."""
    schema = _resolve(schema)
    out: list[tuple[str, dict[str, Any]]] = []
    for key in ("anyOf", "oneOf", "allOf"):
        for sub in schema.get(key, []):
            out += _string_fields(sub, path)
    kind = schema.get("type")
    if kind == "string":
        out.append((path, schema))
    elif kind == "object":
        for name, sub in schema.get("properties", {}).items():
            out += _string_fields(sub, f"{path}.{name}" if path else name)
    elif kind == "array":
        out += _string_fields(schema.get("items", {}), path + "[]")
    return out


def _inputs() -> list[tuple[str, str, str, dict[str, Any]]]:
    """(method, path, field, schema) of every string an operation reads, body and query."""
    out = []
    for path, operations in SCHEMA_DOC["paths"].items():
        for method, op in operations.items():
            for param in op.get("parameters", []):
                for field, schema in _string_fields(param.get("schema", {}), param["name"]):
                    out.append((method.upper(), path, "?" + field, schema))
            body = op.get("requestBody", {}).get("content", {}).get("application/json")
            if body:
                for field, schema in _string_fields(body["schema"]):
                    out.append((method.upper(), path, field, schema))
    return out


def test_every_string_the_api_takes_states_its_length_or_values() -> None:
    inputs = _inputs()
    assert len(inputs) > 100
    loose = [
        f"{method} {path} {field}"
        for method, path, field, schema in inputs
        if "maxLength" not in schema and "enum" not in schema and "format" not in schema
    ]
    assert not loose, loose


@pytest.mark.parametrize(
    "app",
    ["deals", "leads", "partners", "cosell", "customers", "lifecycle", "funds", "incentives"],
)
def test_enumerated_api_values_are_the_choices_the_database_keeps(app: str) -> None:
    """Each ``XValue`` Literal in an app's choices equals the ``X`` choices it mirrors."""
    choices = importlib.import_module(f"trellis.{app}.choices")
    literals = {
        name: value
        for name, value in vars(choices).items()
        if name.endswith("Value") and get_origin(value) is Literal
    }
    assert literals
    for name, literal in literals.items():
        mirrored = getattr(choices, name.removesuffix("Value"), None)
        mirrored = mirrored or getattr(
            choices, name.removesuffix("Value").removeprefix("CoSell"), None
        )
        if mirrored is None or not (
            isinstance(mirrored, type) and issubclass(mirrored, models.TextChoices)
        ):
            continue  # a subset made for one field (an outcome, an update): checked by its tests
        assert set(get_args(literal)) == set(mirrored.values), name


def _objects(world: World) -> dict[str, int]:
    """One of everything an operation's path can name, visible to the vendor's admin."""
    from tests.test_isolation import _a_conflict, _a_cosell, _a_lead
    from trellis.cosell import services as cosell

    cosell_id, step_id, deal_id = _a_cosell(world)
    echo = _partner("Echo Ops", "echo.test", "DE", world.cm, kind="msp")
    eve = _user("eve@echo.test", ["partner_admin"], echo, "Eve Echo")
    introduction = cosell.introduction_request(
        actor=world.actor(world.a_sales), requester=world.partner_a, target=echo, need="Ops"
    )
    cosell.introduction_broker(actor=world.actor(world.cm), introduction=introduction, forward=True)
    cosell.introduction_answer(actor=world.actor(eve), introduction=introduction, accept=True)
    bundle = cosell.bundle_create(
        actor=world.actor(world.a_sales),
        data=cosell.BundleInput(
            name="Sweep bundle", summary="s", products=["PLA-001"], countries=["DE"], service="x"
        ),
    )
    member = cosell.bundle_invite(
        actor=world.actor(world.a_sales), bundle=bundle, partner=echo, service="Ops"
    )
    from trellis.deals.services import deal_register
    from trellis.deals.tests.conftest import deal_input

    named = deal_register(
        actor=world.actor(world.a_sales),
        partner=world.partner_a,
        data=deal_input("Named Co AG", co_seller_ids=[echo.pk]),
    )
    from tests.isolation_funds import alpha_funds
    from tests.isolation_lifecycle import an_application

    funds = alpha_funds(world)
    from tests.isolation_incentives import alpha_earnings

    earnings = alpha_earnings(world)
    return {
        "statement_id": earnings.statement.pk,
        "line_id": earnings.dispute.line_id,
        "dispute_id": earnings.dispute.pk,
        "rule_id": earnings.rule.pk,
        "fund_id": funds.fund.pk,
        "mdf_request_id": funds.request.pk,
        "mdf_claim_id": funds.claim.pk,
        "application_id": an_application(world).pk,
        "deal_id": deal_id,
        "lead_id": _a_lead(world),
        "cosell_id": cosell_id,
        "step_id": step_id,
        "introduction_id": introduction.pk,
        "bundle_id": bundle.pk,
        "member_id": member.pk,
        "conflict_id": _a_conflict(world),
        "partner_id": world.partner_a.pk,
        "program_id": world.program.pk,
        "request_id": named.co_seller_links.get().pk,
        "account_id": world.customer_a.pk,  # brought in by partner A: B cannot see it
    }


def _body_with(field: str, value: Any) -> Any:
    """The smallest JSON body that puts ``value`` at ``field`` (``a.b``, ``a[]``, ``a[].b``)."""
    head, _, rest = field.partition(".")
    if head.endswith("[]"):
        inner: Any = _body_with(rest, value) if rest else value
        return {head[:-2]: [inner]}
    return {head: _body_with(rest, value) if rest else value}


def _named(field: str) -> str:
    return field.replace("[]", ".0")


@pytest.mark.django_db
def test_an_over_long_value_in_any_field_is_refused_with_the_field_named_and_nothing_changed(
    world: World,
) -> None:
    ids = _objects(world)
    clients = [ApiClient(world.admin), ApiClient(world.a_admin), ApiClient(world.a_sales)]
    events = DomainEvent.objects.count()
    failures = []
    swept = 0
    for method, path, field, schema in _inputs():
        if method not in ("POST", "PUT", "PATCH") or field.startswith("?"):
            continue
        if "maxLength" not in schema:
            continue  # an enum: any other value is refused as unknown, tested elsewhere
        url = path.format(**ids)
        body = json.dumps(_body_with(field, "x" * (schema["maxLength"] + 1)))
        answers = []
        for client in clients:
            response = getattr(client.client, method.lower())(
                url, body, content_type="application/json", **client._headers(None)
            )
            answers.append(response.status_code)
            if response.status_code == 422:
                named = [e["field"] for e in response.json()["errors"]]
                if _named(field) in named:
                    break
                answers.append(named)
        else:
            failures.append(f"{method} {url} {field}: {answers}")
        swept += 1
    assert swept > 60
    assert not failures, failures
    assert DomainEvent.objects.count() == events


def _object_operations() -> list[tuple[str, str]]:
    return [
        (method.upper(), path)
        for path, operations in SCHEMA_DOC["paths"].items()
        for method in operations
        if method in ("post", "put", "patch") and "{" in path
    ]


@pytest.mark.django_db
def test_another_partner_gets_404_on_every_object_whatever_it_sends(world: World) -> None:
    ids = _objects(world)
    other = ApiClient(world.b_admin)
    events = DomainEvent.objects.count()
    bodies = ["", "{}", '{"note": "' + "x" * 10_000 + '"}', "[1, 2]", "not json"]
    answers = {}
    operations = _object_operations()
    assert len(operations) > 25
    for method, path in operations:
        url = path.format(**ids)
        for body in bodies:
            response = getattr(other.client, method.lower())(
                url, body, content_type="application/json", **other._headers(None)
            )
            if response.status_code != 404:
                answers[f"{method} {url} {body[:20]!r}"] = response.status_code
    assert not answers, answers
    assert DomainEvent.objects.count() == events


@pytest.mark.django_db
def test_an_action_whose_fields_are_all_optional_takes_an_empty_body(world: World) -> None:
    from tests.test_isolation import _a_deal

    deal_id = _a_deal(world)
    staff = ApiClient(world.cm)
    response = staff.client.post(
        f"/api/v1/deals/{deal_id}/approve",
        "",
        content_type="application/json",
        **staff._headers(None),
    )
    assert response.status_code == 200 and response.json()["status"] == "approved"
    response = staff.client.post(
        f"/api/v1/deals/{deal_id}/extend",
        "",
        content_type="application/json",
        **staff._headers(None),
    )
    assert response.status_code in (200, 409)  # answered on its merits, not the body


@pytest.mark.django_db
@pytest.mark.parametrize("body", ["[null, null]", '"text"', "123", "null"])
def test_a_body_that_is_not_a_json_object_is_refused_and_changes_nothing(
    world: World, body: str
) -> None:
    api = ApiClient(world.admin)
    before = DomainEvent.objects.count()
    response = api.client.patch(
        f"/api/v1/partners/{world.partner_a.pk}",
        body,
        content_type="application/json",
        **api._headers(None),
    )
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "body"
    assert response["Content-Type"] == "application/problem+json"
    assert DomainEvent.objects.count() == before


def test_the_schema_documents_errors_as_problem_json_with_the_shared_statuses() -> None:
    deal = SCHEMA_DOC["paths"]["/api/v1/deals/{deal_id}"]["get"]["responses"]
    assert {"200", "401", "404", "422", "429"} <= {str(s) for s in deal}
    for path, operations in SCHEMA_DOC["paths"].items():
        for op in operations.values():
            for status, response in op["responses"].items():
                if int(status) >= 400:
                    assert list(response.get("content", {})) == ["application/problem+json"], path


def test_no_two_api_schemas_share_a_name() -> None:
    import ast
    from collections import Counter
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "trellis"
    names = Counter(
        node.name
        for path in root.rglob("*.py")
        if "tests" not in path.parts
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.ClassDef)
        and any(getattr(b, "id", "") in ("Schema", "BaseModel") for b in node.bases)
    )
    assert not [name for name, n in names.items() if n > 1]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("city", "Ber\u0000lin", "NUL"),
        ("city", "Ber\ud800lin", "Unicode"),
        ("city", "Ber\nlin", "one line"),
        ("description", "Fine\u0007", "control characters"),
    ],
)
def test_text_with_nul_surrogates_or_control_characters_is_refused(
    world: World, field: str, value: str, says: str
) -> None:
    api = ApiClient(world.admin)
    before = DomainEvent.objects.count()
    body = json.dumps({field: value})  # \\ud800 travels as a JSON escape, as clients send it
    response = api.client.patch(
        f"/api/v1/partners/{world.partner_a.pk}",
        body,
        content_type="application/json",
        **api._headers(None),
    )
    assert response.status_code == 422, response.content
    error = response.json()["errors"][0]
    assert error["field"] == field and says in error["message"]
    assert DomainEvent.objects.count() == before


@pytest.mark.django_db
def test_line_breaks_in_a_customer_name_are_refused_before_any_mail_is_built(
    world: World,
) -> None:
    from trellis.deals.models import DealRegistration

    body = {
        "customer": {"name": "Evil Corp\r\nBcc: everyone@example.com", "country": "DE"},
        "products": ["PLA-001"],
        "amount": "1000",
        "currency": "EUR",
        "expected_close": "2030-01-01",
    }
    response = ApiClient(world.a_sales).post("/api/v1/deals", body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "customer.name"
    assert not DealRegistration.objects.exists()


@pytest.mark.django_db
def test_a_nul_in_a_search_is_refused_not_a_server_error(world: World) -> None:
    response = ApiClient(world.admin).get("/api/v1/partners", q="a\u0000b")
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "q"


def test_multi_line_fields_keep_their_line_breaks() -> None:
    from trellis.deals.api import DealPatch

    assert DealPatch.model_validate({"description": "one\ntwo\ttabbed"}).description
