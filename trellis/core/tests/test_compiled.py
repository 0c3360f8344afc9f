"""Compiled reads give what the ORM gives, on either database, and refuse what they cannot keep."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Q
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext

from tests.fixtures import World
from trellis.accounts.models import RoleGrant
from trellis.catalog.models import Product, ProductFamily
from trellis.core import events
from trellis.core.actor import SYSTEM
from trellis.core.compiled import CompiledRead, insert_new, insert_new_together
from trellis.core.models import DomainEvent
from trellis.partners.models import Partner

pytestmark = pytest.mark.django_db

PRODUCTS = CompiledRead(
    lambda skus: (
        Product.objects.filter(sku__in=skus, is_active=True)
        .select_related("family")
        .order_by("sku")
    )
)
ROLES = CompiledRead(
    lambda user_id: (
        RoleGrant.objects.filter(user_id=user_id).order_by("role").values_list("role", flat=True)
    )
)
EVENTS = CompiledRead(
    lambda verb, object_id: (
        DomainEvent.objects.filter(verb=verb, object_id=object_id)
        .order_by("pk")
        .values_list("occurred_at", "after", "partner_id")
    )
)


def test_instances_come_with_their_related_objects_and_each_list_length_compiles_once(
    world: World,
) -> None:
    family = ProductFamily.objects.create(code="security", name="Security")
    for sku in ("SEC-001", "SEC-002", "SEC-003"):
        Product.objects.create(sku=sku, name=sku, family=family)
    found = PRODUCTS.all(["SEC-002", "PLA-001", "NOPE"])
    assert [(p.sku, p.family.name) for p in found] == [
        ("PLA-001", "Platform"),
        ("SEC-002", "Security"),
    ]
    with CaptureQueriesContext(connection) as queries:  # the family came with the product
        assert found[1].family.code == "security"
    assert len(queries) == 0
    assert [p.sku for p in PRODUCTS.all(["SEC-003"])] == ["SEC-003"]
    assert [p.sku for p in PRODUCTS.all(["SEC-001", "SEC-003"])] == ["SEC-001", "SEC-003"]
    assert found[0]._state.adding is False and found[0]._state.db == "default"


def test_flat_values_and_converted_columns_match_the_orm(world: World) -> None:
    assert ROLES.all(world.a_admin.pk) == ["partner_admin"]
    assert ROLES.all(-1) == []
    with transaction.atomic():
        events.record(SYSTEM, "test.compiled", world.partner_a, after={"n": 1, "words": ["ü"]})
    orm = list(
        DomainEvent.objects.filter(verb="test.compiled", object_id=str(world.partner_a.pk))
        .order_by("pk")
        .values_list("occurred_at", "after", "partner_id")
    )
    compiled = EVENTS.all("test.compiled", str(world.partner_a.pk))
    assert compiled == orm
    occurred_at, after, _partner = compiled[0]
    assert isinstance(occurred_at, dt.datetime) and occurred_at.tzinfo is not None
    assert after == {"n": 1, "words": ["ü"]}


def test_annotations_land_on_instances(world: World) -> None:
    read = CompiledRead(
        lambda pk: Partner.objects.filter(pk=pk).annotate(n_users=Count("users")).order_by("pk")
    )
    partner = read.first(world.partner_a.pk)
    assert partner.name == "Alpha Systems" and partner.n_users == 2
    assert read.first(-5) is None


def test_a_value_used_twice_fills_both_places(world: World) -> None:
    world.partner_b.parent = world.partner_a
    world.partner_b.save()
    family = CompiledRead(
        lambda own: (
            Partner.objects.filter(Q(pk=own) | Q(parent_id=own))
            .order_by("name")
            .values_list("name", flat=True)
        )
    )
    assert family.all(world.partner_a.pk) == ["Alpha Systems", "Bravo Networks"]
    assert family.all(world.partner_b.pk) == ["Bravo Networks"]


def test_each_call_is_one_statement_seen_by_query_capture(world: World) -> None:
    ROLES.all(world.cm.pk)
    with CaptureQueriesContext(connection) as queries:
        ROLES.all(world.cm.pk)
    assert len(queries) == 1 and "accounts_rolegrant" in queries[0]["sql"]


def test_a_value_the_orm_rewrites_is_refused_at_first_use(world: World) -> None:
    like = CompiledRead(lambda name: Partner.objects.filter(name__icontains=name))
    with pytest.raises(ValueError, match="did not pass value"):
        like.all("Alpha")


def test_values_of_other_types_and_empty_lists_are_refused(world: World) -> None:
    with pytest.raises(TypeError):
        ROLES.all(dt.date.today())
    with pytest.raises(TypeError):
        PRODUCTS.all(["A", 1])
    with pytest.raises(ValueError, match="empty list"):
        PRODUCTS.all([])


@pytest.mark.django_db(transaction=True)
def test_a_locking_read_needs_a_transaction_every_time(world: World) -> None:
    locked = CompiledRead(
        lambda pk: Partner.objects.select_for_update().filter(pk=pk).values_list("pk")
    )
    with transaction.atomic():
        assert locked.all(world.partner_a.pk) == [(world.partner_a.pk,)]
    if connection.features.has_select_for_update:
        with pytest.raises(TransactionManagementError):
            locked.all(world.partner_a.pk)


def test_new_instances_are_inserted_as_the_orm_would_and_get_their_ids(world: World) -> None:
    made = [
        events.build(SYSTEM, "test.inserted", world.partner_a, after={"n": n, "text": "ä"})
        for n in range(3)
    ]
    for batch in (made[:1], made[1:]):  # one row, then several (PostgreSQL sends those as arrays)
        insert_new(batch)
        insert_new([events.build(SYSTEM, "test.other", world.partner_b)])
    stored = {e.pk: e for e in DomainEvent.objects.filter(verb="test.inserted")}
    assert sorted(stored) == sorted(e.pk for e in made)
    for event in made:
        assert event._state.adding is False
        assert stored[event.pk].after == event.after
        assert (
            stored[event.pk].occurred_at == event.occurred_at
        )  # stamped once, kept on the instance


def test_an_insert_that_breaks_a_constraint_fails_and_writes_nothing(world: World) -> None:
    family = ProductFamily.objects.get(code="platform")
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_new(
            [
                Product(sku="NEW-1", name="New", family=family),
                Product(sku="PLA-001", name="Twin", family=family),
            ]
        )
    assert not Product.objects.filter(sku="NEW-1").exists()


def test_a_parent_and_the_rows_that_name_it_are_written_together_with_their_ids(
    world: World,
) -> None:
    family = ProductFamily(code="robotics", name="Robotics")
    products = [Product(sku=f"ROB-{n}", name=f"Robot {n}", family=family) for n in (1, 2, 3)]
    made: list[DomainEvent] = []

    def with_its_id() -> list[list[Any]]:
        made.append(events.build(SYSTEM, "test.family", family, after={"code": family.code}))
        return [products, [], made]

    with CaptureQueriesContext(connection) as queries:
        insert_new_together(family, with_its_id)
    # PostgreSQL: the family's id, then one statement; elsewhere an insert per model in a transaction
    assert len(queries) == (2 if connection.vendor == "postgresql" else 3 + 2)
    stored = ProductFamily.objects.get(code="robotics")
    assert stored.pk == family.pk and family._state.adding is False
    by_sku = dict(Product.objects.filter(family=stored).values_list("sku", "pk"))
    assert by_sku == {p.sku: p.pk for p in products}  # each id on its own row
    [event] = DomainEvent.objects.filter(verb="test.family")
    assert (event.pk, event.object_id, event.after) == (
        made[0].pk,
        str(family.pk),
        {"code": "robotics"},
    )


@pytest.mark.django_db(transaction=True)
def test_rows_written_together_land_all_or_none_without_a_transaction_around_them() -> None:
    existing = ProductFamily.objects.create(code="platform", name="Platform")
    Product.objects.create(sku="PLA-001", name="Platform", family=existing)
    family = ProductFamily(code="robotics", name="Robotics")
    twin = Product(sku="PLA-001", name="Twin", family=family)  # breaks the unique SKU
    assert connection.get_autocommit()
    with pytest.raises(IntegrityError):
        insert_new_together(family, lambda: [[Product(sku="ROB-1", name="R", family=family), twin]])
    assert not ProductFamily.objects.filter(code="robotics").exists()
    assert not Product.objects.filter(sku="ROB-1").exists()
    assert family.pk is None and family._state.adding and twin.pk is None
    insert_new_together(family, lambda: [])  # the same instance can still be written
    assert ProductFamily.objects.filter(pk=family.pk, code="robotics").exists()


def test_writing_together_takes_a_new_parent(world: World) -> None:
    with pytest.raises(TypeError):
        insert_new_together(world.partner_a, lambda: [])


def test_insert_takes_only_new_instances_of_one_model(world: World) -> None:
    with pytest.raises(TypeError):
        insert_new([world.partner_a])
    family = ProductFamily.objects.get(code="platform")
    with pytest.raises(TypeError):
        insert_new([Product(sku="X", name="X", family=family), ProductFamily(code="x", name="X")])


def test_values_skip_preparation_only_where_the_field_would_hand_them_back_unchanged(
    world: World,
) -> None:
    from decimal import Decimal

    from django.utils.translation import gettext_lazy

    from trellis.core.compiled import _value_rows
    from trellis.customers.models import CustomerAccount
    from trellis.deals.models import DealRegistration

    account = CustomerAccount.objects.create(name="Prep Check", country="DE")
    deal = DealRegistration(
        partner=world.partner_a, program_id=world.program.pk, customer=account,
        customer_name="", customer_domain="", customer_country="DE",
        customer_city="Köln", contact_email="a@b.de", amount=Decimal("10.50"), currency="EUR",
        expected_close=dt.date(2030, 1, 2), deal_type="new", sourced=True, description="ä\u2063",
        submitted_at=dt.datetime(2030, 1, 1, tzinfo=dt.UTC), match_score=0.5,
        match_evidence=["same domain"], check_reasons=[], related_deals=[{"id": 1}],
        extensions_used=2,
    )  # fmt: skip
    deal.customer_name = gettext_lazy("Lazy text")  # type: ignore[assignment]  # a str-like that is not a str
    event = events.build(SYSTEM, "test.prep", world.partner_a, after={"n": None})
    for obj in (deal, event, account):
        fields = [
            f
            for f in type(obj)._meta.local_concrete_fields
            if not getattr(f, "auto_now", False) and not getattr(f, "auto_now_add", False)
            and f is not type(obj)._meta.auto_field
        ]  # fmt: skip
        [fast] = _value_rows([obj], fields, connection)
        slow = [f.get_db_prep_save(f.pre_save(obj, add=True), connection) for f in fields]
        # psycopg wraps JSON for the driver and wrapped values compare by identity: compare what they wrap.
        plain = [(type(v), getattr(v, "obj", v)) for v in slow]
        assert [(type(v), getattr(v, "obj", v)) for v in fast] == plain
