"""The lead pages: the console queue and explanation, the partner's offers and the actions on
them."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.fixtures import World, login
from trellis.core.exceptions import DomainError
from trellis.leads import selectors, services
from trellis.leads.choices import DistributionMode, LeadStatus, OfferStatus
from trellis.leads.models import Lead, LeadOffer

from .conftest import charlie, cleo, lead_input, set_mode

pytestmark = pytest.mark.django_db


def _lead(world: World, name: str = "Umbrella Logistics") -> Lead:
    return services.lead_receive(actor=world.actor(world.cm), data=lead_input(name))


def test_console_takes_a_lead_in_through_the_form_and_shows_why_it_went_where(
    leads_world: World,
) -> None:
    client = login(Client(), leads_world.cm)
    response = client.post(
        reverse("console:lead_new"),
        {
            "customer_name": "Umbrella Logistics",
            "country": "DE",
            "city": "Berlin",
            "postal_code": "10115",
            "contact_name": "Ursula Buyer",
            "contact_email": "ursula@umbrella.example",
            "products": ["PLA-001"],
            "estimated_amount": "40000",
            "currency": "EUR",
            "source": "event",
        },
    )
    lead = Lead.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "console:lead_detail", args=[lead.pk]
    )
    page = client.get(response["Location"]).content.decode()
    assert "Why routing chose this way" in page and "Charlie Cloud" in page and "Expertise" in page
    assert (
        "do not serve the country" in page and "Bravo Networks" in page
    )  # excluded, with an example


def test_console_form_shows_the_services_refusal_on_its_field(leads_world: World) -> None:
    client = login(Client(), leads_world.cm)
    response = client.post(
        reverse("console:lead_new"),
        {
            "customer_name": "Umbrella",
            "country": "DE",
            "contact_name": "Ursula",
            "currency": "EUR",
            "source": "event",
        },
    )
    assert (
        response.status_code == 200
        and "Give an e-mail address or a phone number" in response.content.decode()
    )
    assert not Lead.objects.exists()


def test_the_channel_manager_overrides_routing_with_a_reason(leads_world: World) -> None:
    set_mode(DistributionMode.MANUAL)
    lead = _lead(leads_world)
    client = login(Client(), leads_world.cm)
    page = client.get(reverse("console:lead_detail", args=[lead.pk])).content.decode()
    assert "Send to a partner yourself" in page
    client.post(
        reverse("console:lead_assign", args=[lead.pk]),
        {"partner": leads_world.partner_a.pk, "reason": "Alpha knows the buyer"},
    )
    assert LeadOffer.objects.get(lead=lead).partner == leads_world.partner_a
    assert (
        "Alpha knows the buyer"
        in client.get(reverse("console:lead_detail", args=[lead.pk])).content.decode()
    )


def test_the_partner_accepts_an_offer_and_then_sees_the_contact(leads_world: World) -> None:
    lead = _lead(leads_world)
    client = login(Client(), cleo(leads_world))
    listing = client.get(reverse("portal:lead_list")).content.decode()
    assert "Umbrella Logistics" in listing and "left" in listing
    detail = client.get(reverse("portal:lead_detail", args=[lead.pk])).content.decode()
    assert "This lead is offered to you" in detail and "ursula@umbrella.example" not in detail
    client.post(reverse("portal:lead_accept", args=[lead.pk]))
    detail = client.get(reverse("portal:lead_detail", args=[lead.pk])).content.decode()
    assert "ursula@umbrella.example" in detail and "Report progress" in detail
    client.post(
        reverse("portal:lead_update", args=[lead.pk]),
        {"status": "contacted", "note": "Called"},
    )
    assert Lead.objects.get(pk=lead.pk).status == LeadStatus.CONTACTED


def test_the_partner_declines_with_a_reason_and_the_lead_leaves_its_list(
    leads_world: World,
) -> None:
    lead = _lead(leads_world)
    client = login(Client(), cleo(leads_world))
    response = client.post(
        reverse("portal:lead_decline", args=[lead.pk]), {"reason": "no_capacity"}
    )
    assert response["Location"] == reverse("portal:lead_list")
    assert (
        LeadOffer.objects.get(lead=lead, partner=charlie(leads_world)).status
        == OfferStatus.DECLINED
    )
    assert "Umbrella Logistics" not in client.get(reverse("portal:lead_list")).content.decode()


@pytest.mark.parametrize("count", [1, 6])
def test_list_pages_take_the_same_number_of_queries_however_many_leads(
    leads_world: World, count: int
) -> None:
    for i in range(count):
        _lead(leads_world, f"Umbrella {i} Logistics")
    console, portal = login(Client(), leads_world.cm), login(Client(), cleo(leads_world))
    with CaptureQueriesContext(connection) as queue:
        assert console.get(reverse("console:lead_queue")).status_code == 200
    with CaptureQueriesContext(connection) as mine:
        assert portal.get(reverse("portal:lead_list")).status_code == 200
    assert (len(queue), len(mine)) == (QUEUE_QUERIES, PORTAL_QUERIES)


QUEUE_QUERIES, PORTAL_QUERIES = 11, 9  # session, user, roles, partner, then one per relation


def test_the_funnel_counts_how_far_each_partners_leads_got(leads_world: World) -> None:
    first, second = _lead(leads_world, "First Co"), _lead(leads_world, "Second Co")
    c_actor = leads_world.actor(cleo(leads_world))
    first = services.lead_accept(actor=c_actor, offer=LeadOffer.objects.get(lead=first))
    first = services.lead_update(actor=c_actor, lead=first, status="contacted", note="Called")
    first = services.lead_convert(actor=c_actor, lead=first)
    services.lead_update(actor=c_actor, lead=first, status="won", note="Signed")
    services.lead_decline(
        actor=c_actor,
        offer=LeadOffer.objects.get(lead=second, partner=charlie(leads_world)),
        reason="no_capacity",
    )
    rows = {
        r.partner_name.split(" (")[0]: r
        for r in selectors.lead_funnel(actor=leads_world.actor(leads_world.cm))
    }
    charlie_row = rows["Charlie Cloud"]
    counts = (charlie_row.received, charlie_row.accepted, charlie_row.contacted)
    assert (*counts, charlie_row.converted, charlie_row.won) == (2, 1, 1, 1, 1)
    assert charlie_row.acceptance == 0.5 and charlie_row.win_rate == 1.0
    assert rows["Alpha Systems"].received == 1 and rows["Alpha Systems"].accepted == 0
    assert selectors.lead_funnel(actor=leads_world.actor(leads_world.a_admin)) == []
    page = login(Client(), leads_world.cm).get(reverse("console:lead_funnel")).content.decode()
    assert "Charlie Cloud" in page and "All partners" in page and "50 %" in page


def test_a_decline_without_a_valid_reason_is_refused_and_the_offer_stays_open(
    leads_world: World,
) -> None:
    lead = _lead(leads_world)
    client = login(Client(), cleo(leads_world))
    for body in ({}, {"reason": "bored"}, {"reason": "no_capacity", "note": "x" * 2001}):
        response = client.post(reverse("portal:lead_decline", args=[lead.pk]), body)
        assert response.status_code == 422 and response.context["decline_form"].errors
        assert body.get("note", "") in response.content.decode()  # what was typed is kept
    offer = LeadOffer.objects.get(lead=lead, partner=charlie(leads_world))
    assert offer.status == OfferStatus.OPEN


def test_an_update_with_an_unknown_status_is_refused_and_changes_nothing(
    leads_world: World,
) -> None:
    lead = _lead(leads_world)
    client = login(Client(), cleo(leads_world))
    client.post(reverse("portal:lead_accept", args=[lead.pk]))
    before = Lead.objects.get(pk=lead.pk).status
    response = client.post(
        reverse("portal:lead_update", args=[lead.pk]), {"status": "won-big"}, follow=True
    )
    assert list(response.context["messages"])
    assert Lead.objects.get(pk=lead.pk).status == before
    assert not lead.activities.exists()


def test_an_assignment_naming_no_partner_is_refused(leads_world: World) -> None:
    lead = _lead(leads_world)
    client = login(Client(), leads_world.cm)
    for body in ({"partner": "abc", "reason": "x"}, {"partner": "99999999999999999999"}):
        response = client.post(reverse("console:lead_assign", args=[lead.pk]), body, follow=True)
        assert list(response.context["messages"])
    assert Lead.objects.get(pk=lead.pk).status == LeadStatus.OFFERED


def test_a_lead_is_not_won_before_it_is_converted_and_the_typed_note_stays(
    leads_world: World,
) -> None:
    lead = _lead(leads_world, "Straight Win Co")
    c_actor = leads_world.actor(cleo(leads_world))
    lead = services.lead_accept(actor=c_actor, offer=LeadOffer.objects.get(lead=lead))
    client = login(Client(), cleo(leads_world))
    response = client.post(
        reverse("portal:lead_update", args=[lead.pk]),
        {"status": "won", "note": "They signed the order today"},
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "They signed the order today" in page
    lead.refresh_from_db()
    assert lead.status == "accepted"
    with pytest.raises(DomainError):
        services.lead_update(actor=c_actor, lead=lead, status="won", note="Signed")
    detail = client.get(reverse("portal:lead_detail", args=[lead.pk])).content.decode()
    assert 'value="won"' not in detail
