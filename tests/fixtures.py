"""Fixtures: two partners (A and B) with people, vendor staff, tokens and a browser."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.utils import translation

from trellis.accounts.actors import actor_for_user
from trellis.accounts.models import RoleGrant, User
from trellis.accounts.services import token_create
from trellis.catalog.models import Product, ProductFamily, ProductPrice
from trellis.core.actor import Actor
from trellis.customers.models import CustomerAccount
from trellis.partners.models import Partner, PartnerTypeAssignment, Program, ProgramEnrollment, Tier
from trellis.partners.services import build_search_text

PASSWORD = "correct-horse-battery"


@dataclass
class World:
    admin: User
    cm: User
    analyst: User
    partner_a: Partner
    partner_b: Partner
    a_admin: User
    a_sales: User
    b_admin: User
    program: Program
    silver: Tier
    gold: Tier
    customer_a: CustomerAccount
    customer_b: CustomerAccount
    customer_vendor: CustomerAccount

    def actor(self, user: User) -> Actor:
        return actor_for_user(user)


def _user(email: str, roles: list[str], partner: Partner | None = None, name: str = "") -> User:
    user = User.objects.create_user(
        email, PASSWORD, full_name=name or email.split("@")[0], partner=partner
    )
    RoleGrant.objects.bulk_create(RoleGrant(user=user, role=r, partner=partner) for r in roles)
    return user


def _partner(name: str, domain: str, country: str, cm: User, kind: str = "reseller") -> Partner:
    p = Partner(
        name=name,
        legal_name=f"{name} Ltd",
        domain=domain,
        country=country,
        status="active",
        channel_manager=cm,
        website=f"https://{domain}",
    )
    p.search_text = build_search_text(p)
    p.save()
    PartnerTypeAssignment.objects.create(partner=p, partner_type=kind)
    return p


def _reference_rates() -> None:
    """The rates a new installation has (a test that flushed the database removed them)."""
    from importlib import import_module

    from django.apps import apps

    from trellis.core.models import ExchangeRate

    if not ExchangeRate.objects.exists():
        import_module("trellis.core.migrations.0007_reference_rates").load(apps, None)


@pytest.fixture
def world(db: Any) -> World:
    _reference_rates()
    admin = _user("admin@vendor.test", ["admin"], name="Vera Admin")
    cm = _user("cm@vendor.test", ["channel_manager"], name="Carl Manager")
    analyst = _user("analyst@vendor.test", ["analyst"])
    a = _partner("Alpha Systems", "alpha.test", "DE", cm)
    b = _partner("Bravo Networks", "bravo.test", "JP", cm)
    program = Program.objects.create(slug="reseller", name="Reseller program")
    silver = Tier.objects.create(program=program, name="Silver", rank=1, discount_pct=10)
    gold = Tier.objects.create(
        program=program, name="Gold", rank=2, discount_pct=20, mdf_eligible=True
    )
    ProgramEnrollment.objects.create(partner=a, program=program, tier=silver)
    ProgramEnrollment.objects.create(partner=b, program=program, tier=gold)
    family = ProductFamily.objects.create(code="platform", name="Platform")
    product = Product.objects.create(sku="PLA-001", name="Platform Standard", family=family)
    ProductPrice.objects.create(product=product, currency="USD", list_price="12000.00")
    return World(
        admin=admin,
        cm=cm,
        analyst=analyst,
        partner_a=a,
        partner_b=b,
        a_admin=_user("anna@alpha.test", ["partner_admin"], a, "Anna Alpha"),
        a_sales=_user("sam@alpha.test", ["partner_sales"], a, "Sam Sales"),
        b_admin=_user("ben@bravo.test", ["partner_admin"], b, "Ben Bravo"),
        program=program,
        silver=silver,
        gold=gold,
        customer_a=CustomerAccount.objects.create(
            name="Acme GmbH", name_normalized="acme", country="DE", owner_partner=a
        ),
        customer_b=CustomerAccount.objects.create(
            name="Globex K.K.", name_normalized="globex", country="JP", owner_partner=b
        ),
        customer_vendor=CustomerAccount.objects.create(
            name="Initech Inc.", name_normalized="initech", country="US", is_direct=True
        ),
    )


def login(client: Client, user: User) -> Client:
    client.force_login(user, backend="trellis.accounts.backends.ActiveMemberBackend")
    return client


class ApiClient:
    """A test client that sends a real bearer token, as an integration would."""

    def __init__(self, user: User) -> None:
        self.client = Client()
        self.raw = token_create(actor=actor_for_user(user), name="tests").raw

    def _headers(self, extra: dict[str, str] | None) -> dict[str, Any]:
        return {"HTTP_AUTHORIZATION": f"Bearer {self.raw}", **(extra or {})}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(path, params, **self._headers(None))

    def post(self, path: str, body: Any, headers: dict[str, str] | None = None) -> Any:
        return self.client.post(
            path, body, content_type="application/json", **self._headers(headers)
        )

    def patch(self, path: str, body: Any) -> Any:
        return self.client.patch(path, body, content_type="application/json", **self._headers(None))

    def delete(self, path: str) -> Any:
        return self.client.delete(path, **self._headers(None))


@pytest.fixture
def api_as(world: World) -> Any:
    return ApiClient


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict[str, Any]:
    path = "/usr/bin/chromium"
    if not os.path.exists(path) and not shutil.which("chromium"):
        # Never a silent skip: the browser tests are part of the suite everywhere.
        pytest.fail(
            "Chromium is missing: run `bash scripts/bootstrap.sh test` (or `make test`) "
            "to install it"
        )
    return {
        "executable_path": path,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(autouse=True, scope="session")
def _database_is_what_ci_asked_for() -> None:
    """With DATABASE_URL set, the suite must really be on PostgreSQL (never a silent SQLite)."""
    url = os.environ.get("DATABASE_URL", "")
    engine = settings.DATABASES["default"]["ENGINE"]
    if url.startswith("postgres") and "postgresql" not in engine:
        pytest.fail(f"DATABASE_URL asks for PostgreSQL but the engine is {engine}")


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    """Uploaded files (course packages, documents) land in a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_cache() -> Any:
    """Rate-limit counters live in the cache; each test starts with none."""
    from django.core.cache import cache, caches

    from trellis.core import stamps
    from trellis.cosell.selectors.matchmaking import forget_profiles
    from trellis.cosell.services import forget_vendor_index
    from trellis.customers import matcher
    from trellis.leads.selectors import forget_pools

    cache.clear()
    caches["ratelimit"].clear()  # rate-limit counters too
    stamps.forget_all()  # reference data cached under another test's (rolled-back) stamps
    matcher.reset()  # the company index must not remember another test's rolled-back accounts
    forget_pools()  # nor the routing pool another test's partners
    forget_vendor_index()  # nor account mapping another test's vendor accounts
    forget_profiles()  # nor matchmaking another test's partners
    yield
    # A request activates its caller's language for the thread and leaves it there; the
    # next test's services would speak it (a Japanese request made later messages Japanese).
    translation.deactivate()
