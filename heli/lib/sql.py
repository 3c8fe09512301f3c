"""Single-row inserts and lookups with SQL built once per model, for the request hot paths.

The ORM compiles every query from scratch: on this 2-core machine that is 0.3-0.8 ms of Python per
statement, which made a one-request API create cost ~7 ms of CPU across its eight statements. These
helpers build the SQL text and the per-column value converters once per model (and database
vendor) and then only bind values. They write and read ordinary model instances with the same
field conversions the ORM applies (`get_db_prep_save` on the way in, the backend and field
converters on the way out), so the rows are indistinguishable from ORM-written ones.

Use them only where a profile shows the ORM's compile cost matters; everything else stays ORM.
"""

import json
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from functools import cache, lru_cache
from itertools import chain
from typing import Any, TypeVar

from django.db import connection
from django.db.models import Model

M = TypeVar("M", bound=Model)

# Values of these field types reach the database driver unchanged (ints, strs, bools, floats).
_PASSTHROUGH = frozenset({
    "AutoField", "BigAutoField", "SmallAutoField", "BigIntegerField", "BooleanField", "CharField",
    "EmailField", "FloatField", "ForeignKey", "IntegerField", "OneToOneField", "PositiveBigIntegerField",
    "PositiveIntegerField", "PositiveSmallIntegerField", "SlugField", "SmallIntegerField", "TextField",
})


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


@lru_cache(maxsize=256)  # keyed by row count too; bulk paths use executemany/COPY instead
def _insert_plan(model: type[Model], vendor: str, with_pk: bool, rows: int, ignore_conflicts: bool
                 ) -> tuple[str, list[Any], list[Callable[[Any], Any] | None]]:
    fields = [f for f in model._meta.concrete_fields if with_pk or not f.primary_key]
    converters: list[Callable[[Any], Any] | None] = [
        None if f.get_internal_type() in _PASSTHROUGH
        else (lambda v, f=f: f.get_db_prep_save(v, connection))
        for f in fields
    ]
    marks = "(" + ", ".join(["%s"] * len(fields)) + ")"
    sql = (f"INSERT INTO {_quote(model._meta.db_table)} ({', '.join(_quote(f.column) for f in fields)}) "
           f"VALUES {', '.join([marks] * rows)}")
    if ignore_conflicts:
        sql += " ON CONFLICT DO NOTHING"
    sql += f" RETURNING {_quote(model._meta.pk.column)}"
    return sql, fields, converters


def insert(objs: Sequence[Model], *, ignore_conflicts: bool = False) -> int:
    """INSERT unsaved instances of one model in one statement; set their pks; return rows written.

    Like `save(force_insert=True)`: `pre_save` runs per field (auto_now_add and friends), no signals.
    With `ignore_conflicts` a row hitting a unique constraint is skipped (its pk stays None); this is
    only meaningful for a single object, where the caller can tell which one it was.
    """
    if not objs:
        return 0
    model = type(objs[0])
    with_pk = objs[0].pk is not None
    sql, fields, converters = _insert_plan(model, connection.vendor, with_pk, len(objs), ignore_conflicts)
    params: list[Any] = []
    for obj in objs:
        for f, convert in zip(fields, converters, strict=True):
            value = f.pre_save(obj, True)
            params.append(value if convert is None or value is None else convert(value))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        pks = [row[0] for row in cursor.fetchall()]
    if ignore_conflicts and len(objs) > 1 and len(pks) != len(objs):
        raise ValueError("ignore_conflicts cannot tell which of several rows was skipped")
    for obj, pk in zip(objs, pks, strict=False):
        obj.pk = pk
        obj._state.adding, obj._state.db = False, connection.alias
    return len(pks)


