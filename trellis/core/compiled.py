"""ORM statements compiled once per process, then run again with new values.

On the API's hot path the ORM spends more CPU building and compiling a
statement (0.5-1.5 ms on a small machine) than sending it and reading its rows
(~0.2 ms). A compiled read is an ordinary queryset, built once with marker
values in place of the caller's. Its SQL, the places of the markers among its
parameters and its row converters are kept per database, and each call sends
that SQL with the caller's values. The SQL is the ORM's own, so it stays right
for either database, and it goes through Django's cursor (query logging and
counting see it). A marker the ORM rewrote instead of passing it through (a
LIKE pattern, a value folded into the SQL) fails loudly on first use.

Values are ints and strings, or lists of them (``sku__in``): each list length
is compiled once.

``insert_new`` does the same for inserting new instances: the ORM renders the
INSERT for a model and a number of rows once, and its parameters are checked
against the ones this module builds, so both always agree.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connections, models, router, transaction
from django.db.models import Model, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.query import (
    FlatValuesListIterable,
    ModelIterable,
    ValuesListIterable,
    get_related_populators,
)
from django.db.models.sql import InsertQuery
from django.db.models.sql.compiler import SQLCompiler
from django.db.transaction import TransactionManagementError

_INT_MARKER = -(2**62)  # far below any id or count a caller passes
_STR_MARKER = "\u2063compiled-read-marker-{}\u2063"


def _shape(values: Sequence[Any]) -> tuple[Any, ...]:
    """What the SQL depends on: each value's type, and each list's length."""
    shape: list[Any] = []
    for value in values:
        if isinstance(value, list | tuple):
            if not value:
                raise ValueError(
                    "A compiled read cannot take an empty list: there is nothing to look up."
                )
            kinds = {type(v) for v in value}
            if len(kinds) > 1 or not kinds <= {int, str}:
                raise TypeError("A compiled read takes lists of ints or of strings, not mixed.")
            shape.append((kinds.pop() if kinds else int, len(value)))
        elif type(value) in (int, str):
            shape.append(type(value))
        else:
            raise TypeError(
                f"A compiled read takes ints, strings or lists of them, not {type(value)}."
            )
    return tuple(shape)


def _markers(shape: tuple[Any, ...]) -> tuple[list[Any], list[Any]]:
    """Marker values for ``shape``: as the builder is called, and flattened in order."""
    counter = itertools.count(1)

    def one(kind: type) -> Any:
        n = next(counter)
        return _INT_MARKER - n if kind is int else _STR_MARKER.format(n)

    args: list[Any] = []
    for item in shape:
        args.append(
            [one(item[0]) for _ in range(item[1])] if isinstance(item, tuple) else one(item)
        )
    flat = [m for a in args for m in (a if isinstance(a, list) else [a])]
    return args, flat


@dataclass(frozen=True)
class _Plan:
    db: str
    sql: str
    params: tuple[Any, ...]
    slots: tuple[tuple[int, ...], ...]  # where each caller value goes among the parameters
    compiler: SQLCompiler
    converters: dict[int, Any]
    for_update: bool
    model_parts: tuple[Any, ...] | None  # model reads: class, columns, slice, related, annotations
    flat: bool


class CompiledRead:
    """A read whose queryset ``build(*values)`` is compiled once per database and shape of values.

    ``build`` must return the same query for any values (only the values
    differ): no branching on them. Model querysets give instances (with any
    ``select_related`` objects and annotations), ``values_list`` ones tuples,
    ``flat=True`` single values.
    """

    def __init__(self, build: Callable[..., QuerySet[Any]]) -> None:
        self._build = build
        self._plans: dict[tuple[Any, ...], _Plan] = {}

    def all(self, *values: Any) -> list[Any]:
        shape = _shape(values)
        plan = self._plans.get(shape) or self._compile(shape)
        connection = connections[plan.db]
        if (
            plan.for_update
            and connection.features.has_select_for_update
            and connection.get_autocommit()
        ):
            raise TransactionManagementError(
                "select_for_update cannot be used outside of a transaction."
            )
        params = list(plan.params)
        flat = [
            v for value in values for v in (value if isinstance(value, list | tuple) else [value])
        ]
        for places, value in zip(plan.slots, flat, strict=True):
            for place in places:
                params[place] = value
        rows = _send(connection, plan.sql, params)
        if plan.converters:
            rows = [tuple(r) for r in plan.compiler.apply_converters(rows, plan.converters)]
        if plan.model_parts is not None:
            return self._instances(plan.db, plan.model_parts, rows)
        if plan.flat:
            return [row[0] for row in rows]
        return rows

    def first(self, *values: Any) -> Any:
        """The first row, or None (the queryset orders and slices; nothing is added here)."""
        found = self.all(*values)
        return found[0] if found else None

    def _compile(self, shape: tuple[Any, ...]) -> _Plan:
        # Two threads may compile the same shape at once; both plans are the same.
        args, flat = _markers(shape)
        queryset = self._build(*args)
        iterable = queryset._iterable_class
        if iterable not in (ModelIterable, ValuesListIterable, FlatValuesListIterable):
            raise TypeError("A compiled read returns instances, values_list tuples or flat values.")
        db = queryset.db
        compiler = queryset.query.get_compiler(using=db)
        sql, params = compiler.as_sql()
        slots = []
        for marker in flat:
            places = [i for i, p in enumerate(params) if type(p) is type(marker) and p == marker]
            if not places:
                raise ValueError(
                    f"The ORM did not pass value {marker!r} through as a parameter of {sql}: "
                    "compile this read without it (a LIKE lookup, an expression)."
                )
            slots.append(tuple(places))
        columns = [s[0] for s in compiler.select[: compiler.col_count]]
        model_parts = None
        if iterable is ModelIterable:
            model_parts = self._model_parts(compiler, db)
        plan = _Plan(
            db, sql, tuple(params), tuple(slots), compiler, compiler.get_converters(columns),
            bool(queryset.query.select_for_update), model_parts, iterable is FlatValuesListIterable,
        )  # fmt: skip
        self._plans[shape] = plan
        return plan

    @staticmethod
    def _model_parts(compiler: SQLCompiler, db: str) -> tuple[Any, ...]:
        # As django.db.models.query.ModelIterable builds instances, without re-deciding it per row.
        select, klass_info = compiler.select, compiler.klass_info
        assert klass_info is not None
        fields = klass_info["select_fields"]
        start, end = fields[0], fields[-1] + 1
        columns = [f[0].target.attname for f in select[start:end]]
        annotations = tuple(compiler.annotation_col_map.items())
        return (
            klass_info["model"],
            columns,
            start,
            end,
            get_related_populators(klass_info, select, db),  # type: ignore[call-arg]  # Django 5.2: (klass_info, select, db)
            annotations,
        )

    @staticmethod
    def _instances(db: str, parts: tuple[Any, ...], rows: list[Any]) -> list[Any]:
        model, columns, start, end, populators, annotations = parts
        found = []
        for row in rows:
            obj = model.from_db(db, columns, row[start:end])
            for populator in populators:
                populator.populate(row, obj)
            for name, position in annotations:
                setattr(obj, name, row[position])
            found.append(obj)
        return found


def _send(connection: Any, sql: str, params: list[Any]) -> list[Any]:
    """Run ``sql`` and read its rows, with the checks Django's cursor makes.

    When nobody watches the queries (no query log or capture, no execute
    wrapper), the driver's cursor is kept per connection and used directly:
    Django's cursor wrapper costs about as much again as the driver itself for
    a statement that is already compiled.
    """
    if connection.queries_logged or connection.execute_wrappers:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return list(cursor.fetchall())
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    connection.validate_no_broken_transaction()
    kept = getattr(connection, "_compiled_cursor", None)
    if kept is None or kept[0] is not connection.connection:
        kept = connection._compiled_cursor = (connection.connection, connection.create_cursor())
    cursor = kept[1]
    with connection.wrap_database_errors:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


# --- inserts --------------------------------------------------------------------

# (alias, model, rows) -> (sql, layout): how the ORM laid the values out for that insert.
_INSERTS: dict[tuple[str, type[Model], int, bool], tuple[str, str]] = {}


# Django's own field classes whose preparation hands a value of one type back
# unchanged (the database driver adapts it): a string to a text column, a bool
# to a boolean one. Only exact classes: a subclass may prepare differently.
_TEXT = (models.CharField, models.TextField, models.EmailField, models.SlugField, models.URLField)
# ... and these hand None back as None (NULL).
_NULL_AS_IS = (
    *_TEXT, models.ForeignKey, models.OneToOneField, models.IntegerField,
    models.BigIntegerField, models.SmallIntegerField, models.PositiveIntegerField,
    models.PositiveSmallIntegerField, models.PositiveBigIntegerField, models.FloatField,
    models.DecimalField, models.DateField, models.DateTimeField,
)  # fmt: skip


def _unchanged(field: Any) -> tuple[type | None, bool, bool]:
    """The type of value ``field`` hands back as it is, whether None is handed back
    too, and whether the field works its value out on save (``pre_save``)."""
    kind = type(field)
    passes = str if kind in _TEXT else bool if kind is models.BooleanField else None
    none_passes = kind in _NULL_AS_IS
    return passes, none_passes, kind.pre_save is not models.Field.pre_save


def _value_rows(
    objs: Sequence[Model], fields: list[Any], connection: Any, *, pre_save: bool = True
) -> list[list[Any]]:
    # What SQLInsertCompiler.as_sql does per value, for plain values (no expressions);
    # a value its field would hand back unchanged skips the field's preparation.
    plan = [(field, field.attname, *_unchanged(field)) for field in fields]  # ~1 µs a field
    rows = []
    for obj in objs:
        row = []
        for field, attname, passes, none_passes, own_pre_save in plan:
            if pre_save and own_pre_save:
                value = field.pre_save(obj, add=True)
            else:
                value = getattr(obj, attname)
            if type(value) is passes or (value is None and none_passes):
                row.append(value)
                continue
            if hasattr(value, "resolve_expression"):
                raise TypeError(
                    f"insert_new takes plain values, not an expression for {field.name}."
                )
            row.append(field.get_db_prep_save(value, connection=connection))
        rows.append(row)
    return rows


def _laid_out(layout: str, rows: list[list[Any]]) -> list[Any]:
    if layout == "rows":
        return [v for row in rows for v in row]
    return [list(column) for column in zip(*rows, strict=True)]  # PostgreSQL's UNNEST form


def _same(ours: Sequence[Any], theirs: Sequence[Any]) -> bool:
    # JSON values travel wrapped (psycopg's Jsonb), which compares by identity: compare what they wrap.
    def plain(value: Any) -> Any:
        if isinstance(value, list):
            return [plain(v) for v in value]
        return (type(value), value.obj) if hasattr(value, "obj") else value

    return len(ours) == len(theirs) and all(
        plain(a) == plain(b) for a, b in zip(ours, theirs, strict=True)
    )


def insert_new(objs: Sequence[Model]) -> None:
    """Insert new instances of one model in one statement and set their ids, as ``bulk_create`` would.

    The INSERT is rendered by the ORM once per model and number of rows; later
    calls send the same SQL with their values. No signals are sent (as with
    ``bulk_create``); database constraints hold as ever (an IntegrityError
    comes out of here).
    """
    if not objs:
        return
    db = router.db_for_write(type(objs[0]))
    connection = connections[db]
    sql, params = _insert(objs, db, connection, with_pk=False)
    _took_ids(objs, _send(connection, sql, params), db)


def insert_new_together(
    parent: Model, then: Callable[[], Sequence[Sequence[Model]]], *, drawn_id: int | None = None
) -> None:
    """Insert ``parent``, then the rows ``then()`` builds once it has its id: all of them or none.

    ``then`` returns groups of new instances, one model per group (empty groups
    are skipped). On PostgreSQL the parent's id is drawn from its sequence
    first, and every row goes in one statement: each group's INSERT is a
    data-modifying WITH clause of it. One statement is atomic on its own, so
    a registration with its lines, claim, audit events and queued task costs
    two round trips instead of one per model plus BEGIN and COMMIT (round
    trips are most of what the database costs the API). Elsewhere: one insert
    per group, in a transaction. ``drawn_id`` is an id the caller already drew
    from the parent's sequence with a statement it sends anyway (see
    ``next_id_expression``), saving the round trip that draws one.
    """
    model = type(parent)
    if parent.pk is not None:
        raise TypeError("insert_new_together takes a new instance (no primary key set).")
    db = router.db_for_write(model)
    connection = connections[db]
    groups: list[list[Model]] = [[parent]]
    try:
        if connection.vendor == "postgresql":
            parent.pk = drawn_id if drawn_id is not None else _next_id(connection, model)
            groups += [list(group) for group in then() if group]
            _insert_in_one_statement(groups, db, connection)
        else:
            if drawn_id is not None:
                raise ValueError("Only PostgreSQL draws ids before the insert.")
            with transaction.atomic(using=db):
                insert_new([parent])
                for group in then():
                    groups.append(list(group))
                    insert_new(group)
    except BaseException:
        for obj in (obj for group in groups for obj in group):  # nothing was written
            obj.pk = None
            obj._state.adding = True
        raise


def _insert_in_one_statement(groups: list[list[Model]], db: str, connection: Any) -> None:
    _let_psycopg_keep_long_statements()
    clauses, params, selects = [], [], []
    for n, group in enumerate(groups):
        group_db = router.db_for_write(type(group[0]))
        if group_db != db:
            raise ValueError("insert_new_together writes to one database.")
        sql, group_params = _insert(group, db, connection, with_pk=group is groups[0])
        pk_column = connection.ops.quote_name(str(type(group[0])._meta.pk.column))
        clauses.append(f"g{n} AS ({sql})")
        selects.append(f"SELECT {n}, {pk_column} FROM g{n}")  # noqa: S608  (names from the models)
        params += group_params
    rows = _send(connection, f"WITH {', '.join(clauses)} {' UNION ALL '.join(selects)}", params)
    for n, group in enumerate(groups):
        # Each INSERT returns its ids in the order of its rows, as bulk_create relies on.
        _took_ids(group, [(pk,) for g, pk in rows if g == n], db)


# psycopg parses each statement for its placeholders, and keeps the result only for
# statements under 4 KB with at most 50 parameters (ORMs vary long INSERTs endlessly).
# A chained insert passes both limits but is the same text on every call: without
# this, parsing it again took a fifth of the CPU psycopg spends on a registration.
# psycopg still bounds the cache at 128 statements.
_PSYCOPG_KEEPS = {"MAX_CACHED_STATEMENT_LENGTH": 32768, "MAX_CACHED_STATEMENT_PARAMS": 1000}


def _let_psycopg_keep_long_statements() -> None:
    from psycopg import _queries

    for name, limit in _PSYCOPG_KEEPS.items():
        if getattr(_queries, name) < limit:
            setattr(_queries, name, limit)


# (alias, model) -> the statement that draws the next id from the model's sequence
_NEXT_ID: dict[tuple[str, type[Model]], str] = {}


def _next_id(connection: Any, model: type[Model]) -> int:
    key = (connection.alias, model)
    sql = _NEXT_ID.get(key)
    if sql is None:
        sql = _NEXT_ID[key] = f"SELECT {_nextval(connection, model)}"
    [(pk,)] = _send(connection, sql, [])
    return int(pk)


def _nextval(connection: Any, model: type[Model]) -> str:
    meta = model._meta
    table = connection.ops.quote_name(meta.db_table).replace("'", "''")
    return f"nextval(pg_get_serial_sequence('{table}', '{meta.pk.column}'))"


def next_id_expression(model: type[Model]) -> RawSQL | None:
    """An expression drawing ``model``'s next id, to annotate a read the caller sends anyway
    (for ``insert_new_together(drawn_id=...)``); None where ids are only handed out on insert."""
    connection = connections[router.db_for_write(model)]
    if connection.vendor != "postgresql":
        return None
    return RawSQL(_nextval(connection, model), [], output_field=models.BigIntegerField())  # noqa: S611


def _insert(
    objs: Sequence[Model], db: str, connection: Any, *, with_pk: bool
) -> tuple[str, list[Any]]:
    """The INSERT for ``objs`` (new instances of one model), returning their ids, and its parameters."""
    model = type(objs[0])
    meta = model._meta
    if any(type(obj) is not model or (obj.pk is not None) is not with_pk for obj in objs):
        raise TypeError(
            "insert_new takes new instances of one model (no primary key set)."
            if not with_pk
            else "An insert with ids takes instances of one model, each with its id."
        )
    for obj in objs:
        obj._prepare_related_fields_for_save(operation_name="insert_new")  # type: ignore[attr-defined]
    fields = [
        f for f in meta.local_concrete_fields
        if not f.generated and (with_pk or f is not meta.auto_field)
    ]  # fmt: skip
    key = (db, model, len(objs), with_pk)
    known = _INSERTS.get(key)
    if known is None:
        query = InsertQuery(model)
        query.insert_values(fields, list(objs))
        compiler = query.get_compiler(using=db)
        compiler.returning_fields = [meta.pk]
        [(sql, params)] = compiler.as_sql()  # stamps auto_now_add fields on the objects
        rows = _value_rows(objs, fields, connection, pre_save=False)
        layout = next(
            (name for name in ("rows", "columns") if _same(_laid_out(name, rows), params)), None
        )
        if layout is None:
            raise ValueError(f"insert_new cannot lay out the values of {sql} as the ORM does.")
        known = _INSERTS[key] = (sql, layout)
    else:
        rows = _value_rows(objs, fields, connection)
    sql, layout = known
    return sql, _laid_out(layout, rows)


def _took_ids(objs: Sequence[Model], ids: Sequence[Sequence[Any]], db: str) -> None:
    for obj, (pk,) in zip(objs, ids, strict=True):
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = db
