"""The incentives API as an integration uses it: rules, imports, statements with their lines,
approval and payment, disputes; problems name what is wrong."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.fixtures import ApiClient, World

from .conftest import last_month, period_of, won

pytestmark = pytest.mark.django_db


def test_rules_are_versioned_and_checked(incentives_world: World) -> None:
    w = incentives_world
    api = ApiClient(w.finance)  # type: ignore[attr-defined]
    made = api.post(
        "/api/v1/incentive-rules",
        {
            "program": w.program.pk,
            "name": "Spring SPIFF",
            "kind": "spiff",
            "params": {"sku": "SEC-100", "amount": 300},
            "starts": "2030-03-01",
            "ends": "2030-05-31",
        },
    )
    assert made.status_code == 201, made.content
    rule = made.json()
    again = api.post(
        f"/api/v1/incentive-rules/{rule['id']}/versions",
        {"params": {"sku": "SEC-100", "amount": 400}, "starts": "2030-04-01"},
    )
    assert again.status_code == 201
    assert [(v["number"], v["ends"]) for v in again.json()["versions"]] == [
        (2, None),
        (1, "2030-03-31"),
    ]
    bad = api.post(
        "/api/v1/incentive-rules",
        {
            "program": w.program.pk,
            "name": "Broken rebate",
            "kind": "rebate",
            "params": {"bands": [[0, 1], [0, 150]], "accelerator": {"family": ""}},
            "starts": "2030-01-01",
        },
    )
    assert bad.status_code == 422
    fields = {e["field"] for e in bad.json()["errors"]}
    assert {"bands", "accelerator"} <= fields
    listed = ApiClient(w.a_admin).get("/api/v1/incentive-rules", program=w.program.pk).json()
    assert "Spring SPIFF" in {r["name"] for r in listed}  # partners read their program's terms


def test_statements_with_lines_approval_payment_and_dispute(incentives_world: World) -> None:
    w = incentives_world
    day = last_month()
    won(w, "20000", day, currency="EUR", deal_type="referral")
    finance = ApiClient(w.finance)  # type: ignore[attr-defined]
    computed = finance.post(
        "/api/v1/statements/compute", {"program": w.program.pk, "period": period_of(day)}
    )
    assert computed.json() == {"statements": 1}
    partner = ApiClient(w.a_admin)
    items = partner.get("/api/v1/statements").json()["items"]
    assert [i["status"] for i in items] == ["draft"]
    detail = partner.get(f"/api/v1/statements/{items[0]['id']}").json()
    line = detail["lines"][0]
    assert line["rule"] == "Referral fee" and line["rule_version"] == 1
    assert line["source"] == "deal" and line["source_currency"] == "EUR"
    assert Decimal(line["amount"]) == (Decimal(line["base"]) / 10).quantize(Decimal("0.01"))
    assert line["fx_day"] is not None and "half to even" in detail["rounding"]
    # Finance approves; the partner disputes the line; finance rejects with a reason.
    approved = finance.post(f"/api/v1/statements/{detail['id']}/approve", {})
    assert approved.json()["status"] == "approved"
    opened = partner.post(
        f"/api/v1/statement-lines/{line['id']}/disputes", {"comment": "Rate should be 12 %"}
    )
    assert opened.status_code == 201
    dispute = opened.json()
    replied = finance.post(
        f"/api/v1/disputes/{dispute['id']}/messages", {"comment": "The plan pays 10 %."}
    )
    assert [m["vendor"] for m in replied.json()["messages"]] == [False, True]
    rejected = finance.post(f"/api/v1/disputes/{dispute['id']}/reject", {"comment": "10 % holds."})
    assert rejected.json()["status"] == "rejected"
    closed = partner.post(f"/api/v1/disputes/{dispute['id']}/messages", {"comment": "But"})
    assert closed.status_code == 409
    paid = finance.post(f"/api/v1/statements/{detail['id']}/pay", {"reference": "SEPA-77"})
    assert paid.json()["status"] == "paid" and paid.json()["payment_reference"] == "SEPA-77"
    refused = partner.post(f"/api/v1/statements/{detail['id']}/pay", {"reference": "x"})
    assert refused.status_code == 403


def test_sales_import_all_or_nothing(incentives_world: World) -> None:
    w = incentives_world
    day = last_month(20)
    api = ApiClient(w.finance)  # type: ignore[attr-defined]
    good = {
        "partner": w.partner_a.pk,
        "kind": "marketplace",
        "sold_on": day.isoformat(),
        "reference": "AWS-1",
        "customer": "Acme GmbH",
        "amount": "5000.00",
        "currency": "USD",
    }
    bad = {**good, "reference": "AWS-2", "amount": "-1"}
    body = {"program": w.program.pk, "period": period_of(day), "rows": [good, bad]}
    refused = api.post("/api/v1/reported-sales", body)
    assert refused.status_code == 422 and "Row 2" in refused.json()["detail"]
    body["rows"] = [good]
    assert api.post("/api/v1/reported-sales", body).json() == {"imported": 1}


def test_a_day_is_written_as_a_date_not_a_number(incentives_world: World) -> None:
    w = incentives_world
    answer = ApiClient(w.finance).post(  # type: ignore[attr-defined]
        "/api/v1/incentive-rules",
        {"program": w.program.pk, "name": "x", "kind": "uplift", "params": {}, "starts": 0},
    )
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "starts"
    bad_month = ApiClient(w.finance).post(  # type: ignore[attr-defined]
        "/api/v1/statements/compute", {"program": w.program.pk, "period": "0000-01"}
    )
    assert bad_month.status_code == 422
