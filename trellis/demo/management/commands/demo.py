"""`trellis demo`: migrate, seed once, then run the web server and a task worker together."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from trellis.demo.clock import bring_to_today
from trellis.demo.generator import ADMIN_EMAIL, DEMO_PASSWORD
from trellis.partners.models import Partner


def _answers(port: int, web: subprocess.Popen[bytes], wait: float = 60) -> bool:
    """Whether the web server accepts connections (False if it exited first)."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline and web.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return True
        except OSError:
            time.sleep(0.2)
    return False


class Command(BaseCommand):
    help = "Run the demo: SQLite database, synthetic ecosystem, web server and task worker."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--partners", type=int, default=500)
        parser.add_argument("--no-serve", action="store_true", help="prepare the database and stop")

    def handle(self, *args: Any, **opts: Any) -> None:
        call_command("migrate", verbosity=0)
        if not Partner.objects.exists():
            self.stdout.write(f"Seeding {opts['partners']} partners (first run only)...")
            call_command("seed", partners=opts["partners"], no_logins=True, stdout=self.stdout)
        else:
            moved = bring_to_today()
            if moved:
                self.stdout.write(
                    f"Demo data moved {moved.days} days forward, so its dates read from today."
                )
            self.stdout.write("Database already seeded; remove var/trellis.sqlite3 to start over.")
        if opts["no_serve"]:
            self._print_logins()
            return
        self._serve(opts["port"])

    def _print_logins(self) -> None:
        from trellis.accounts.selectors import demo_partner_admins

        self.stdout.write("")
        self.stdout.write(f"Password for every demo login: {DEMO_PASSWORD}")
        self.stdout.write(f"  {ADMIN_EMAIL:<42} vendor admin (console)")
        self.stdout.write(f"  {'cm1@trellis.example':<42} channel manager (console)")
        for email, partner in demo_partner_admins(limit=3):
            self.stdout.write(f"  {email:<42} partner admin of {partner} (portal)")
        for email, partner in demo_partner_admins(limit=1, status="onboarding"):
            self.stdout.write(f"  {email:<42} partner admin of {partner}, new (onboarding)")

    def _serve(self, port: int) -> None:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": os.environ.get(
                "DJANGO_SETTINGS_MODULE", "config.settings.dev"
            ),
            # links in notifications and e-mails point at this server
            "TRELLIS_BASE_URL": os.environ.get("TRELLIS_BASE_URL", f"http://127.0.0.1:{port}"),
        }
        cli = [sys.executable, "-m", "trellis.cli"]
        worker = subprocess.Popen([*cli, "worker"], env=env)
        web = subprocess.Popen([*cli, "runserver", f"127.0.0.1:{port}", "--noreload"], env=env)
        if _answers(port, web):
            self._print_logins()
            self.stdout.write(
                f"\nTrellis is running on http://127.0.0.1:{port}/  (Ctrl-C stops the server "
                f"and worker; e-mails it sends are files in var/mail/)\n"
            )
        stopping = False

        def stop(*_: Any) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            while not stopping and web.poll() is None and worker.poll() is None:
                time.sleep(0.3)
        finally:
            for proc in (web, worker):
                if proc.poll() is None:
                    proc.send_signal(signal.SIGTERM)
            for proc in (web, worker):
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
        self.stdout.write("Stopped.")
