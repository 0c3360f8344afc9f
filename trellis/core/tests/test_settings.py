"""Production settings refuse unsafe configurations and pass Django's deployment checks."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

import pytest


def _run(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in ("SECRET_KEY", "DEBUG", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings.prod", ALLOWED_HOSTS="trellis.example", **env
    )
    return subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, timeout=60
    )


CHECK = "from trellis.cli import main; main(['check', '--deploy', '--fail-level', 'WARNING'])"


def test_production_passes_the_deployment_checks_and_hashes_with_argon2() -> None:
    result = _run(CHECK, SECRET_KEY=secrets.token_urlsafe(60))
    assert result.returncode == 0, result.stderr
    hasher = _run(
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.PASSWORD_HASHERS[0])",
        SECRET_KEY=secrets.token_urlsafe(60),
    )
    assert hasher.stdout.strip().endswith("Argon2PasswordHasher")


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "SECRET_KEY must be set"),
        ({"DEBUG": "1", "SECRET_KEY": secrets.token_urlsafe(60)}, "DEBUG must be off"),
    ],
)
def test_production_refuses_to_start_when_unsafe(env: dict[str, str], message: str) -> None:
    result = _run(CHECK, **env)
    assert result.returncode != 0 and message in result.stderr