@cache
def _select_plan(model: type[Model], related: tuple[str, ...], vendor: str
                 ) -> tuple[str, list[tuple[type[Model], list[str], list[tuple[Any, list[Any]]]]]]:
    """SELECT every concrete column of `model` (and of each forward FK in `related`, joined)."""
    parts, joins, shapes = [], [], []
    for alias, target, join in [("t0", model, None), *(
        (f"t{i}", model._meta.get_field(name).related_model, model._meta.get_field(name))
        for i, name in enumerate(related, start=1)
    )]:
        fields = list(target._meta.concrete_fields)
        parts += [f"{alias}.{_quote(f.column)}" for f in fields]
        converters = []
        for f in fields:
            col = f.get_col(alias)
            funcs = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
            converters.append((col, funcs))
        shapes.append((target, [f.attname for f in fields], converters))
        if join is not None:
            joins.append(f"INNER JOIN {_quote(target._meta.db_table)} {alias} ON "
                         f"{alias}.{_quote(target._meta.pk.column)} = t0.{_quote(join.column)}")
    sql = f"SELECT {', '.join(parts)} FROM {_quote(model._meta.db_table)} t0 {' '.join(joins)}"
    return sql, shapes


def fetch_one(model: type[M], where: str, params: Sequence[Any], *, related: tuple[str, ...] = ()
              ) -> M | None:
    """The first row matching `where` (SQL over alias `t0`) as a model instance, or None.

    `related` names forward foreign keys to load in the same query, as `select_related` would.
    """
    sql, shapes = _select_plan(model, related, connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} WHERE {where} LIMIT 1", params)
        row = cursor.fetchone()
    if row is None:
        return None
    instances, offset = [], 0
    for target, attnames, converters in shapes:
        values = list(row[offset:offset + len(attnames)])
        offset += len(attnames)
        for i, (expression, funcs) in enumerate(converters):
            for func in funcs:
                values[i] = func(values[i], expression, connection)
        instances.append(target.from_db(connection.alias, attnames, values))
    first = instances[0]
    for name, instance in zip(related, instances[1:], strict=True):
        first._state.fields_cache[name] = instance
    return first  # type: ignore[return-value]


# -- many rows without model instances ------------------------------------------------------------------
def write_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Append rows of database values: `COPY` on PostgreSQL, multi-row INSERTs on SQLite.

    The ORM's bulk_create spends ~40 µs a row preparing values field by field; bulk intake and a
    `heli tick` pass over 100,000 persons write tens of thousands of rows. The caller passes values
    the driver takes as they are (FK ids, JSON as text, datetimes adapted for SQLite: `adapt`).
    """
    names = ", ".join(_quote(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {_quote(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        batch = list(rows)
        if not batch:
            return
        # Several rows per statement: SQLite's per-statement work (reset, AUTOINCREMENT bookkeeping,
        # deferred-FK counters) is paid once per group; 9 -> 4 µs a row for need lines. Straight to
        # the driver's cursor with its own `?` marks, as COPY above: Django's cursor rewrites `%s` in
        # the statement text on every call, ~0.2 ms for a 1,000-mark statement.
        per = max(1, connection.features.max_query_params // len(columns))
        marks = "(" + ", ".join(["?"] * len(columns)) + ")"
        insert = f"INSERT INTO {_quote(table)} ({names}) VALUES "  # noqa: S608
        full = insert + ", ".join([marks] * per)
        driver = connection.connection.cursor()
        try:
            for i in range(0, len(batch), per):
                group = batch[i:i + per]
                sql = full if len(group) == per else insert + ", ".join([marks] * len(group))
                driver.execute(sql, list(chain.from_iterable(group)))  # prepared once, then cached
        finally:
            driver.close()


def adapt(value: Any) -> Any:
    """A Python value as `write_rows` needs it: JSON as text, datetimes as text on SQLite."""
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value) if connection.vendor == "sqlite" else value
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return value


def insert_rows(model: type[Model], rows: list[dict[str, Any]]) -> None:
    """`write_rows` for dicts keyed by field name (every dict with the same keys, FK values as ids)."""
    if not rows:
        return
    columns = list(rows[0])
    write_rows(model._meta.db_table, [model._meta.get_field(c).column for c in columns],
               ([adapt(row[c]) for c in columns] for row in rows))
