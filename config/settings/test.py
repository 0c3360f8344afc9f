"""Test settings: the database comes from DATABASE_URL (PostgreSQL) or a SQLite file."""

import os

from .base import *  # noqa: F403
from .base import BASE_DIR, database_from_env

SECRET_KEY = "test-only-secret-key-trellis-0123456789abcdefghijklmnop"
DEBUG = False
ALLOWED_HOSTS = ["*"]
DATABASES = {"default": database_from_env(f"sqlite:///{BASE_DIR / 'var' / 'test.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file (not :memory:) so worker processes and the live server share it.
    DATABASES["default"]["TEST"] = {
        "NAME": os.environ.get(
            "TRELLIS_TEST_SQLITE", str(BASE_DIR / "var" / "test_trellis.sqlite3")
        )
    }
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
Q_CLUSTER = {**Q_CLUSTER, "sync": os.environ.get("TRELLIS_TASKS_SYNC", "1") == "1"}  # noqa: F405
ACCOUNT_RATE_LIMITS = {"login_failed": "5/5m/key"}
# A task-worker process started by a test points at the test database by name.
if os.environ.get("TRELLIS_TEST_DB_NAME"):
    DATABASES["default"]["NAME"] = os.environ["TRELLIS_TEST_DB_NAME"]
