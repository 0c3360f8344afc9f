"""`trellis worker`: run the task worker (django-q2 cluster) and register periodic jobs."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from trellis.core.schedules import ensure_schedules


class Command(BaseCommand):
    help = "Run background workers: e-mail, webhooks, timers and other scheduled jobs."

    def handle(self, *args: Any, **opts: Any) -> None:
        ensure_schedules()
        call_command("qcluster")
