"""Every transition of a registration, the timers, appeals, and their audit trail."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.fixtures import World
from trellis.core import stamps
from trellis.core.exceptions import Conflict, InvalidTransition, PermissionDenied
from trellis.core.models import DomainEvent, Notification
from trellis.deals import services, tasks
from trellis.deals.choices import AppealStatus, DealStatus
from trellis.deals.models import ConflictLog, DealClaim, DealRegistration, RulesOfEngagement
from trellis.deals.services import RegistrationConflict

from .conftest import deal_input, register

pytestmark = pytest.mark.django_db

BIG = "250000"  # above the auto-approval threshold: a person decides


def _events(deal: DealRegistration) -> list[str]:
    return list(
        DomainEvent.objects.filter(object_type="deals.dealregistration", object_id=str(deal.pk))
        .order_by("id")
        .values_list("verb", flat=True)
    )


def test_more_info_then_answer_then_approve(deals_world: World) -> None:
    cm, sales = deals_world.actor(deals_world.cm), deals_world.actor(deals_world.a_sales)
    deal = register(deals_world, deals_world.a_sales, amount=BIG)
    deal = services.deal_request_info(actor=cm, deal=deal, question="Who is the economic buyer?")
    assert deal.status == DealStatus.MORE_INFO and deal.sla_due_at is None
    deal = services.deal_update(
        actor=sales, deal=deal, changes={"description": "CFO Jane Roe signs."}
    )
    deal = services.deal_submit(actor=sales, deal=deal)
    assert deal.status == DealStatus.SUBMITTED and deal.sla_due_at is not None
    deal = services.deal_approve(actor=cm, deal=deal)
    assert _events(deal) == [
        "deal.created",
        "deal.submitted",
        "deal.info_requested",
        "deal.updated",
        "deal.resubmitted",
        "deal.approved",
    ]


def test_rejection_releases_the_customer_for_the_next_registrant(deals_world: World) -> None:
    deal = register(deals_world, deals_world.a_sales, amount=BIG)
    services.deal_reject(
        actor=deals_world.actor(deals_world.cm), deal=deal, reason="not_qualified", note="No budget"
    )
    assert not DealClaim.objects.filter(deal=deal, active=True).exists()
    assert register(deals_world, deals_world.b_admin).status == DealStatus.APPROVED


def test_invalid_transitions_are_refused(deals_world: World) -> None:
    cm = deals_world.actor(deals_world.cm)
    deal = register(deals_world, deals_world.a_sales)  # auto-approved
    with pytest.raises(InvalidTransition):
        services.deal_request_info(actor=cm, deal=deal, question="?")
    with pytest.raises(InvalidTransition):
        services.deal_approve(actor=cm, deal=deal)
    with pytest.raises(Conflict):
        services.deal_update(
            actor=deals_world.actor(deals_world.a_sales), deal=deal, changes={"amount": "1"}
        )


def test_partners_cannot_decide_their_own_registrations(deals_world: World) -> None:
    deal = register(deals_world, deals_world.a_sales, amount=BIG)
    with pytest.raises(PermissionDenied):
        services.deal_approve(actor=deals_world.actor(deals_world.a_admin), deal=deal)
    with pytest.raises(PermissionDenied):
        services.deal_approve(actor=deals_world.actor(deals_world.analyst), deal=deal)


def test_extension_within_the_program_limit(deals_world: World) -> None:
    sales = deals_world.actor(deals_world.a_sales)
    deal = register(deals_world, deals_world.a_sales)
    before = deal.protected_until
    deal = services.deal_extend(actor=sales, deal=deal)
    assert deal.protected_until - before == dt.timedelta(days=30) and deal.extensions_used == 1
    with pytest.raises(Conflict, match="used every extension the program allows: 1"):
        services.deal_extend(actor=sales, deal=deal)


def test_won_and_lost_release_the_claim(deals_world: World) -> None:
    sales = deals_world.actor(deals_world.a_sales)
    won = services.deal_close(
        actor=sales, deal=register(deals_world, deals_world.a_sales), outcome="won"
    )
    assert (
        won.status == DealStatus.WON
        and not DealClaim.objects.filter(deal=won, active=True).exists()
    )
    with pytest.raises(InvalidTransition):
        services.deal_close(actor=sales, deal=won, outcome="lost")


def test_vendor_reopens_a_rejected_registration_through_the_same_checks(deals_world: World) -> None:
    cm = deals_world.actor(deals_world.cm)
    deal = register(deals_world, deals_world.a_sales, amount=BIG)
    services.deal_reject(actor=cm, deal=deal, reason="incomplete")
    other = register(deals_world, deals_world.b_admin)
    with pytest.raises(RegistrationConflict):
        services.deal_reopen(actor=cm, deal=deal)
    services.deal_close(actor=deals_world.actor(deals_world.b_admin), deal=other, outcome="lost")
    assert services.deal_reopen(actor=cm, deal=deal).status == DealStatus.SUBMITTED


def test_sla_reminder_then_escalation_happen_once(deals_world: World) -> None:
    from tests.fixtures import _user

    _user("ops@vendor.test", ["partner_ops"])
    deal = register(deals_world, deals_world.a_sales, amount=BIG)
    DealRegistration.objects.filter(pk=deal.pk).update(
        sla_due_at=timezone.now() + dt.timedelta(hours=1)
    )
    assert tasks.sla_sweep() == {"reminded": 1, "escalated": 0}
    assert tasks.sla_sweep() == {"reminded": 0, "escalated": 0}
    DealRegistration.objects.filter(pk=deal.pk).update(
        sla_due_at=timezone.now() - dt.timedelta(minutes=1)
    )
    assert tasks.sla_sweep() == {"reminded": 0, "escalated": 1}
    assert tasks.sla_sweep()["escalated"] == 0
    assert (
        Notification.objects.filter(user__email="ops@vendor.test", verb="deal.sla_breached").count()
        == 1
    )
    assert Notification.objects.filter(user=deals_world.cm, verb="deal.sla_reminder").count() == 1


def test_expiry_warning_then_automatic_expiry(deals_world: World) -> None:
    deal = register(deals_world, deals_world.a_sales)
    DealRegistration.objects.filter(pk=deal.pk).update(
        protected_until=timezone.now() + dt.timedelta(days=10)
    )
    assert tasks.expiry_sweep() == {"warned": 1, "expired": 0}
    assert tasks.expiry_sweep() == {"warned": 0, "expired": 0}
    DealRegistration.objects.filter(pk=deal.pk).update(
        protected_until=timezone.now() - dt.timedelta(seconds=1)
    )
    assert tasks.expiry_sweep()["expired"] == 1
    deal.refresh_from_db()
    assert (
        deal.status == DealStatus.EXPIRED
        and not DealClaim.objects.filter(deal=deal, active=True).exists()
    )
    assert "deal.expired" in _events(deal)


def test_appeal_overturned_gives_the_customer_to_the_appealing_partner(deals_world: World) -> None:
    first = register(deals_world, deals_world.a_sales, amount=BIG)
    with pytest.raises(RegistrationConflict) as raised:
        register(deals_world, deals_world.b_admin)
    conflict = ConflictLog.objects.get(pk=raised.value.conflict_id)
    appeal = services.conflict_appeal(
        actor=deals_world.actor(deals_world.b_admin),
        conflict=conflict,
        reason="We ran the proof of concept in May.",
    )
    assert Notification.objects.filter(user=deals_world.cm, verb="deal.appealed").exists()
    with pytest.raises(Conflict):
        services.conflict_appeal(
            actor=deals_world.actor(deals_world.b_admin), conflict=conflict, reason="again"
        )
    services.appeal_decide(
        actor=deals_world.actor(deals_world.cm), appeal=appeal, overturn=True, note="PoC evidence"
    )
    first.refresh_from_db()
    assert first.status == DealStatus.REJECTED
    assert register(deals_world, deals_world.b_admin).status == DealStatus.APPROVED
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.OVERTURNED


def test_sla_counts_business_hours(deals_world: World) -> None:
    from trellis.core.business_hours import add_business_hours, business_hours_between

    friday_evening = dt.datetime(2026, 11, 20, 18, 0, tzinfo=dt.UTC)  # 19:00 in Berlin
    due = add_business_hours(friday_evening, 24, "emea")
    assert (
        due.weekday() == 2 and abs(business_hours_between(friday_evening, due, "emea") - 24) < 1e-6
    )


def test_accounts_match_command(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    ref = tmp_path / "ref.csv"
    ref.write_text(
        "id,name,domain,country\nR1,Acme Holdings Inc.,acme.com,US\nR2,Globex K.K.,,JP\n",
        encoding="utf-8",
    )
    queries = tmp_path / "q.csv"
    queries.write_text(
        "id,name,domain,country\nQ1,ACME HOLDINGS,,US\nQ2,Unrelated Bakery,,FR\nQ3,Some "
        "Name,sales@acme.com,\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.csv"
    call_command(
        "accounts",
        "match",
        "--reference",
        str(ref),
        "--queries",
        str(queries),
        "--output",
        str(out),
    )
    rows = [line.split(",", 3) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows[0] == ["query_id", "match_id", "score", "reason"]
    assert rows[1][:2] == ["Q1", "R1"] and rows[2][:2] == ["Q2", ""] and rows[3][:2] == ["Q3", "R1"]


def test_accounts_match_command_rejects_bad_files(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from django.core.management.base import CommandError

    bad = tmp_path / "bad.csv"
    bad.write_text("name,country\nAcme,US\n", encoding="utf-8")
    latin = tmp_path / "latin.csv"
    latin.write_bytes("id,name\n1,M\xfcller\n".encode("latin-1"))
    for path, message in ((bad, "missing column"), (latin, "not UTF-8")):
        with pytest.raises(CommandError, match=message):
            call_command(
                "accounts",
                "match",
                "--reference",
                str(path),
                "--queries",
                str(path),
                "--output",
                str(tmp_path / "o.csv"),
            )


def test_rules_default_to_the_programs_protection(deals_world: World) -> None:
    RulesOfEngagement.objects.update(protection_days=30)
    stamps.bump(stamps.PROGRAMS)  # as a change through the console would
    deal = register(deals_world, deals_world.a_sales)
    assert deal.protected_until.date() == timezone.localdate() + dt.timedelta(days=30)


def test_console_registrations_filter_by_tier_region_and_sla(deals_world: World) -> None:
    from django.test import Client
    from django.urls import reverse

    from tests.fixtures import login
    from trellis.partners.models import PartnerRegion

    PartnerRegion.objects.create(partner=deals_world.partner_b, region="apac")
    register(deals_world, deals_world.a_sales, name="Silver Customer", amount=BIG)
    register(deals_world, deals_world.b_admin, name="Gold Customer", amount=BIG)
    client = login(Client(), deals_world.cm)
    url = reverse("console:deal_list")
    by_tier = client.get(url, {"tier": deals_world.gold.pk}).content.decode()
    assert "Gold Customer" in by_tier and "Silver Customer" not in by_tier
    by_region = client.get(url, {"region": "apac"}).content.decode()
    assert "Gold Customer" in by_region and "Silver Customer" not in by_region
    on_track = client.get(url, {"sla": "on_track"}).content.decode()
    assert "Gold Customer" in on_track and "Silver Customer" in on_track
    response = client.get(reverse("console:deal_export"), {"tier": deals_world.silver.pk})
    export = response.getvalue().decode()  # streamed: read to the end
    assert "Silver Customer" in export and "Gold Customer" not in export


def test_win_rates_of_co_sold_and_solo_registrations_are_computed_and_shown(
    deals_world: World,
) -> None:
    from django.test import Client
    from django.urls import reverse

    from tests.fixtures import login
    from trellis.deals.selectors import DealFilters, cosell_win_rates

    seller = deals_world.actor(deals_world.a_sales)
    outcomes = [
        ("Co One AG", [deals_world.partner_b.pk], "won"),
        ("Co Two AG", [deals_world.partner_b.pk], "won"),
        ("Co Three AG", [deals_world.partner_b.pk], "lost"),
        ("Solo One AG", [], "won"),
        ("Solo Two AG", [], "lost"),
        ("Solo Three AG", [], "lost"),
        ("Solo Open AG", [], None),
    ]
    for name, co_sellers, outcome in outcomes:
        deal = services.deal_register(
            actor=seller,
            partner=deals_world.partner_a,
            data=deal_input(name, co_seller_ids=co_sellers),
        )
        for link in deal.co_seller_links.all():  # named partners count once they agree
            services.co_seller_answer(
                actor=deals_world.actor(deals_world.b_admin), link=link, accept=True
            )
        if outcome:
            services.deal_close(actor=seller, deal=deal, outcome=outcome)
    co_sold, solo = cosell_win_rates(
        actor=deals_world.actor(deals_world.admin), filters=DealFilters()
    )
    assert (co_sold.won, co_sold.closed, solo.won, solo.closed) == (2, 3, 1, 3)
    assert co_sold.rate is not None and round(co_sold.rate, 2) == 0.67
    page = login(Client(), deals_world.admin).get(reverse("console:deal_list")).content.decode()
    assert "Win rate when co-sold (2 of 3 closed)" in page and "67 %" in page


def test_a_registrations_terms_are_read_once_then_kept_until_the_programs_stamp_changes(
    deals_world: World,
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from trellis.core import stamps
    from trellis.deals.services.lifecycle import terms_for
    from trellis.partners.models import PartnerRegion, ProgramEnrollment
    from trellis.partners.selectors import registration_terms

    partner = deals_world.partner_a
    for region in ("emea", "apac"):
        PartnerRegion.objects.create(partner=partner, region=region)
    terms = terms_for(partner.pk)
    current = registration_terms(partner.pk)
    assert terms is not None and current is not None
    assert (terms.program_id, terms.uplift_pct, terms.region) == (
        current.program_id,
        Decimal("3.00"),
        "apac",
    )
    assert isinstance(terms.uplift_pct, Decimal) and str(terms.uplift_pct) == "3.00"
    assert terms.rules == RulesOfEngagement.objects.get(program_id=current.program_id)
    with CaptureQueriesContext(connection) as queries:
        assert terms_for(partner.pk) == terms
    assert len(queries) == 1  # the stamps only
    # A program whose rules nobody wrote yet gets the defaults on first ask.
    RulesOfEngagement.objects.all().delete()
    stamps.bump(stamps.PROGRAMS)
    terms = terms_for(partner.pk)
    assert terms is not None and terms.rules.pk is not None and terms.rules.protection_days == 90
    ProgramEnrollment.objects.filter(partner=partner).delete()
    stamps.bump(stamps.PROGRAMS)
    assert terms_for(partner.pk) is None


def test_the_stopped_attempt_shows_on_the_holders_page_and_beside_it_on_the_appeal(
    deals_world: World,
) -> None:
    from django.test import Client
    from django.urls import reverse

    from tests.fixtures import login

    first = register(deals_world, deals_world.a_sales, amount=BIG)
    with pytest.raises(RegistrationConflict) as raised:
        register(deals_world, deals_world.b_admin)
    conflict = ConflictLog.objects.get(pk=raised.value.conflict_id)
    appeal = services.conflict_appeal(
        actor=deals_world.actor(deals_world.b_admin), conflict=conflict, reason="Our PoC."
    )
    client = login(Client(), deals_world.cm)
    page = client.get(reverse("console:deal_detail", args=[first.pk])).content.decode()
    assert "Attempts this registration stopped" in page
    assert "Bravo Networks" in page and reverse("console:appeal_detail", args=[appeal.pk]) in page
    assert "None:" not in page
    side_by_side = client.get(reverse("console:appeal_detail", args=[appeal.pk])).content.decode()
    assert "The stopped attempt" in side_by_side
    assert "The registration holding the customer" in side_by_side
    assert f"#{first.pk}" in side_by_side and "Alpha Systems" in side_by_side
