"""Every interface string ships in every portal language, with placeholders intact."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.fixtures import World, login

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
LANGUAGES = [code for code, _ in settings.LANGUAGES if code != "en"]
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _entries(language: str) -> list[tuple[str, list[str], bool]]:
    text = (LOCALE_DIR / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    out = []
    for block in text.split("\n\n")[1:]:
        msgid = "".join(re.findall(r'^(?:msgid|")\s*"?(.*?)"$', block.split("msgstr")[0], re.M))
        strings = [
            "".join(re.findall(r'"(.*)"', part))
            for part in re.split(r"^msgstr(?:\[\d\])? ", block, flags=re.M)[1:]
        ]
        if msgid or strings:
            out.append((msgid, strings, "#, fuzzy" in block))
    return out


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_is_complete_and_keeps_placeholders(language: str) -> None:
    entries = _entries(language)
    assert len(entries) > 250
    untranslated = [m for m, strings, _ in entries if not all(strings)]
    fuzzy = [m for m, _, f in entries if f]
    broken = [
        m
        for m, strings, _ in entries
        if any(set(PLACEHOLDER.findall(s)) != set(PLACEHOLDER.findall(m)) for s in strings)
        and "%(n)s" not in m
    ]
    assert not untranslated and not fuzzy and not broken


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "greeting"),
    [("de", "Willkommen"), ("fr", "Bienvenue"), ("es", "Bienvenido"), ("ja", "ようこそ")],
)
def test_portal_home_speaks_the_chosen_language(world: World, language: str, greeting: str) -> None:
    client = login(Client(), world.a_admin)
    client.post(reverse("set_language"), {"language": language, "next": "/portal/"})
    body = client.get(reverse("portal:home")).content.decode()
    assert greeting in body and f'lang="{language}"' in body


@pytest.mark.django_db
def test_dates_follow_the_locale(world: World) -> None:
    from django.template import Context, Template

    template = Template('{{ when|date:"SHORT_DATE_FORMAT" }}')
    import datetime as dt

    when = dt.date(2026, 11, 23)
    with translation.override("de"):
        assert template.render(Context({"when": when})) == "23.11.2026"
    with translation.override("ja"):
        assert template.render(Context({"when": when})) == "2026/11/23"
