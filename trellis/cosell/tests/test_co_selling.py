"""Co-sells: invitations both ways, what each side sees, the shared thread, next steps, closing, win
rates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone, translation

from tests.fixtures import World, _partner, _user
from trellis.catalog.models import ProductFamily
from trellis.core.exceptions import (
    Conflict,
    InvalidInput,
    InvalidTransition,
    NotFound,
    PermissionDenied,
)
from trellis.core.models import DomainEvent, Notification
from trellis.cosell import selectors, services
from trellis.cosell.models import CoSell
from trellis.deals.models import DealRegistration, DirectOpportunity
from trellis.deals.selectors import cosell_win_rates
from trellis.deals.services import deal_approve, deal_register
from trellis.deals.tests.conftest import deal_input

pytestmark = pytest.mark.django_db


def _opportunity_of(cosell: CoSell) -> Any:
    assert cosell.opportunity is not None  # these co-sells are on the vendor's opportunities
    return cosell.opportunity


def _opportunity(world: World, **extra: object) -> DirectOpportunity:
    return DirectOpportunity.objects.create(
        customer=world.customer_a,
        family=ProductFamily.objects.get(code="platform"),
        name="Acme expansion",
        owner=world.cm,
        amount=Decimal("250000"),
        currency="EUR",
        stage="develop",
        expected_close=timezone.localdate() + dt.timedelta(days=60),
        contact_name="Petra Buyer",
        contact_email="petra@acme.example",
        notes="Budget approved in Q3.",
        **extra,
    )


def _invite(world: World, *, fields: tuple[str, ...] = ("stage",)) -> CoSell:
    return services.cosell_invite_partner(
        actor=world.actor(world.cm),
        opportunity=_opportunity(world),
        partner=world.partner_a,
        message="Can you run the integration?",
        shared_fields=fields,
    )


def test_vendor_invitation_reaches_the_partner_and_shows_only_the_shared_fields(
    world: World,
) -> None:
    cosell = _invite(world)
    assert cosell.status == "invited" and cosell.vendor_lead_id == world.cm.pk
    assert Notification.objects.filter(user=world.a_admin, verb="cosell.invited").exists()
    assert Notification.objects.filter(user=world.a_sales, verb="cosell.invited").exists()
    seen_by_partner = selectors.shared_record(actor=world.actor(world.a_sales), cosell=cosell)
    assert seen_by_partner.customer == "Acme GmbH" and seen_by_partner.products == ["Platform"]
    assert seen_by_partner.stage == "Develop" and seen_by_partner.expected_close is not None
    assert seen_by_partner.amount is None and seen_by_partner.contact_email is None
    assert seen_by_partner.notes is None
    assert seen_by_partner.hidden == ["amount", "contacts", "notes"]
    seen_by_vendor = selectors.shared_record(actor=world.actor(world.cm), cosell=cosell)
    assert seen_by_vendor.own and seen_by_vendor.amount == Decimal("250000")
    assert seen_by_vendor.contact_email == "petra@acme.example"


def test_the_owner_changes_what_is_shared_and_it_is_audited(world: World) -> None:
    cosell = _invite(world)
    cosell = services.cosell_share(
        actor=world.actor(world.cm), cosell=cosell, shared_fields=["contacts", "amount"]
    )
    record = selectors.shared_record(actor=world.actor(world.a_admin), cosell=cosell)
    assert record.amount == Decimal("250000") and record.contact_name == "Petra Buyer"
    assert record.stage is None
    event = DomainEvent.objects.get(verb="cosell.sharing_changed")
    assert event.before == {"shared_fields": ["stage"]}
    assert event.after == {"shared_fields": ["amount", "contacts"]}
    with pytest.raises(PermissionDenied):  # the invited side cannot widen what it sees
        services.cosell_share(
            actor=world.actor(world.a_admin), cosell=cosell, shared_fields=["notes"]
        )
    with pytest.raises(InvalidInput):
        services.cosell_share(actor=world.actor(world.cm), cosell=cosell, shared_fields=["margin"])


def test_partner_accepts_and_leads_for_its_side(world: World) -> None:
    cosell = services.cosell_accept(actor=world.actor(world.a_sales), cosell=_invite(world))
    assert cosell.status == "active" and cosell.partner_lead_id == world.a_sales.pk
    assert Notification.objects.filter(user=world.cm, verb="cosell.accepted").exists()
    with pytest.raises(Conflict):
        services.cosell_accept(actor=world.actor(world.a_admin), cosell=cosell)


def test_only_the_invited_side_answers(world: World) -> None:
    cosell = _invite(world)
    for who in (world.cm, world.b_admin):
        with pytest.raises(PermissionDenied):
            services.cosell_accept(actor=world.actor(who), cosell=cosell)


def test_decline_needs_a_reason_and_frees_the_pair_for_a_new_invitation(world: World) -> None:
    cosell = _invite(world)
    with pytest.raises(InvalidInput):
        services.cosell_decline(actor=world.actor(world.a_admin), cosell=cosell, reason="")
    with pytest.raises(InvalidInput):  # "other" needs words
        services.cosell_decline(actor=world.actor(world.a_admin), cosell=cosell, reason="other")
    services.cosell_decline(actor=world.actor(world.a_admin), cosell=cosell, reason="no_capacity")
    cosell.refresh_from_db()
    assert cosell.status == "declined" and cosell.decline_reason == "no_capacity"
    again = services.cosell_invite_partner(
        actor=world.actor(world.cm),
        opportunity=_opportunity_of(cosell),
        partner=world.partner_a,
    )
    assert again.pk != cosell.pk


def test_the_same_partner_cannot_be_invited_twice_to_one_opportunity(world: World) -> None:
    cosell = _invite(world)
    with pytest.raises(Conflict):
        services.cosell_invite_partner(
            actor=world.actor(world.cm),
            opportunity=_opportunity_of(cosell),
            partner=world.partner_a,
        )
    assert CoSell.objects.count() == 1


def test_only_active_partners_and_open_opportunities(world: World) -> None:
    world.partner_b.status = "suspended"
    world.partner_b.save()
    opportunity = _opportunity(world)
    with pytest.raises(InvalidInput):
        services.cosell_invite_partner(
            actor=world.actor(world.cm), opportunity=opportunity, partner=world.partner_b
        )
    opportunity.stage, opportunity.is_open = "lost", False
    opportunity.save()
    with pytest.raises(Conflict):
        services.cosell_invite_partner(
            actor=world.actor(world.cm), opportunity=opportunity, partner=world.partner_a
        )
    assert not CoSell.objects.exists()


def test_partners_cannot_invite_themselves_into_vendor_opportunities(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.cosell_invite_partner(
            actor=world.actor(world.a_admin),
            opportunity=_opportunity(world),
            partner=world.partner_a,
        )
    analyst = world.actor(world.analyst)
    with pytest.raises(PermissionDenied):
        services.cosell_invite_partner(
            actor=analyst, opportunity=_opportunity(world), partner=world.partner_a
        )


def _registration(world: World) -> DealRegistration:
    return deal_register(
        actor=world.actor(world.a_sales), partner=world.partner_a, data=deal_input(amount="90000")
    )


def test_partner_invites_the_vendor_into_its_registration_which_then_counts_as_co_sold(
    world: World,
) -> None:
    deal = _registration(world)
    cosell = services.cosell_invite_vendor(
        actor=world.actor(world.a_sales),
        deal=deal,
        message="Need your architect",
        shared_fields=["amount"],
    )
    assert cosell.origin == "partner" and cosell.partner_lead_id == world.a_sales.pk
    assert Notification.objects.filter(
        user=world.cm, verb="cosell.invited"
    ).exists()  # A's channel manager
    seen_by_vendor = selectors.shared_record(actor=world.actor(world.cm), cosell=cosell)
    assert seen_by_vendor.amount == Decimal("90000") and seen_by_vendor.contact_name is None
    services.cosell_accept(actor=world.actor(world.cm), cosell=cosell)
    deal.refresh_from_db()
    assert deal.vendor_co_selling
    deal_approve(actor=world.actor(world.cm), deal=deal)
    closed = services.cosell_close(actor=world.actor(world.a_sales), cosell=cosell, outcome="won")
    assert closed.status == "won"
    deal.refresh_from_db()
    assert deal.status == "won"  # the registration closes with the co-sell
    co_sold, solo = cosell_win_rates(actor=world.actor(world.cm))
    assert (co_sold.won, co_sold.closed, solo.closed) == (1, 1, 0)


def test_a_draft_or_closed_registration_cannot_be_co_sold(world: World) -> None:
    deal = _registration(world)
    DealRegistration.objects.filter(pk=deal.pk).update(status="lost")
    deal.refresh_from_db()
    with pytest.raises(Conflict):
        services.cosell_invite_vendor(actor=world.actor(world.a_sales), deal=deal)


def test_only_the_registering_partner_invites_the_vendor(world: World) -> None:
    deal = _registration(world)
    with pytest.raises(PermissionDenied):
        services.cosell_invite_vendor(actor=world.actor(world.b_admin), deal=deal)
    with pytest.raises(PermissionDenied):
        services.cosell_invite_vendor(actor=world.actor(world.cm), deal=deal)


def test_thread_is_shared_by_both_sides_and_tells_the_other(world: World) -> None:
    cosell = services.cosell_accept(actor=world.actor(world.a_sales), cosell=_invite(world))
    services.cosell_post(
        actor=world.actor(world.a_sales), cosell=cosell, body="Workshop next week?"
    )
    services.cosell_post(actor=world.actor(world.cm), cosell=cosell, body="Tuesday works.")
    thread = selectors.cosell_thread(actor=world.actor(world.a_admin), cosell=cosell)
    assert [(m.side, m.body) for m in thread] == [
        ("partner", "Workshop next week?"),
        ("vendor", "Tuesday works."),
    ]
    assert Notification.objects.filter(user=world.cm, verb="cosell.message").count() == 1
    assert Notification.objects.filter(user=world.a_sales, verb="cosell.message").count() == 1
    with pytest.raises(InvalidInput):
        services.cosell_post(actor=world.actor(world.cm), cosell=cosell, body="   ")
    with pytest.raises(InvalidInput):
        services.cosell_post(actor=world.actor(world.cm), cosell=cosell, body="x" * 4001)
    with pytest.raises(PermissionDenied):
        services.cosell_post(actor=world.actor(world.b_admin), cosell=cosell, body="Hello")
    assert selectors.cosell_thread(actor=world.actor(world.b_admin), cosell=cosell) == []


def test_next_steps_have_owners_on_either_side_and_dates(world: World) -> None:
    cosell = services.cosell_accept(actor=world.actor(world.a_sales), cosell=_invite(world))
    due = timezone.localdate() + dt.timedelta(days=3)
    mine = services.cosell_step_add(
        actor=world.actor(world.cm),
        cosell=cosell,
        title="Send pricing",
        owner_id=world.cm.pk,
        due_on=due,
    )
    theirs = services.cosell_step_add(
        actor=world.actor(world.cm),
        cosell=cosell,
        title="Book workshop",
        owner_id=world.a_sales.pk,
        due_on=due,
    )
    assert (mine.side, theirs.side) == ("vendor", "partner")
    assert Notification.objects.filter(user=world.a_sales, verb="cosell.step").exists()
    services.cosell_step_done(actor=world.actor(world.a_sales), step=theirs)
    steps = selectors.cosell_steps(actor=world.actor(world.a_admin), cosell=cosell)
    assert [s.title for s in steps] == ["Send pricing", "Book workshop"]  # open ones first
    assert steps[1].done_by_id == world.a_sales.pk
    services.cosell_step_done(
        actor=world.actor(world.a_sales), step=theirs
    )  # a repeat changes nothing
    assert DomainEvent.objects.filter(verb="cosell.step_done").count() == 1


def test_a_step_needs_a_title_a_date_not_past_and_an_owner_from_either_side(world: World) -> None:
    cosell = services.cosell_accept(actor=world.actor(world.a_sales), cosell=_invite(world))
    actor, today = world.actor(world.a_sales), timezone.localdate()
    cases = [
        ("", world.a_sales.pk, today, "title"),
        ("Call", world.a_sales.pk, today - dt.timedelta(days=1), "due_on"),
        ("Call", world.b_admin.pk, today, "owner"),  # another partner's person
        ("Call", 999_999, today, "owner"),
        (
            "Call",
            world.admin.pk,
            today,
            "owner",
        ),  # vendor staff not in this co-sell, picked by the partner
    ]
    for title, owner, due, field in cases:
        with pytest.raises(InvalidInput) as caught:
            services.cosell_step_add(
                actor=actor, cosell=cosell, title=title, owner_id=owner, due_on=due
            )
        assert caught.value.field == field
    step = services.cosell_step_add(
        actor=actor, cosell=cosell, title="Call", owner_id=world.cm.pk, due_on=today
    )
    assert step.side == "vendor"  # the vendor's lead in this co-sell


def test_owner_choices_show_a_partner_only_the_vendor_people_in_the_co_sell(world: World) -> None:
    cosell = _invite(world)
    seen = {
        name
        for _id, name, _staff in selectors.step_owner_choices(
            actor=world.actor(world.a_admin), cosell=cosell
        )
    }
    assert "Carl Manager" in seen and "Vera Admin" not in seen and "Ben Bravo" not in seen
    staff_view = selectors.step_owner_choices(actor=world.actor(world.cm), cosell=cosell)
    assert "Vera Admin" in {name for _id, name, _staff in staff_view}


def test_closing_a_vendor_opportunity_closes_it_for_every_partner_on_it(world: World) -> None:
    delta = _partner("Delta Data", "delta.test", "DE", world.cm)
    _user("dora@delta.test", ["partner_admin"], delta, "Dora Delta")
    first = services.cosell_accept(actor=world.actor(world.a_sales), cosell=_invite(world))
    second = services.cosell_invite_partner(
        actor=world.actor(world.cm), opportunity=_opportunity_of(first), partner=delta
    )
    with pytest.raises(
        PermissionDenied
    ):  # the invited partner does not decide the vendor's outcome
        services.cosell_close(actor=world.actor(world.a_sales), cosell=first, outcome="won")
    services.cosell_close(actor=world.actor(world.cm), cosell=first, outcome="won", note="Signed")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("won", "withdrawn")
    opportunity = DirectOpportunity.objects.get(pk=first.vendor_opportunity.pk)
    assert (opportunity.stage, opportunity.is_open) == ("won", False)
    with pytest.raises(Conflict):  # the thread is kept, closed
        services.cosell_post(actor=world.actor(world.cm), cosell=first, body="Thanks all")
    co_sold, solo = selectors.opportunity_win_rates(actor=world.actor(world.cm))
    assert (co_sold.won, co_sold.closed, solo.closed) == (1, 1, 0)


def test_either_side_can_leave_but_only_the_inviter_withdraws_an_invitation(world: World) -> None:
    cosell = _invite(world)
    with pytest.raises(PermissionDenied):
        services.cosell_withdraw(actor=world.actor(world.a_admin), cosell=cosell)
    services.cosell_accept(actor=world.actor(world.a_admin), cosell=cosell)
    services.cosell_withdraw(actor=world.actor(world.a_admin), cosell=cosell, note="Capacity gone")
    cosell.refresh_from_db()
    assert cosell.status == "withdrawn"
    assert Notification.objects.filter(user=world.cm, verb="cosell.withdrawn").exists()
    with pytest.raises(InvalidTransition):
        services.cosell_withdraw(actor=world.actor(world.cm), cosell=cosell)


def test_partner_b_sees_none_of_partner_a_co_sells(world: World) -> None:
    cosell = _invite(world)
    b = world.actor(world.b_admin)
    assert not selectors.cosell_list(actor=b).exists()
    with pytest.raises(NotFound):
        selectors.cosell_get(actor=b, cosell_id=cosell.pk)


def test_step_reminders_are_sent_once_a_day_while_due(world: World) -> None:
    cosell = services.cosell_accept(actor=world.actor(world.a_sales), cosell=_invite(world))
    today = timezone.localdate()
    step = services.cosell_step_add(
        actor=world.actor(world.cm),
        cosell=cosell,
        title="Book workshop",
        owner_id=world.a_sales.pk,
        due_on=today,
    )
    with translation.override("en"):
        assert services.cosell_remind_step(step=step, today=today)
        assert not services.cosell_remind_step(step=step, today=today)
    assert Notification.objects.filter(user=world.a_sales, verb="cosell.step_due").count() == 1


def test_the_scheduled_sweep_reminds_each_due_step_once_a_day(world: World) -> None:
    from trellis.cosell.tasks import step_sweep

    cosell = services.cosell_accept(actor=world.actor(world.a_sales), cosell=_invite(world))
    services.cosell_step_add(
        actor=world.actor(world.cm),
        cosell=cosell,
        title="Book workshop",
        owner_id=world.a_sales.pk,
        due_on=timezone.localdate(),
    )
    assert step_sweep() == {"reminded": 1}
    assert step_sweep() == {
        "reminded": 0
    }  # a second run the same day (or a retried job) reminds nobody
