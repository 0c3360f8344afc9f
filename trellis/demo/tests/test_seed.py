"""The demo ecosystem seeds without errors and holds what the demo shows: deals and leads in many
states."""

from __future__ import annotations

import pytest

from trellis.deals.models import DealRegistration
from trellis.demo.generator import EcosystemGenerator
from trellis.leads.models import Lead, RoutingDecision, WebForm
from trellis.partners.models import Partner

pytestmark = pytest.mark.django_db


def test_a_small_ecosystem_seeds_partners_deals_and_a_history_of_leads() -> None:
    report = EcosystemGenerator(partners=40, seed=3, customers=400, deals=30, leads=120).run()
    assert report.partners == 40 and report.deals > 0 and report.leads > 100
    assert Partner.objects.exclude(latitude=None).count() > 30  # placed for proximity routing
    statuses = set(Lead.objects.values_list("status", flat=True))
    assert {"won", "lost"} <= statuses and statuses & {"offered", "accepted", "contacted", "new"}
    assert RoutingDecision.objects.exists()  # live leads were routed by the real engine
    assert WebForm.objects.filter(is_active=True).exists()
    assert DealRegistration.objects.values("status").distinct().count() >= 3


def test_the_demo_prepares_its_database_and_lists_the_logins_once() -> None:
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("demo", "--no-serve", partners=20, stdout=out)
    printed = out.getvalue()
    assert Partner.objects.count() == 20
    assert printed.count("trellis-demo-2026") == 1  # the password, said once
    assert printed.count("admin@trellis.example") == 1
    assert "partner admin of" in printed
