"""Markdown that vendors write and partners read: rendered with markdown-it-py, sanitised with
nh3, and refused outright when it tries to run code (a script, an event handler, a
``javascript:`` link), so the author learns at once instead of finding the text silently cut."""

from __future__ import annotations

import re

import nh3
from django.utils.translation import gettext as _
from markdown_it import MarkdownIt

from .exceptions import InvalidInput

_RENDERER = MarkdownIt("commonmark", {"html": True, "linkify": False}).enable("table")
_TAG_TEXT = """
    p br hr h1 h2 h3 h4 h5 h6 strong em b i u s code pre blockquote ul ol li a img
    table thead tbody tr th td sup sub
"""
_TAGS = set(_TAG_TEXT.split())
_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "th": {"align"}}
_ATTRIBUTES["td"] = {"align"}
# What makes text run code in a reader's browser. Matched on the source, before rendering.
_UNSAFE = (
    (re.compile(r"<\s*(script|iframe|object|embed|style|form|meta|link|base)\b", re.I), "tag"),
    (re.compile(r"<[^>]*\son[a-z]+\s*=", re.I | re.S), "handler"),
    (
        re.compile(
            r"(?:\]\(\s*<?|\b(?:href|src)\s*=\s*[\"']?\s*|<)(javascript|vbscript|data)\s*:",
            re.I,
        ),
        "url",
    ),
)


def markdown_problem(source: str) -> str:
    """Why ``source`` is refused, in words ("" when it is fine)."""
    for pattern, kind in _UNSAFE:
        found = pattern.search(source)
        if found is None:
            continue
        if kind == "tag":
            return _("Scripts and embedded pages are not allowed (found <%(tag)s>).") % {
                "tag": found.group(1).lower()
            }
        if kind == "handler":
            return _("HTML event handlers such as onclick are not allowed.")
        return _("Links must start with https:// or http:// (found %(scheme)s:).") % {
            "scheme": found.group(1).lower()
        }
    return ""


def render_markdown(source: str, *, field: str = "body") -> str:
    """Safe HTML for ``source``; refuses unsafe Markdown with a clear message."""
    problem = markdown_problem(source)
    if problem:
        raise InvalidInput(problem, field=field)
    html = _RENDERER.render(source)
    # The second line of defence: whatever the check above missed, nh3 removes.
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
