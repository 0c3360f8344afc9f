"""Leads from intake to outcome: routing by mode, offers, acceptance, declines, timers and
conversion."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from tests.fixtures import World, _partner, login
from trellis.core.exceptions import Conflict, InvalidInput, NotFound, PermissionDenied
from trellis.core.models import DomainEvent, Notification
from trellis.leads import selectors, services, tasks
from trellis.leads.choices import DistributionMode, LeadStatus, OfferStatus
from trellis.leads.models import Lead, LeadActivity, LeadOffer, RoutingDecision
from trellis.leads.reasons import words
from trellis.partners.models import Partner, ProgramEnrollment

from .conftest import charlie, cleo, lead_input, set_mode

pytestmark = pytest.mark.django_db


def _receive(world: World, **extra: object) -> Lead:
    return services.lead_receive(actor=world.actor(world.cm), data=lead_input(**extra))  # type: ignore[arg-type]


def _offer(lead: Lead, partner_id: int) -> LeadOffer:
    return LeadOffer.objects.get(lead=lead, partner_id=partner_id)


def test_a_lead_is_offered_to_the_best_partner_and_the_decision_explains_everyone(
    leads_world: World,
) -> None:
    lead = _receive(leads_world)
    assert lead.status == LeadStatus.OFFERED
    offer = LeadOffer.objects.get(lead=lead)
    assert offer.partner == charlie(leads_world) and offer.status == OfferStatus.OPEN
    assert offer.expires_at - timezone.now() > dt.timedelta(hours=47)
    decision = RoutingDecision.objects.get(lead=lead)
    ranked = decision.explanation["ranked"]
    assert [r["partner"] for r in ranked] == [charlie(leads_world).pk, leads_world.partner_a.pk]
    expertise = decision.explanation["factors"].index("expertise")
    assert ranked[0]["values"][expertise] == 1.0 and ranked[1]["values"][expertise] == 0.0
    assert decision.explanation["excluded"]["territory"] == {
        "count": 1,
        "examples": [leads_world.partner_b.pk],
    }
    assert Notification.objects.filter(
        user__partner=charlie(leads_world), verb="lead.offered"
    ).exists()
    assert DomainEvent.objects.filter(verb="lead.routed", object_id=str(lead.pk)).exists()


def test_accepting_assigns_the_lead_and_starts_the_follow_up_clock(leads_world: World) -> None:
    lead = _receive(leads_world)
    lead = services.lead_accept(
        actor=leads_world.actor(cleo(leads_world)), offer=_offer(lead, charlie(leads_world).pk)
    )
    assert lead.status == LeadStatus.ACCEPTED and lead.partner == charlie(leads_world)
    assert lead.followup_due_at and lead.followup_due_at - timezone.now() > dt.timedelta(days=6)


def test_a_partner_cannot_answer_an_offer_made_to_another(leads_world: World) -> None:
    lead = _receive(leads_world)
    with pytest.raises(PermissionDenied):
        services.lead_accept(
            actor=leads_world.actor(leads_world.a_sales),
            offer=_offer(lead, charlie(leads_world).pk),
        )


def test_declining_moves_the_lead_to_the_next_partner_and_out_of_sight(leads_world: World) -> None:
    lead = _receive(leads_world)
    c_actor = leads_world.actor(cleo(leads_world))
    services.lead_decline(
        actor=c_actor,
        offer=_offer(lead, charlie(leads_world).pk),
        reason="no_capacity",
        note="Busy",
    )
    lead.refresh_from_db()
    assert lead.status == LeadStatus.OFFERED
    assert _offer(lead, leads_world.partner_a.pk).status == OfferStatus.OPEN
    assert _offer(lead, charlie(leads_world).pk).decline_reason == "no_capacity"
    with pytest.raises(NotFound):
        selectors.lead_get(actor=c_actor, lead_id=lead.pk)
    second = RoutingDecision.objects.filter(lead=lead).first()
    assert second is not None and second.explanation["excluded"]["already_offered"]["count"] == 1


def test_when_everyone_declines_the_lead_is_unroutable_with_the_reason(leads_world: World) -> None:
    lead = _receive(leads_world)
    services.lead_decline(
        actor=leads_world.actor(cleo(leads_world)),
        offer=_offer(lead, charlie(leads_world).pk),
        reason="other",
    )
    services.lead_decline(
        actor=leads_world.actor(leads_world.a_sales),
        offer=_offer(lead, leads_world.partner_a.pk),
        reason="other",
    )
    lead.refresh_from_db()
    assert lead.status == LeadStatus.UNROUTABLE
    reason = words(lead.unroutable_reason)
    assert "2 already declined it" in reason and "1 do not serve the country" in reason
    assert Notification.objects.filter(user=leads_world.cm, verb="lead.needs_decision").exists()


def test_a_lead_nobody_serves_lands_in_the_unroutable_queue_never_lost(leads_world: World) -> None:
    lead = _receive(leads_world, country="BR", city="São Paulo", postal_code="01000")
    assert lead.status == LeadStatus.UNROUTABLE and "3 do not serve the country" in words(
        lead.unroutable_reason
    )
    assert Lead.objects.filter(pk=lead.pk).exists()


def test_offer_to_several_the_first_acceptance_wins(leads_world: World) -> None:
    set_mode(DistributionMode.OFFER_MANY, offer_count=2)
    lead = _receive(leads_world)
    assert LeadOffer.objects.filter(lead=lead, status=OfferStatus.OPEN).count() == 2
    services.lead_accept(
        actor=leads_world.actor(leads_world.a_sales), offer=_offer(lead, leads_world.partner_a.pk)
    )
    with pytest.raises(Conflict):
        services.lead_accept(
            actor=leads_world.actor(cleo(leads_world)),
            offer=_offer(lead, charlie(leads_world).pk),
        )
    assert _offer(lead, charlie(leads_world).pk).status == OfferStatus.WITHDRAWN
    assert Lead.objects.get(pk=lead.pk).partner == leads_world.partner_a


def test_auto_mode_assigns_at_once(leads_world: World) -> None:
    set_mode(DistributionMode.AUTO)
    lead = _receive(leads_world)
    assert lead.status == LeadStatus.ACCEPTED and lead.partner == charlie(leads_world)


def test_manual_mode_waits_for_the_channel_manager_who_picks_with_a_reason(
    leads_world: World,
) -> None:
    set_mode(DistributionMode.MANUAL)
    lead = _receive(leads_world)
    assert lead.status == LeadStatus.NEW and not LeadOffer.objects.filter(lead=lead).exists()
    with pytest.raises(InvalidInput):
        services.lead_assign(
            actor=leads_world.actor(leads_world.cm),
            lead=lead,
            partner_id=leads_world.partner_a.pk,
            reason=" ",
        )
    services.lead_assign(
        actor=leads_world.actor(leads_world.cm),
        lead=lead,
        partner_id=leads_world.partner_a.pk,
        reason="Alpha met them at the fair",
    )
    lead.refresh_from_db()
    assert (
        lead.status == LeadStatus.OFFERED
        and _offer(lead, leads_world.partner_a.pk).status == OfferStatus.OPEN
    )
    manual = RoutingDecision.objects.filter(lead=lead, automatic=False).get()
    assert (
        manual.override_reason == "Alpha met them at the fair" and manual.made_by == leads_world.cm
    )


def test_only_vendor_staff_take_leads_in(leads_world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.lead_receive(actor=leads_world.actor(leads_world.a_admin), data=lead_input())
    with pytest.raises(PermissionDenied):
        services.lead_receive(actor=leads_world.actor(leads_world.analyst), data=lead_input())


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"country": "XX"}, "customer.country"),
        ({"country": ""}, "customer.country"),
        ({"contact_name": " "}, "contact.name"),
        ({"contact_email": "", "contact_phone": ""}, "contact.email"),
        ({"contact_email": "not-an-address"}, "contact.email"),
        ({"products": ["NOPE-1"]}, "products"),
        ({"estimated_amount": "-5"}, "estimated_amount"),
        ({"estimated_amount": "lots"}, "estimated_amount"),
        ({"currency": "XYZ"}, "currency"),
        ({"source": "carrier pigeon"}, "source"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(
    leads_world: World, change: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidInput) as error:
        services.lead_receive(actor=leads_world.actor(leads_world.cm), data=lead_input(**change))  # type: ignore[arg-type]
    assert error.value.field == field
    assert (
        not Lead.objects.exists()
        and not DomainEvent.objects.filter(verb__startswith="lead.").exists()
    )


def test_offers_not_answered_in_time_lapse_and_the_lead_moves_on(leads_world: World) -> None:
    lead = _receive(leads_world)
    LeadOffer.objects.filter(lead=lead).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    assert tasks.offer_sweep() == {"lapsed": 1}
    assert tasks.offer_sweep() == {"lapsed": 0}  # a second run acts on nothing
    assert _offer(lead, charlie(leads_world).pk).status == OfferStatus.LAPSED
    assert _offer(lead, leads_world.partner_a.pk).status == OfferStatus.OPEN


def test_a_silent_partner_is_reminded_then_loses_the_lead(leads_world: World) -> None:
    set_mode(DistributionMode.AUTO, followup_days=7, pullback_grace_days=3)
    lead = _receive(leads_world)
    Lead.objects.filter(pk=lead.pk).update(followup_due_at=timezone.now() - dt.timedelta(hours=1))
    assert tasks.followup_sweep() == {"reminded": 1, "pulled_back": 0}
    assert tasks.followup_sweep() == {"reminded": 0, "pulled_back": 0}  # reminded once
    assert Notification.objects.filter(
        user__partner=charlie(leads_world), verb="lead.followup_due"
    ).exists()
    Lead.objects.filter(pk=lead.pk).update(
        followup_due_at=timezone.now() - dt.timedelta(days=3, hours=1)
    )
    assert tasks.followup_sweep() == {"reminded": 0, "pulled_back": 1}
    lead.refresh_from_db()
    assert lead.partner == leads_world.partner_a and lead.status == LeadStatus.ACCEPTED
    assert _offer(lead, charlie(leads_world).pk).status == OfferStatus.PULLED_BACK
    with pytest.raises(NotFound):
        selectors.lead_get(actor=leads_world.actor(cleo(leads_world)), lead_id=lead.pk)


def test_updates_restart_the_clock_and_outcomes_close_the_lead(leads_world: World) -> None:
    set_mode(DistributionMode.AUTO)
    lead = _receive(leads_world)
    c_actor = leads_world.actor(cleo(leads_world))
    Lead.objects.filter(pk=lead.pk).update(followup_due_at=timezone.now() + dt.timedelta(days=1))
    lead = services.lead_update(actor=c_actor, lead=lead, status="contacted", note="Call booked")
    assert lead.status == LeadStatus.CONTACTED
    assert lead.followup_due_at and lead.followup_due_at > timezone.now() + dt.timedelta(days=6)
    with pytest.raises(InvalidInput):
        services.lead_update(actor=c_actor, lead=lead, status="accepted")
    lead = services.lead_update(actor=c_actor, lead=lead, status="lost", note="Chose a competitor")
    assert lead.status == LeadStatus.LOST and lead.followup_due_at is None and lead.closed_at
    assert LeadActivity.objects.filter(lead=lead).count() == 2


def test_converting_registers_a_vendor_sourced_deal_through_the_conflict_engine(
    leads_world: World,
) -> None:
    set_mode(DistributionMode.AUTO)
    lead = _receive(leads_world)
    lead = services.lead_convert(actor=leads_world.actor(cleo(leads_world)), lead=lead)
    assert lead.status == LeadStatus.CONVERTED and lead.deal is not None
    deal = lead.deal
    assert deal.partner == charlie(leads_world) and deal.sourced is False
    assert deal.customer_name == "Umbrella Logistics" and f"lead #{lead.pk}" in deal.description


def test_a_partner_hands_a_lead_back_and_it_goes_to_the_next(leads_world: World) -> None:
    set_mode(DistributionMode.AUTO)
    lead = _receive(leads_world)
    services.lead_return(
        actor=leads_world.actor(cleo(leads_world)), lead=lead, reason="outside_expertise"
    )
    lead.refresh_from_db()
    assert lead.partner == leads_world.partner_a


def test_capacity_is_a_hard_rule(leads_world: World) -> None:
    set_mode(DistributionMode.AUTO)
    type(charlie(leads_world)).objects.filter(pk=charlie(leads_world).pk).update(lead_capacity=1)
    first, second = (
        _receive(leads_world, customer_name="First Co"),
        _receive(leads_world, customer_name="Second Co"),
    )
    assert first.partner == charlie(leads_world) and second.partner == leads_world.partner_a
    excluded = RoutingDecision.objects.get(lead=second).explanation["excluded"]
    assert excluded["capacity"] == {"count": 1, "examples": [charlie(leads_world).pk]}


def test_the_cached_routing_pool_sees_capacity_and_new_partners_at_once(leads_world: World) -> None:
    set_mode(DistributionMode.AUTO)
    type(charlie(leads_world)).objects.filter(pk=charlie(leads_world).pk).update(lead_capacity=1)
    first = _receive(leads_world, customer_name="First Co")  # builds and caches the pool
    assert first.partner == charlie(leads_world)
    second = _receive(leads_world, customer_name="Second Co")  # Charlie is full now: read fresh
    assert second.partner == leads_world.partner_a
    delta = _partner("Delta Data", "delta.test", "DE", leads_world.cm)
    ProgramEnrollment.objects.create(
        partner=delta, program=leads_world.program, tier=leads_world.gold
    )
    Partner.objects.filter(pk=leads_world.partner_a.pk).update(lead_capacity=1)
    third = _receive(leads_world, customer_name="Third Co")  # a new enrolment rebuilds the pool
    assert third.partner == delta


def test_the_reason_is_stored_as_figures_and_read_in_the_readers_language(
    leads_world: World,
) -> None:
    lead = _receive(leads_world, country="BR", city="São Paulo", postal_code="01000")
    assert lead.unroutable_reason == 'unroutable|{"territory":3}'
    with translation.override("de"):
        german = words(lead.unroutable_reason)
    with translation.override("ja"):
        japanese = words(lead.unroutable_reason)
    assert german != japanese and "3" in german and "3" in japanese
    assert "do not serve" not in german and "do not serve" not in japanese
    decision = RoutingDecision.objects.filter(lead=lead).latest("made_at")
    assert words(decision.summary) == words(lead.unroutable_reason)
    page = login(Client(), leads_world.cm).get(reverse("console:lead_detail", args=[lead.pk]))
    assert "3 do not serve the country" in page.content.decode()


def test_text_stored_before_codes_reads_as_it_was() -> None:
    assert words("Every partner offered it declined.") == "Every partner offered it declined."
    assert words("unroutable|not json") == "unroutable|not json"
