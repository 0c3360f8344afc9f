"""Registering: the conflict check, every rule of engagement, bad input."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from tests.fixtures import World
from trellis.core import stamps
from trellis.core.exceptions import InvalidInput, PermissionDenied
from trellis.core.models import DomainEvent, Notification
from trellis.customers.models import CustomerAccount
from trellis.deals import services
from trellis.deals.choices import CheckOutcome, ConflictKind, DealStatus
from trellis.deals.models import (
    ConflictLog,
    DealClaim,
    DealRegistration,
    DirectOpportunity,
    RulesOfEngagement,
)
from trellis.deals.reasons import all_words, note_words
from trellis.deals.services import (
    DirectAccountExcluded,
    DuplicateRegistration,
    RegistrationConflict,
)

from .conftest import deal_input, register

pytestmark = pytest.mark.django_db


def test_clear_registration_under_the_threshold_is_approved_automatically_with_its_reason(
    deals_world: World,
) -> None:
    deal = register(deals_world, deals_world.a_sales)
    assert deal.status == DealStatus.APPROVED and deal.auto_decided
    assert deal.check_outcome == CheckOutcome.CLEAR
    note = note_words(deal.decision_note)
    assert "Approved automatically" in note and "$50,000.00" in note
    from django.utils import translation

    with translation.override("de"):
        assert "50.000,00" in note_words(deal.decision_note)  # amounts as the reader writes them
    assert deal.protected_until.date() == timezone.localdate() + dt.timedelta(days=90)
    assert deal.uplift_pct == Decimal("3.00")  # partner A is Silver
    verbs = list(
        DomainEvent.objects.filter(
            object_id=str(deal.pk), object_type="deals.dealregistration"
        ).values_list("verb", flat=True)
    )
    assert set(verbs) == {"deal.created", "deal.submitted", "deal.approved"}
    assert Notification.objects.filter(user=deals_world.a_sales, verb="deal.approved").exists()
    assert any("approved" in m.subject for m in mail.outbox)


def test_large_registration_waits_for_the_channel_manager_with_an_sla(deals_world: World) -> None:
    deal = register(deals_world, deals_world.a_sales, amount="250000")
    assert deal.status == DealStatus.SUBMITTED and deal.sla_due_at > timezone.now()
    approved = services.deal_approve(
        actor=deals_world.actor(deals_world.cm), deal=deal, note="Strategic account"
    )
    assert approved.status == DealStatus.APPROVED and not approved.auto_decided
    assert approved.decided_by == deals_world.cm and approved.sla_due_at is None


def test_second_registration_of_same_customer_loses_without_naming_the_first_registrant(
    deals_world: World,
) -> None:
    first = register(deals_world, deals_world.a_sales, name="Initrode GmbH", domain="initrode.de")
    with pytest.raises(RegistrationConflict) as raised:
        register(
            deals_world, deals_world.b_admin, name="INITRODE, G.m.b.H.", domain="www.initrode.de"
        )
    assert "Alpha" not in raised.value.message and "anna" not in raised.value.message
    log = ConflictLog.objects.get(pk=raised.value.conflict_id)
    assert (
        log.kind == ConflictKind.PARTNER
        and log.winning_deal == first
        and log.partner == deals_world.partner_b
    )
    assert any("same domain initrode.de" in e for e in log.evidence)
    assert (
        DealRegistration.objects.filter(partner=deals_world.partner_b).count() == 0
    )  # nothing half-saved


def test_partners_own_duplicate_is_rejected_and_named(deals_world: World) -> None:
    first = register(deals_world, deals_world.a_sales)
    with pytest.raises(DuplicateRegistration) as raised:
        register(deals_world, deals_world.a_admin, name="Initrode")
    assert f"#{first.pk}" in raised.value.message
    assert ConflictLog.objects.get(pk=raised.value.conflict_id).kind == ConflictKind.OWN_DUPLICATE


def test_other_product_family_is_no_conflict_unless_the_program_says_so(deals_world: World) -> None:
    register(deals_world, deals_world.a_sales, products=("PLA-001",))
    other = register(deals_world, deals_world.b_admin, products=("SEC-001",))
    assert other.status == DealStatus.APPROVED
    RulesOfEngagement.objects.update(family_overlap_conflicts=False)
    stamps.bump(stamps.PROGRAMS)  # as a change through the console would
    DealRegistration.objects.filter(pk=other.pk).update(status=DealStatus.REJECTED)
    DealClaim.objects.filter(deal=other).update(active=False)
    with pytest.raises(RegistrationConflict):
        register(deals_world, deals_world.b_admin, products=("SEC-001",))


def test_direct_accounts_are_routed_for_review_or_excluded_by_program_rule(
    deals_world: World,
) -> None:
    account = CustomerAccount.objects.create(
        name="Umbrella AG", name_normalized="umbrella", country="DE", is_direct=True
    )
    deal = register(deals_world, deals_world.a_sales, name="Umbrella AG", amount="1000")
    assert deal.status == DealStatus.SUBMITTED and deal.check_outcome == CheckOutcome.REVIEW
    assert any("vendor direct account" in r for r in all_words(deal.check_reasons))
    services.deal_reject(
        actor=deals_world.actor(deals_world.cm), deal=deal, reason="direct_account"
    )
    RulesOfEngagement.objects.update(direct_accounts="exclude")
    stamps.bump(stamps.PROGRAMS)  # as a change through the console would
    DirectOpportunity.objects.create(
        customer=account, family_id=deal.lines.get().family_id, name="Umbrella renewal"
    )
    with pytest.raises(DirectAccountExcluded):
        register(deals_world, deals_world.b_admin, name="Umbrella", products=("PLA-001",))


def test_possibly_same_company_is_flagged_for_review_with_the_evidence(deals_world: World) -> None:
    register(
        deals_world, deals_world.a_sales, name="Vandelay Industries", country="US", amount="1000"
    )
    # Same name, another country: not the same account, but a person should compare.
    deal = register(
        deals_world, deals_world.b_admin, name="Vandelay Industries", country="CA", amount="1000"
    )
    assert deal.status == DealStatus.SUBMITTED and deal.check_outcome == CheckOutcome.REVIEW
    reasons = all_words(deal.check_reasons)
    # The same name registered in another country is at most one group's unit there.
    assert any("registered in another country" in r and "different country" in r for r in reasons)
    assert deal.related_deals


def test_open_registration_limit(deals_world: World) -> None:
    RulesOfEngagement.objects.update(max_open_per_partner=1)
    stamps.bump(stamps.PROGRAMS)  # as a change through the console would
    register(deals_world, deals_world.a_sales, name="First Co")
    with pytest.raises(InvalidInput, match="open registrations"):
        register(deals_world, deals_world.a_sales, name="Second Co")


def test_suspended_or_onboarding_partner_is_not_auto_approved(deals_world: World) -> None:
    deals_world.partner_a.status = "onboarding"
    deals_world.partner_a.save()
    assert register(deals_world, deals_world.a_sales).status == DealStatus.SUBMITTED


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"amount": "-5"}, "amount"),
        ({"amount": "abc"}, "amount"),
        ({"amount": "10.123"}, "amount"),
        ({"currency": "XYZ"}, "currency"),
        ({"expected_close": dt.date(2020, 1, 1)}, "expected_close"),
        ({"products": ("NOPE-1",)}, "products"),
        ({"products": ()}, "products"),
        ({"name": "  "}, "customer.name"),
        ({"country": "XX"}, "customer.country"),
        ({"contact_email": "not-an-email"}, "contact.email"),
        ({"co_seller_ids": [987654]}, "co_sellers"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(
    deals_world: World, changes: dict, field: str
) -> None:
    accounts = CustomerAccount.objects.count()
    with pytest.raises(InvalidInput) as raised:
        register(deals_world, deals_world.a_sales, **changes)
    assert raised.value.field == field
    assert DealRegistration.objects.count() == 0 and CustomerAccount.objects.count() == accounts


def test_marketing_user_cannot_register(deals_world: World) -> None:
    from tests.fixtures import _user

    marketer = _user("mia@alpha.test", ["partner_marketing"], deals_world.partner_a)
    with pytest.raises(PermissionDenied):
        register(deals_world, marketer)


def test_vendor_staff_may_register_on_behalf_of_a_partner(deals_world: World) -> None:
    deal = services.deal_register(
        actor=deals_world.actor(deals_world.cm), partner=deals_world.partner_b, data=deal_input()
    )
    assert deal.partner == deals_world.partner_b and deal.created_by == deals_world.cm


def test_check_reasons_are_stored_as_codes_and_read_in_the_readers_language(
    deals_world: World,
) -> None:
    from django.utils import translation

    deal = register(deals_world, deals_world.a_sales)
    assert deal.check_reasons == [{"code": "clear"}]
    with translation.override("de"):
        german = all_words(deal.check_reasons)
    with translation.override("en"):
        english = all_words(deal.check_reasons)
    assert german != english and english == [
        "No other active registration, direct account or similar company found."
    ]


def test_a_unit_of_a_protected_customer_goes_to_review_never_to_an_automatic_refusal(
    deals_world: World,
) -> None:
    holder = register(deals_world, deals_world.a_sales, name="Quillon Aerospace GmbH")
    assert holder.status == DealStatus.APPROVED
    unit = register(
        deals_world, deals_world.b_admin, name="Quillon Aerospace Australia Pty Ltd", country="DE"
    )
    assert unit.status == DealStatus.SUBMITTED and unit.check_outcome == CheckOutcome.REVIEW
    assert unit.customer_id != holder.customer_id  # the unit is its own account
    assert [r["code"] for r in unit.check_reasons] == ["near_family"]
    assert unit.related_deals == [holder.pk]
    words = all_words(unit.check_reasons)[0]
    assert "same corporate family" in words and "family: " in words


def test_the_live_hint_calls_a_unit_of_a_known_company_its_family(deals_world: World) -> None:
    from django.test import Client
    from django.urls import reverse

    from tests.fixtures import login

    register(deals_world, deals_world.a_sales, name="Quillon Aerospace GmbH")
    client = login(Client(), deals_world.b_admin)
    page = client.get(
        reverse("portal:deal_hint"), {"customer_name": "Quillon Aerospace Australia Pty Ltd"}
    ).content.decode()
    assert "Same corporate family?" in page and "family: " in page
    assert "Alpha Systems" not in page  # never who holds it


def test_the_channel_manager_records_the_family_from_the_review(deals_world: World) -> None:
    from django.test import Client
    from django.urls import reverse

    from tests.fixtures import login
    from trellis.core.models import DomainEvent

    holder = register(deals_world, deals_world.a_sales, name="Quillon Aerospace GmbH")
    unit = register(
        deals_world, deals_world.b_admin, name="Quillon Aerospace Australia Pty Ltd", country="DE"
    )
    client = login(Client(), deals_world.cm)
    url = reverse("console:deal_family", args=[unit.pk])
    page = client.get(reverse("console:deal_detail", args=[unit.pk])).content.decode()
    assert "belongs to Quillon Aerospace GmbH" in page
    client.post(url, {"other": holder.pk, "direction": "unit"})
    unit.customer.refresh_from_db()
    assert unit.customer.parent_id == holder.customer_id
    assert DomainEvent.objects.filter(verb="account.parent_changed").count() == 1
    # The other way round now would be a loop: refused, nothing changes.
    client.post(url, {"other": holder.pk, "direction": "parent"}, follow=True)
    holder.customer.refresh_from_db()
    assert holder.customer.parent_id is None
    # Only a registration the review put beside it, and only as unit or parent.
    assert client.post(url, {"other": "999999", "direction": "unit"}).status_code == 404
    assert client.post(url, {"other": holder.pk, "direction": "owner"}).status_code == 404
    page = client.get(reverse("console:deal_detail", args=[unit.pk])).content.decode()
    assert "Part of Quillon Aerospace GmbH" in page


def test_the_api_records_a_parent_company_for_vendor_staff_only(deals_world: World) -> None:
    from tests.fixtures import ApiClient

    holder = register(deals_world, deals_world.a_sales, name="Quillon Aerospace GmbH")
    unit = register(
        deals_world, deals_world.b_admin, name="Quillon Aerospace Australia Pty Ltd", country="DE"
    )
    staff = ApiClient(deals_world.cm)
    path = f"/api/v1/accounts/{unit.customer_id}"
    answer = staff.patch(path, {"parent_id": holder.customer_id})
    assert answer.status_code == 200 and answer.json()["parent_id"] == holder.customer_id
    assert staff.patch(path, {"parent_id": unit.customer_id}).status_code == 422  # itself
    assert staff.patch(path, {"parent_id": 0}).status_code == 422
    assert staff.patch(path, ["x"]).status_code == 422
    assert staff.patch(path, {"parent_id": None}).json()["parent_id"] is None
    partner = ApiClient(deals_world.b_admin)
    assert partner.patch(path, {"parent_id": holder.customer_id}).status_code in (403, 404)
    unit.customer.refresh_from_db()
    assert unit.customer.parent_id is None


def test_a_program_that_protects_each_family_member_on_its_own_sends_no_review(
    deals_world: World,
) -> None:
    RulesOfEngagement.objects.update_or_create(
        program=deals_world.program, defaults={"family_protection": "separate"}
    )
    stamps.bump(stamps.PROGRAMS)
    register(deals_world, deals_world.a_sales, name="Quillon Aerospace GmbH")
    unit = register(
        deals_world, deals_world.b_admin, name="Quillon Aerospace Australia Pty Ltd", country="DE"
    )
    assert unit.check_outcome == CheckOutcome.CLEAR and unit.status == DealStatus.APPROVED
    assert unit.related_deals == []
