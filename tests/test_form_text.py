"""Forms hold text to the API's rules: no NUL or control characters, one line where one is
expected. A crafted POST once could put a line break in a name that later became a mail header.
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django import forms
from django.test import Client
from django.urls import reverse

import trellis
from tests.fixtures import World, login
from trellis.core.forms import TextRules
from trellis.core.models import DomainEvent


def _trellis_forms() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(trellis.__path__, "trellis."):
        if ".tests" not in module.name and ".migrations" not in module.name:
            importlib.import_module(module.name)
    found, stack = [], list(forms.BaseForm.__subclasses__())
    while stack:
        cls = stack.pop()
        stack += cls.__subclasses__()
        if cls.__module__.startswith("trellis.") and ".tests" not in cls.__module__:
            found.append(cls)
    return found


def test_every_trellis_form_applies_the_text_rules() -> None:
    found = _trellis_forms()
    assert len(found) > 25
    loose = [f"{c.__module__}.{c.__name__}" for c in found if not issubclass(c, TextRules)]
    assert not loose, loose


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("city", "Berlin\r\nBcc: x@example.com", "one line"),
        ("domain", "alpha.test\u0007", "one line"),
        ("description", "Fine\u0000text", "NUL"),
        ("description", "Fine\u001btext", "control characters"),
    ],
)
def test_a_profile_form_refuses_what_the_api_refuses(
    world: World, field: str, value: str, says: str
) -> None:
    client = login(Client(), world.a_admin)
    events = DomainEvent.objects.count()
    data = {"city": "Berlin", "domain": "alpha.test", "description": "", field: value}
    response = client.post(reverse("portal:company"), data)
    assert response.status_code == 200  # the form again, with the error
    assert says in response.content.decode()
    assert DomainEvent.objects.count() == events
    world.partner_a.refresh_from_db()
    assert "\n" not in world.partner_a.city and "\x07" not in world.partner_a.domain


@pytest.mark.django_db
def test_a_multi_line_field_keeps_its_line_breaks(world: World) -> None:
    client = login(Client(), world.a_admin)
    data = {"city": "Berlin", "domain": "alpha.test", "description": "One\r\nTwo\tthree"}
    assert client.post(reverse("portal:company"), data).status_code == 302
    world.partner_a.refresh_from_db()
    assert world.partner_a.description.splitlines() == ["One", "Two\tthree"]


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["console:deal_list", "console:audit_log"])
def test_a_partner_filter_beyond_64_bits_is_refused_not_a_server_error(
    world: World, page: str
) -> None:
    client = login(Client(), world.admin)
    response = client.get(reverse(page), {"partner": "9" * 20})
    assert response.status_code == 200  # was a 500 (OverflowError on SQLite)
    assert "Ensure this value is less than or equal to" in response.content.decode()
