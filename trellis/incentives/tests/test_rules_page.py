"""Finance sets rules from the console: a new rule, and new terms for one from a date; wrong
terms are refused on their field and nothing changes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from tests.fixtures import World, login
from trellis.incentives.models import IncentiveRule, RuleVersion

pytestmark = pytest.mark.django_db


def test_finance_adds_a_rule_and_new_terms(incentives_world: World) -> None:
    w = incentives_world
    client = login(Client(), w.finance)  # type: ignore[attr-defined]
    url = reverse("console:incentive_rules")
    page = client.get(url).content.decode()
    assert "10 % of the first-year revenue" in page and "Add a rule" in page
    sent = client.post(
        url,
        {
            "new": "1",
            "new-program": w.program.pk,
            "new-currency": "USD",
            "new-name": "Holiday SPIFF",
            "new-kind": "spiff",
            "new-sku": "SEC-100",
            "new-amount": "300",
            "new-starts": "2030-12-01",
            "new-ends": "2030-12-31",
        },
    )
    assert sent.status_code == 302
    spiff = IncentiveRule.objects.get(name="Holiday SPIFF")
    assert spiff.versions.get().params == {"sku": "SEC-100", "amount": 300.0}
    rebate = w.rules["rebate"]  # type: ignore[attr-defined]
    changed = client.post(
        url,
        {
            "rule": rebate.pk,
            f"r{rebate.pk}-bands": "0:1, 80000:2.5",
            f"r{rebate.pk}-family": "security",
            f"r{rebate.pk}-min_deals": "2",
            f"r{rebate.pk}-multiplier": "1.25",
            f"r{rebate.pk}-starts": "2031-01-01",
        },
    )
    assert changed.status_code == 302
    latest = rebate.versions.order_by("-number").first()
    assert latest.params == {
        "bands": [[0, 1], [80000, 2.5]],
        "accelerator": {"family": "security", "min_deals": 2, "multiplier": 1.25},
    }
    assert rebate.versions.get(number=1).ends == dt.date(2030, 12, 31)


def test_wrong_terms_are_refused_on_their_field(incentives_world: World) -> None:
    w = incentives_world
    client = login(Client(), w.finance)  # type: ignore[attr-defined]
    rebate = w.rules["rebate"]  # type: ignore[attr-defined]
    before = RuleVersion.objects.count()
    page = client.post(
        reverse("console:incentive_rules"),
        {
            "rule": rebate.pk,
            f"r{rebate.pk}-bands": "0:1, 0:2",
            f"r{rebate.pk}-starts": "2031-01-01",
        },
    )
    assert page.status_code == 200
    assert "each above the one before" in page.content.decode()
    assert RuleVersion.objects.count() == before
    partner = login(Client(), w.a_admin)
    assert partner.post(reverse("console:incentive_rules"), {"new": "1"}).status_code == 404
