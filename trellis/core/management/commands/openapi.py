"""`trellis openapi --output F` writes the API schema; `--check F` fails when F is stale."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Write or check the committed OpenAPI schema (docs/openapi.json)."

    def add_arguments(self, parser: Any) -> None:
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--output")
        group.add_argument("--check")

    def handle(self, *args: Any, **opts: Any) -> None:
        from config.api import api

        text = (
            json.dumps(
                api.get_openapi_schema(path_prefix="/api/v1/"),
                indent=2,
                sort_keys=True,
                ensure_ascii=False,
            )
            + "\n"
        )
        if opts["output"]:
            Path(opts["output"]).write_text(text, encoding="utf-8")
            self.stdout.write(f"Wrote {opts['output']}")
            return
        path = Path(opts["check"])
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            raise CommandError(f"{path} is out of date: run `make openapi` and commit the result.")
        self.stdout.write(f"{path} matches the API.")
