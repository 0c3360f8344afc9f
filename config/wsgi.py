"""WSGI entry point for gunicorn: `gunicorn config.wsgi`."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.prod")

from trellis.core.handlers import surfaces_application  # settings module first

application = surfaces_application()
