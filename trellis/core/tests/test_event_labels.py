"""Every audited event is shown in words, in the reader's language, never as its code."""

from __future__ import annotations

import ast
import pathlib

from django.utils import translation

from trellis.core.events import described_verbs, event_label

ROOT = pathlib.Path(__file__).resolve().parents[2]
# Verbs built from a value: every value they can take.
FORMED = {
    "appeal.": ("upheld", "overturned"),
    "application.": ("on_hold", "accepted", "rejected"),
    "tier.": ("warned", "recovered"),
    "document.": ("accepted", "rejected"),
    "deal.co_seller_": ("accepted", "declined"),
    "deal.": ("won", "lost"),
    "partner.": ("applicant", "onboarding", "active", "suspended", "offboarding", "offboarded"),
    "fund_transfer.": ("approved", "rejected"),
    "dispute.": ("accepted", "rejected"),
}


def _recorded_verbs() -> set[str]:
    """The verbs the code records: the event name given to record(), build() or Step()."""
    verbs: set[str] = set()
    for path in ROOT.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            name = getattr(getattr(node, "func", None), "attr", "") or getattr(
                getattr(node, "func", None), "id", ""
            )
            if not isinstance(node, ast.Call) or name not in ("record", "build", "Step"):
                continue
            for arg in node.args[:3]:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    if "." in arg.value and " " not in arg.value:
                        verbs.add(arg.value)
                elif isinstance(arg, ast.JoinedStr):
                    head = arg.values[0]
                    prefix = str(head.value) if isinstance(head, ast.Constant) else ""
                    verbs |= {prefix + v for v in FORMED[prefix]}
    return verbs


def test_every_recorded_event_has_words() -> None:
    recorded = _recorded_verbs()
    assert len(recorded) > 60
    assert not recorded - described_verbs(), sorted(recorded - described_verbs())


def test_event_words_follow_the_readers_language() -> None:
    assert event_label("deal.vendor_joined") == "The vendor's team joined"
    with translation.override("de"):
        assert event_label("deal.approved") != "Approved"
    assert event_label("made.up_verb") == "Made: up verb"  # never the bare code


def test_changes_read_in_words_even_for_keys_that_name_no_field() -> None:
    from trellis.core.event_changes import readable_changes
    from trellis.core.models import DomainEvent

    event = DomainEvent(
        verb="deal.submitted",
        object_type="deals.dealregistration",
        object_id="1",
        before={"status": "draft", "sla_due_at": None},
        after={"status": "submitted", "check": "clear", "sla_due_at": "2026-12-07T15:00:00+00:00"},
    )
    changes = {name: (old, new) for name, old, new in readable_changes(event)}
    assert changes["Status"] == ("Draft", "Submitted")
    assert changes["Check"] == (None, "clear")
    assert changes["Decision due"][1] is not None and "UTC" in changes["Decision due"][1]
