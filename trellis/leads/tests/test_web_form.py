"""The public web-to-lead form: people get through, bots and floods do not, and every lead is
routed."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from tests.fixtures import World, login
from trellis.leads.models import Lead, LeadOffer, WebForm
from trellis.leads.public import views
from trellis.leads.services import intake

from .conftest import charlie

pytestmark = pytest.mark.django_db


def _form(world: World, **extra: Any) -> WebForm:
    return intake.web_form_save(
        actor=world.actor(world.cm),
        form=None,
        name="Talk to an expert",
        program_id=None,
        thank_you="Thanks! A partner will call you.",
        embed_origins="https://www.vendor.example",
        is_active=True,
        **extra,
    )


def _post(form: WebForm, *, age: float = 30, client: Client | None = None, **extra: str) -> Any:
    stamp = views._SIGNER.sign_object({"f": form.key, "t": time.time() - age})
    body = {
        "company": "Umbrella Logistics",
        "name": "Ursula Buyer",
        "email": "ursula@umbrella.example",
        "country": "DE",
        "city": "Berlin",
        "postal_code": "10115",
        "message": "Need a demo",
        "started": stamp,
        **extra,
    }
    return (client or Client()).post(
        reverse("lead_web_form", args=[form.key]), body, REMOTE_ADDR="198.51.100.7"
    )


def test_a_visitor_sends_the_form_and_the_lead_is_routed(leads_world: World) -> None:
    form = _form(leads_world)
    page = Client().get(reverse("lead_web_form", args=[form.key]))
    assert page.status_code == 200 and "Talk to an expert" in page.content.decode()
    assert "frame-ancestors https://www.vendor.example;" in page["Content-Security-Policy"] + ";"
    assert "X-Frame-Options" not in page
    response = _post(form)
    assert response.status_code == 200 and "A partner will call you" in response.content.decode()
    lead = Lead.objects.get()
    assert lead.source == "web_form" and lead.status == "offered" and lead.notes == "Need a demo"
    assert LeadOffer.objects.get(lead=lead).partner == charlie(leads_world)


@pytest.mark.parametrize(
    ("post", "status"),
    [
        ({"age": 1}, 400),  # faster than a person fills a form
        ({"age": 2 * 86400}, 400),  # a stamp from another day
        ({"website": "http://spam.example"}, 400),  # the honeypot
        ({"started": "forged"}, 400),
    ],
)
def test_bots_are_refused_and_nothing_is_saved(
    leads_world: World, post: dict[str, Any], status: int
) -> None:
    form = _form(leads_world)
    age = post.pop("age", 30)
    response = _post(form, age=age, **post)
    assert response.status_code == status and not Lead.objects.exists()


def test_a_flood_from_one_address_is_cut_off(leads_world: World) -> None:
    from django.conf import settings

    allowed = int(settings.TRELLIS_RATE_LIMITS["web-form"].split("/")[0])
    form = _form(leads_world)
    responses = [_post(form, company=f"Company {i}") for i in range(allowed + 1)]
    assert [r.status_code for r in responses] == [200] * allowed + [429]
    assert int(responses[-1]["Retry-After"]) > 0
    assert Lead.objects.count() == allowed


def test_missing_fields_are_shown_and_nothing_is_saved(leads_world: World) -> None:
    response = _post(_form(leads_world), email="", country="")
    assert response.status_code == 200 and not Lead.objects.exists()
    assert "This field is required" in response.content.decode()


def test_a_closed_or_unknown_form_is_not_found(leads_world: World) -> None:
    form = _form(leads_world)
    intake.web_form_save(
        actor=leads_world.actor(leads_world.cm),
        form=form,
        name=form.name,
        program_id=None,
        thank_you="",
        embed_origins="",
        is_active=False,
    )
    assert Client().get(reverse("lead_web_form", args=[form.key])).status_code == 404
    assert Client().get(reverse("lead_web_form", args=["nope"])).status_code == 404


def test_the_console_manages_forms_and_gives_the_embed_code(leads_world: World) -> None:
    client = login(Client(), leads_world.cm)
    bad = client.post(
        reverse("console:web_form_new"),
        {"name": "Demo", "embed_origins": "not a url", "is_active": "on"},
    )
    assert (
        bad.status_code == 200
        and "https://www.example.com" in bad.content.decode()
        and not WebForm.objects.exists()
    )
    client.post(
        reverse("console:web_form_new"),
        {"name": "Demo request", "embed_origins": "https://a.example", "is_active": "on"},
    )
    form = WebForm.objects.get()
    listing = client.get(reverse("console:web_forms")).content.decode()
    assert (
        "Demo request" in listing
        and f"/forms/leads/{form.key}/" in listing
        and "&lt;iframe" in listing
    )


def test_the_signed_stamp_belongs_to_its_form(leads_world: World) -> None:
    first, second = _form(leads_world), _form(leads_world)
    stamp = signing.Signer(salt="trellis.leads.web-form").sign_object(
        {"f": first.key, "t": time.time() - 30}
    )
    response = _post(second, started=stamp)
    assert response.status_code == 400 and not Lead.objects.exists()
