"""`trellis seed --partners N [--seed S]`: load the synthetic ecosystem."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from trellis.demo.generator import DEMO_PASSWORD, EcosystemGenerator


class Command(BaseCommand):
    help = "Load a deterministic, realistic synthetic partner ecosystem."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--partners", type=int, default=500)
        parser.add_argument(
            "--no-logins", action="store_true", help="do not list logins (trellis demo lists them)"
        )
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--users-per-partner", type=float, default=5.0)
        parser.add_argument("--customers", type=int, default=None, help="default: 20 per partner")
        parser.add_argument(
            "--deals", type=int, default=None, help="deal registrations (default: up to 400)"
        )
        parser.add_argument(
            "--leads",
            type=int,
            default=None,
            help="leads of history (default: 3 per partner, up to 1,500)",
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        started = time.perf_counter()
        report = EcosystemGenerator(
            partners=opts["partners"],
            seed=opts["seed"],
            users_per_partner=opts["users_per_partner"],
            customers=opts["customers"],
            deals=opts["deals"],
            leads=opts["leads"],
        ).run()
        took = time.perf_counter() - started
        self.stdout.write(
            f"Seeded {report.partners} partners, {report.users} partner users, "
            f"{report.customers} customer "
            f"accounts, {report.products} products, {report.deals} deal registrations "
            f"({report.conflicts} conflicts), "
            f"{report.leads} leads, {report.cosells} co-sells, {report.bundles} bundles, "
            f"{report.courses} courses with {report.enrollments} enrollments and "
            f"{report.certifications} certifications, {report.applications} partner "
            f"applications, {report.fund_requests} fund requests, {report.statements} earnings "
            f"statements in {took:.1f} s."
        )
        if opts["no_logins"]:
            return
        self.stdout.write(f"Sign in with any of these (password: {DEMO_PASSWORD}):")
        for email, what in report.logins:
            self.stdout.write(f"  {email:<40} {what}")
