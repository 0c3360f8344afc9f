"""The `trellis` command: Django management with the right settings chosen for you.

`trellis demo` and `trellis worker` are management commands like any other;
without DJANGO_SETTINGS_MODULE, the development settings (SQLite) are used.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["trellis", *(argv if argv is not None else sys.argv[1:])])
    return 0


if __name__ == "__main__":
    sys.exit(main())
