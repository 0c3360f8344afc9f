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
    # the twenty asked for, and the applicants the channel team accepted (now onboarding)
    assert Partner.objects.filter(application__isnull=True).count() == 20
    assert Partner.objects.filter(application__status="accepted").count() == 3
    assert "(onboarding)" in printed
    assert printed.count("trellis-demo-2026") == 1  # the password, said once
    assert printed.count("admin@trellis.example") == 1
    assert "partner admin of" in printed


def test_customer_names_read_like_companies_without_serial_numbers() -> None:
    import re

    from trellis.customers.models import CustomerAccount

    EcosystemGenerator(partners=40, seed=3, customers=2000, deals=0, leads=0).run()
    names = list(CustomerAccount.objects.values_list("name", flat=True))
    assert len(names) == 2000
    assert not [n for n in names if re.search(r"\d", n)]
    assert len({n.lower() for n in names}) > 1400  # the rest are the CRM's own duplicates


def test_a_demo_started_days_after_seeding_reads_from_today() -> None:
    import datetime as dt

    from django.db.models import Max
    from django.utils import timezone

    from trellis.core.models import DomainEvent
    from trellis.demo.clock import bring_to_today

    EcosystemGenerator(partners=30, seed=5, customers=300, deals=20, leads=40).run()
    deal = (
        DealRegistration.objects.exclude(sla_due_at=None).first()
        or DealRegistration.objects.first()
    )
    assert deal is not None
    later = timezone.now() + dt.timedelta(days=9)
    moved = bring_to_today(now=later)
    assert dt.timedelta(days=9) <= moved < dt.timedelta(days=9, minutes=5)
    fresh = DealRegistration.objects.get(pk=deal.pk)
    assert fresh.created_at - deal.created_at == moved
    assert fresh.expected_close - deal.expected_close == dt.timedelta(days=moved.days)
    latest = DomainEvent.objects.aggregate(m=Max("occurred_at"))["m"]
    assert abs((later - latest).total_seconds()) < 5
    assert bring_to_today(now=later) == dt.timedelta(0)  # already current


def test_the_demo_has_a_catalogue_in_every_language_and_learning_in_every_state() -> None:
    from django.utils import timezone

    from trellis.learning.models import (
        CertificationAward,
        CourseVersion,
        Enrollment,
        LearningPath,
        QuizAttempt,
    )

    report = EcosystemGenerator(partners=60, seed=4, customers=300, deals=10, leads=20).run()
    assert report.courses >= 5 and report.enrollments > 50 and report.certifications > 5
    published = set(
        CourseVersion.objects.filter(status="published").values_list("language", flat=True)
    )
    assert published == {"en", "de", "fr", "es", "ja"}
    # A path every partner can follow exists in each language (its courses have that edition).
    onboarding = LearningPath.objects.get(required_for_onboarding=True)
    for language in ("en", "de", "fr", "es", "ja"):
        assert all(
            step.course.versions.filter(language=language, status="published").exists()
            for step in onboarding.steps.all()
        ), language
    assert {"completed", "in_progress", "enrolled"} <= set(
        Enrollment.objects.values_list("status", flat=True)
    )
    assert QuizAttempt.objects.filter(passed=False).exists()  # some people failed a first try
    now = timezone.now()
    assert CertificationAward.objects.filter(expires_at__lte=now).exists()
    assert CertificationAward.objects.filter(expires_at__gt=now).exists()
