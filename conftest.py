"""Test set-up shared by every test: a small two-partner ecosystem, API clients, a browser."""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # live_server + Playwright share the DB

pytest_plugins = ["tests.fixtures"]
