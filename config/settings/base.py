"""Settings shared by every environment; the others override only what differs."""

import os
from pathlib import Path
from typing import Any, cast

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "template_partials",
    "django_q",
    "ninja",
    "csp",
    "trellis.core",
    "trellis.accounts",
    "trellis.partners",
    "trellis.customers",
    "trellis.catalog",
    "trellis.deals",
    "trellis.leads",
    "trellis.cosell",
    "trellis.learning",
    "trellis.lifecycle",
    "trellis.funds",
    "trellis.incentives",
    "trellis.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "trellis.core.middleware.RequestIdMiddleware",
    "trellis.core.middleware.ApiProblemMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "trellis.core.middleware.BodyLimitMiddleware",
    "trellis.core.middleware.ApiRequestMiddleware",  # for tests' client, which takes this chain
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "trellis.accounts.middleware.ActorMiddleware",
    "trellis.accounts.middleware.SignInLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "trellis.core.idempotency.IdempotencyMiddleware",
]

# /api/ requests take this shorter chain (trellis.core.handlers): tokens, not sessions.
API_MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "trellis.core.middleware.RequestIdMiddleware",
    "trellis.core.middleware.ApiProblemMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "trellis.core.middleware.BodyLimitMiddleware",
    "trellis.core.middleware.ApiRequestMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",  # the API docs page
    "csp.middleware.CSPMiddleware",
    "trellis.core.idempotency.IdempotencyMiddleware",
]

# Request bodies: 2.5 MiB (Django's default) unless a path is named here. An account list of
# 200,000 accounts (the most PUT /account-list takes) is about 20 MB of JSON.
TRELLIS_BODY_LIMIT = 2_621_440
TRELLIS_BODY_LIMITS = {"/api/v1/account-list": 64 * 1024 * 1024}
# API operations that take files, as multipart forms (every other body is JSON).
TRELLIS_MULTIPART_API = [r"/api/v1/mdf-requests/\d+/claims"]
DATA_UPLOAD_MAX_MEMORY_SIZE = max(TRELLIS_BODY_LIMIT, *TRELLIS_BODY_LIMITS.values())
# API addresses (path and query): longer ones answer 414. gunicorn.conf.py lets gunicorn read
# request lines twice this long, so that the refusal is the API's own problem+json.
TRELLIS_URL_LIMIT = 4096

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "trellis" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "trellis.accounts.context_processors.actor",
            ],
        },
    }
]


def database_from_env(default: str) -> dict:
    """DATABASE_URL selects PostgreSQL in production; SQLite (WAL) is the embedded default."""
    config = dict(dj_database_url.parse(os.environ.get("DATABASE_URL", default), conn_max_age=60))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers proceed while one writer commits; IMMEDIATE avoids
        # the "database is locked" upgrade deadlock between two writers.
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
            ),
        }
        config["CONN_MAX_AGE"] = 0
    else:
        # Parameters travel apart from the SQL, so psycopg prepares a statement the
        # server has seen a few times and PostgreSQL stops re-planning the hot path.
        given = cast(dict[str, Any], config.get("OPTIONS") or {})  # e.g. sslmode from the URL
        config["OPTIONS"] = {"server_side_binding": True, "prepare_threshold": 5, **given}
    return config


DATABASES = {"default": database_from_env(f"sqlite:///{BASE_DIR / 'var' / 'trellis.sqlite3'}")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "trellis.accounts.backends.ActiveMemberBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

# django-allauth: email is the login; nobody signs up on their own (partners
# arrive by application or invitation).
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "trellis.accounts.adapter.TrellisAccountAdapter"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_RATE_LIMITS = {"login_failed": "5/5m/ip,5/5m/key", "reset_password": "5/h/ip,3/h/key"}
ACCOUNT_PASSWORD_RESET_TOKEN_GENERATOR = None
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_SESSION_REMEMBER = None
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Trellis"
# When true, vendor admins must enrol TOTP before using the console.
TRELLIS_REQUIRE_MFA_FOR_ADMINS = os.environ.get("TRELLIS_REQUIRE_MFA_FOR_ADMINS", "") == "1"

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("de", _("German")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("ja", _("Japanese")),
]
LOCALE_PATHS = [BASE_DIR / "trellis" / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns on every request otherwise
# Uploaded course content (SCORM packages, documents). Served by Trellis itself, checked.
MEDIA_ROOT = Path(os.environ.get("TRELLIS_MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Trellis <no-reply@trellis.example>")

# django-q2 with its ORM broker: the queue lives in our own database, so a
# job enqueued inside a transaction commits (or not) with the change that
# caused it. retry must exceed timeout, or a slow job runs twice.
Q_CLUSTER = {
    "name": "trellis",
    "orm": "default",
    "workers": int(os.environ.get("TRELLIS_WORKERS", "2")),
    "timeout": int(os.environ.get("TRELLIS_TASK_TIMEOUT", "60")),
    "retry": int(os.environ.get("TRELLIS_TASK_RETRY", "90")),
    "max_attempts": 5,
    "poll": float(os.environ.get("TRELLIS_TASK_POLL", "1")),
    "catch_up": False,
    "save_limit": 1000,
    "ack_failures": True,
    "label": "Tasks",
}

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # Rate-limit counters, bumped on every API call. Kept in each process's memory unless a
    # Redis is named (TRELLIS_RATE_LIMIT_REDIS_URL): a counter in the database cache cost
    # more than half of a GET's throughput. In memory, each web process counts alone, so a
    # limit allows up to workers x N; allauth's failed sign-in limit stays in the shared cache.
    "ratelimit": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["TRELLIS_RATE_LIMIT_REDIS_URL"],
        }
        if os.environ.get("TRELLIS_RATE_LIMIT_REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ratelimit"}
    ),
}

