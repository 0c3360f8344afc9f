"""Console settings for programs, tiers, rules of engagement and lead routing: audited,
validated, read-only for staff who may not change them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.fixtures import World, login
from trellis.core.models import DomainEvent
from trellis.deals.models import RulesOfEngagement
from trellis.leads.models import RoutingRules
from trellis.partners.models import Program, Tier, TierRequirement

pytestmark = pytest.mark.django_db


def _admin(world: World) -> Client:
    return login(Client(), world.admin)


def _tier_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "name": "Platinum",
        "rank": "3",
        "discount_pct": "30",
        "deal_reg_uplift_pct": "5",
        "lead_priority": "3",
        "mdf_eligible": "on",
        "annual_revenue": "500000",
    }
    data.update(overrides)
    return data


def test_a_new_program_starts_with_an_entry_tier_and_is_audited(world: World) -> None:
    response = _admin(world).post(
        reverse("console:program_new"),
        {"name": "MSP program", "slug": "msp", "description": "For managed services"},
    )
    program = Program.objects.get(slug="msp")
    assert response.status_code == 302
    assert list(program.tiers.values_list("rank", flat=True)) == [1]
    verbs = set(DomainEvent.objects.values_list("verb", flat=True))
    assert {"program.created", "tier.created"} <= verbs
    page = _admin(world).get(reverse("console:program_detail", args=[program.pk]))
    assert "MSP program" in page.content.decode()


def test_a_program_code_already_used_is_refused_on_its_field(world: World) -> None:
    response = _admin(world).post(
        reverse("console:program_new"), {"name": "Another", "slug": "reseller"}
    )
    assert response.status_code == 200
    assert "Another program already uses this code." in response.content.decode()
    assert Program.objects.count() == 1


def test_a_tier_is_created_with_its_requirements_and_both_are_audited(world: World) -> None:
    url = reverse("console:tier_new", args=[world.program.pk])
    response = _admin(world).post(url, _tier_data(certifications="4"))
    assert response.status_code == 302
    tier = Tier.objects.get(program=world.program, name="Platinum")
    assert tier.mdf_eligible and tier.discount_pct == Decimal("30")
    assert dict(TierRequirement.objects.filter(tier=tier).values_list("metric", "threshold")) == {
        "annual_revenue": Decimal("500000"),
        "certifications": Decimal("4"),
    }
    event = DomainEvent.objects.get(verb="tier.requirements_changed")
    assert event.after == {"annual_revenue": "500000.00", "certifications": "4.00"}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"rank": "2"}, "Another tier of this program has this rank."),
        ({"name": "Gold"}, "Another tier of this program has this name."),
        ({"discount_pct": "120"}, "A discount is between 0 and 100 percent."),
        ({"rank": "0"}, "Ranks start at 1."),
        ({"annual_revenue": "-5"}, "greater than or equal to 0"),
        ({"discount_pct": "abc"}, "Enter a number."),
    ],
)
def test_a_bad_tier_is_refused_with_the_reason_and_nothing_changes(
    world: World, change: dict[str, str], message: str
) -> None:
    before = DomainEvent.objects.count()
    response = _admin(world).post(
        reverse("console:tier_new", args=[world.program.pk]), _tier_data(**change)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Tier.objects.filter(program=world.program).count() == 2
    assert DomainEvent.objects.count() == before


def test_editing_a_tier_records_only_what_changed(world: World) -> None:
    url = reverse("console:tier_edit", args=[world.program.pk, world.gold.pk])
    data = _tier_data(name="Gold", rank="2", discount_pct="25", annual_revenue="")
    _admin(world).post(url, data)
    event = DomainEvent.objects.get(verb="tier.updated")
    assert event.before["discount_pct"] == "20.00" and event.after["discount_pct"] == "25.00"
    assert "name" not in event.after


def test_a_tier_partners_hold_cannot_be_deleted_an_empty_one_can(world: World) -> None:
    client = _admin(world)
    client.post(reverse("console:tier_delete", args=[world.program.pk, world.gold.pk]))
    assert Tier.objects.filter(pk=world.gold.pk).exists()
    empty = Tier.objects.create(program=world.program, name="Bronze", rank=5)
    client.post(reverse("console:tier_delete", args=[world.program.pk, empty.pk]))
    assert not Tier.objects.filter(pk=empty.pk).exists()
    assert DomainEvent.objects.filter(verb="tier.deleted", object_id=str(empty.pk)).exists()


def test_a_tier_of_another_program_answers_404_under_this_one(world: World) -> None:
    other = Program.objects.create(slug="msp", name="MSP")
    response = _admin(world).get(reverse("console:tier_edit", args=[other.pk, world.gold.pk]))
    assert response.status_code == 404


def test_a_channel_manager_reads_the_settings_but_cannot_change_them(world: World) -> None:
    client = login(Client(), world.cm)
    url = reverse("console:tier_edit", args=[world.program.pk, world.gold.pk])
    page = client.get(url).content.decode()
    assert "disabled" in page and "Save changes" not in page
    client.post(url, _tier_data(name="Gold", rank="2", discount_pct="99"))
    world.gold.refresh_from_db()
    assert world.gold.discount_pct == Decimal("20")
    rules_url = reverse("console:program_rules", args=[world.program.pk])
    client.post(rules_url, {"protection_days": "999"})
    assert not DomainEvent.objects.filter(verb="program.rules_changed").exists()


def _rules_data(**overrides: str) -> dict[str, str]:
    data = {
        "protection_days": "120",
        "sla_hours": "16",
        "extension_days": "30",
        "max_extensions": "2",
        "max_open_per_partner": "",
        "expiry_warning_days": "10",
        "direct_accounts": "review",
        "family_protection": "review",
        "auto_approve_max_amount": "25000",
        "auto_approve_currency": "EUR",
        "family_overlap_conflicts": "on",
        "auto_approve": "on",
    }
    data.update(overrides)
    return data


def test_rules_of_engagement_are_saved_and_the_change_is_audited(world: World) -> None:
    url = reverse("console:program_rules", args=[world.program.pk])
    assert _admin(world).post(url, _rules_data()).status_code == 302
    rules = RulesOfEngagement.objects.get(program=world.program)
    assert (rules.protection_days, rules.auto_approve_currency) == (120, "EUR")
    event = DomainEvent.objects.get(verb="program.rules_changed")
    assert event.after["protection_days"] == 120 and event.before["protection_days"] == 90


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"protection_days": "0"}, "Protection lasts at least one day."),
        ({"sla_hours": "0"}, "The decision deadline is at least one hour."),
        ({"auto_approve_currency": "XXX"}, "Select a valid choice."),
        ({"auto_approve_max_amount": "-1"}, "The automatic approval limit cannot be negative."),
        ({"direct_accounts": "maybe"}, "Select a valid choice."),
    ],
)
def test_bad_rules_are_refused_with_the_reason(
    world: World, change: dict[str, str], message: str
) -> None:
    url = reverse("console:program_rules", args=[world.program.pk])
    response = _admin(world).post(url, _rules_data(**change))
    assert response.status_code == 200 and message in response.content.decode()
    assert not DomainEvent.objects.filter(verb="program.rules_changed").exists()


def _routing_data(**overrides: str | list[str]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "mode": "offer_one",
        "offer_count": "2",
        "acceptance_hours": "24",
        "followup_days": "7",
        "pullback_grace_days": "3",
        "allowed_types": ["reseller", "msp"],
        **{f"weight_{f}": "1" for f in ("expertise", "proximity", "tier", "acceptance")},
        **{f"weight_{f}": "1" for f in ("win_rate", "response", "load", "fairness")},
    }
    data.update(overrides)
    return data


def test_routing_rules_and_weights_are_saved_together(world: World) -> None:
    url = reverse("console:program_routing", args=[world.program.pk])
    response = _admin(world).post(url, _routing_data(weight_expertise="4.5"))
    assert response.status_code == 302
    rules = RoutingRules.objects.get(program=world.program)
    assert rules.allowed_types == ["msp", "reseller"]
    assert rules.weights().expertise == 4.5 and rules.acceptance_hours == 24
    assert DomainEvent.objects.filter(verb="program.routing_changed").count() == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {f"weight_{f}": "0" for f in ("expertise", "proximity", "tier", "acceptance")}
            | {f"weight_{f}": "0" for f in ("win_rate", "response", "load", "fairness")},
            "Give at least one factor a weight above 0.",
        ),
        ({"weight_tier": "11"}, "A weight is at most 10."),
        ({"weight_tier": "-1"}, "A weight cannot be negative."),
        ({"weight_tier": "nan"}, "Enter a number."),
        ({"allowed_types": ["wizard"]}, "Select a valid choice."),
        ({"acceptance_hours": "0"}, "Partners need at least one hour to accept."),
    ],
)
def test_bad_routing_settings_are_refused_with_the_reason(
    world: World, change: dict[str, Any], message: str
) -> None:
    url = reverse("console:program_routing", args=[world.program.pk])
    response = _admin(world).post(url, _routing_data(**change))
    assert response.status_code == 200 and message in response.content.decode()
    assert not DomainEvent.objects.filter(verb="program.routing_changed").exists()


def test_the_programs_page_reads_in_a_fixed_number_of_queries(world: World) -> None:
    client = _admin(world)
    url = reverse("console:program_list")
    client.get(url)
    for n in range(3):
        Program.objects.create(slug=f"p{n}", name=f"Program {n}")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) <= 8, [q["sql"] for q in queries]


def test_a_specialization_is_named_in_each_portal_language(world: World) -> None:
    from django.utils import translation

    from trellis.partners.models import Specialization

    response = _admin(world).post(
        reverse("console:specialization_new"),
        {"slug": "security", "name": "Security", "name_de": "Sicherheit", "name_ja": " "},
    )
    assert response.status_code == 302
    spec = Specialization.objects.get(slug="security")
    assert spec.names == {"de": "Sicherheit"}
    with translation.override("de"):
        assert str(spec) == "Sicherheit"
    with translation.override("ja"):
        assert str(spec) == "Security"
    assert DomainEvent.objects.filter(verb="specialization.created").exists()
    again = _admin(world).post(
        reverse("console:specialization_new"), {"slug": "security", "name": "X"}
    )
    assert again.status_code == 200 and "already exists" in again.content.decode()
