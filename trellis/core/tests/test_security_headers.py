"""Security headers on every HTML page: a policy with no inline script, no framing, no sniffing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.fixtures import World, login

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2]


def _directives(header: str) -> dict[str, list[str]]:
    out = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


@pytest.mark.parametrize("page", ["portal:home", "portal:deal_list", "account_login"])
def test_pages_forbid_inline_script_framing_and_sniffing(world: World, page: str) -> None:
    client = login(Client(), world.a_admin) if page.startswith("portal") else Client()
    response = client.get(reverse(page))
    assert response.status_code == 200
    policy = _directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval'
    assert policy["frame-ancestors"] == ["'none'"] and policy["object-src"] == ["'none'"]
    assert policy["default-src"] == ["'self'"] and policy["form-action"] == ["'self'"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_the_api_docs_page_cannot_be_framed(client: Client) -> None:
    response = client.get("/api/v1/docs")
    assert response.status_code == 200 and response["X-Frame-Options"] == "DENY"
    assert _directives(response["Content-Security-Policy"])["frame-ancestors"] == ["'none'"]


def test_a_public_web_form_may_be_framed_only_by_the_sites_it_names(world: World) -> None:
    from trellis.leads.services.intake import web_form_save

    form = web_form_save(
        actor=world.actor(world.cm),
        form=None,
        name="Contact us",
        program_id=None,
        thank_you="",
        embed_origins="https://www.example.com",
        is_active=True,
    )
    response = Client().get(reverse("lead_web_form", args=[form.key]))
    policy = _directives(response["Content-Security-Policy"])
    assert policy["frame-ancestors"] == ["https://www.example.com"]
    assert policy["script-src"] == ["'self'"] and "X-Frame-Options" not in response


def test_no_template_carries_inline_script_or_event_handlers() -> None:
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
    handler = re.compile(r"\son[a-z]+\s*=", re.I)
    found = [
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if inline_script.search(path.read_text()) or handler.search(path.read_text())
    ]
    assert not found, found