# Rate limits, counted in the default cache ("N/s", "N/m", "N/10m", "N/h", "N/d"); an empty
# value switches one off. Sign-in, password reset and web forms count per client address,
# API calls per token, web forms also per form.
TRELLIS_RATE_LIMITS = {
    "sign-in": os.environ.get("TRELLIS_RATE_SIGN_IN", "30/m"),  # an office behind one NAT
    "password-reset": os.environ.get("TRELLIS_RATE_PASSWORD_RESET", "5/h"),
    "web-form": os.environ.get("TRELLIS_RATE_WEB_FORM", "5/10m"),
    "web-form-total": os.environ.get("TRELLIS_RATE_WEB_FORM_TOTAL", "300/h"),
    "api-token": os.environ.get("TRELLIS_RATE_API_TOKEN", "1200/m"),
    # Checking certificates: an employer checks a few; guessing codes needs millions.
    "certificate-verify": os.environ.get("TRELLIS_RATE_CERTIFICATE_VERIFY", "60/10m"),
    # Applying to become a partner: a company applies once; a few retries are plenty.
    "partner-application": os.environ.get("TRELLIS_RATE_PARTNER_APPLICATION", "10/h"),
    # A departed partner's data export link: a few downloads, not guessing.
    "partner-export": os.environ.get("TRELLIS_RATE_PARTNER_EXPORT", "30/h"),
}
# The proxies (addresses or networks, comma-separated) whose X-Forwarded-For is believed when
# rate limits tell clients apart: the load balancer in front of Trellis, nothing else.
TRELLIS_TRUSTED_PROXIES = [
    p.strip() for p in os.environ.get("TRELLIS_TRUSTED_PROXIES", "").split(",") if p.strip()
]
RATELIMIT_USE_CACHE = "ratelimit"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
# Scripts only from Trellis itself, never inline (templates carry no inline script or event
# handler; a test pins it). Inline style attributes remain. Public web forms replace
# frame-ancestors with the sites each form names.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        # Course videos play from the hosts the module's address names (see learning.video).
        "frame-src": [SELF, "https://www.youtube-nocookie.com", "https://player.vimeo.com"],
        "media-src": [SELF, "https:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Invitations expire; the link works once.
TRELLIS_INVITATION_DAYS = 7
TRELLIS_BASE_URL = os.environ.get("TRELLIS_BASE_URL", "http://127.0.0.1:8000")
# The program name printed on certificates and shown to the public verification page.
TRELLIS_PROGRAM_NAME = os.environ.get("TRELLIS_PROGRAM_NAME", "Trellis Partner Program")
# How long the personal data of a departed partner's people is kept before it is anonymised.
TRELLIS_OFFBOARDED_RETENTION_DAYS = int(os.environ.get("TRELLIS_OFFBOARDED_RETENTION_DAYS", "365"))
# The month the fiscal year starts in (funds' periods: "FY2027" ends in calendar 2027).
TRELLIS_FISCAL_YEAR_START = int(os.environ.get("TRELLIS_FISCAL_YEAR_START", "1"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Business hours per partner region for SLA clocks: (time zone, opens, closes).
TRELLIS_BUSINESS_HOURS = {
    "na": ("America/New_York", 9, 17),
    "latam": ("America/Sao_Paulo", 9, 17),
    "emea": ("Europe/Berlin", 9, 17),
    "apac": ("Asia/Singapore", 9, 17),
    "default": ("UTC", 9, 17),
}
