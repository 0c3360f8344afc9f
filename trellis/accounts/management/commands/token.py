"""`trellis token create EMAIL [--name N]`: print a new API token for scripts."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from trellis.accounts.services import token_create_for_email
from trellis.core.exceptions import DomainError


class Command(BaseCommand):
    help = "Manage API tokens."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create a token and print it (shown once).")
        create.add_argument("email")
        create.add_argument("--name", default="command line")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            issued = token_create_for_email(email=opts["email"], name=opts["name"])
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(issued.raw)
