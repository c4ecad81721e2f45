"""Set-based inserts and updates of many rows, each with its own values.

Django's ``bulk_update`` writes one ``CASE WHEN id = … THEN …`` per field and row, which the
database evaluates row by row against the whole CASE: quadratic in the batch size. Re-running
`evaluate` over 10,000 existing evaluations took 55 s that way. ``bulk_create`` builds a model
instance per row, prepares every column of every row, and sends statements with tens of thousands
of placeholders, which psycopg's client-side binding parses placeholder by placeholder (1.5 s for
10,000 evaluations). Here one single-row statement is sent with ``executemany``: parsed once,
pipelined by psycopg on PostgreSQL and looped in C by SQLite (bench/findings.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.db import connections, router, transaction
from django.db.models import DateTimeField, Model
from django.utils import timezone


def update_rows(model: type[Model], rows: Iterable[Model], fields: Sequence[str]) -> int:
    """Writes ``fields`` of every instance in ``rows`` (matched by primary key); returns the
    number of rows sent. Signals and ``auto_now`` are not applied, as with ``bulk_update``.
    A row may be any object with ``pk`` and the fields' attribute names (a ``SimpleNamespace``
    costs far less to build than a model instance)."""
    rows = list(rows)
    if not rows:
        return 0
    connection = connections[router.db_for_write(model)]
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    q = connection.ops.quote_name
    assignments = ", ".join(f"{q(field.column)} = %s" for field in columns)
    params = [
        [*(field.get_db_prep_save(getattr(row, field.attname), connection) for field in columns), row.pk]
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {q(meta.db_table)} SET {assignments} WHERE {q(meta.pk.column)} = %s", params)
    return len(rows)


def insert_rows(
    model: type[Model], rows: Sequence[dict], *, raw: Iterable[str] = (), ignore_conflicts: bool = False
) -> int:
    """Inserts plain rows ({attname: value}, the same keys in each); returns how many.

    Only the given columns are prepared per row; the others take their default (``auto_now``
    fields the current time), prepared once. Columns named in ``raw`` hold values the database
    driver adapts as they are (int, str, Decimal, bool) and skip Django's per-value preparation,
    which dominates wide rows (the TPP month: bench scenario 7). No signals, as with ``bulk_create``.
    ``ignore_conflicts`` skips rows a unique constraint already holds (``ON CONFLICT DO
    NOTHING``, SQLite and PostgreSQL alike) and returns how many were actually inserted."""
    if not rows:
        return 0
    connection = connections[router.db_for_write(model)]
    meta = model._meta
    given = list(rows[0])
    given_fields = [meta.get_field(name) for name in given]
    given_set = {field.attname for field in given_fields}
    now = timezone.now()
    constants = []
    for field in meta.concrete_fields:
        if field.attname in given_set or field.primary_key:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = now if isinstance(field, DateTimeField) else dt.date.today()  # as DateField.pre_save
        else:
            value = field.get_default()  # as Django's own: "" for text, None where there is none
        constants.append((field, field.get_db_prep_save(value, connection)))
    q = connection.ops.quote_name
    all_fields = [*given_fields, *(field for field, _value in constants)]
    constant_params = [value for _field, value in constants]
    raw = set(raw)
    pairs = [
        (name, None if name in raw else (lambda value, field=field: field.get_db_prep_save(value, connection)))
        for name, field in zip(given, given_fields, strict=True)
    ]
    params = [[*(row[n] if p is None else p(row[n]) for n, p in pairs), *constant_params] for row in rows]
    if _copies(connection, len(params)):
        if ignore_conflicts:
            return _copy_skipping_conflicts(connection, meta.db_table, [field.column for field in all_fields], params)
        _copy_in(connection, meta.db_table, [field.column for field in all_fields], params)
        return len(rows)
    conflict = " ON CONFLICT DO NOTHING" if ignore_conflicts else ""
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {q(meta.db_table)} ({', '.join(q(field.column) for field in all_fields)}) "
            f"VALUES ({', '.join(['%s'] * len(all_fields))}){conflict}",
            params,
        )
        if ignore_conflicts and cursor.rowcount is not None and cursor.rowcount >= 0:
            return cursor.rowcount
    return len(rows)


# On PostgreSQL a large batch goes through COPY: ``executemany`` with psycopg's client-side
# binding sends every row as its own statement text, which the server parses and plans anew:
# 21,000 attendance records took 8 s that way, about 0.3 s through COPY (bench scenario 7).
COPY_FROM_ROWS = 500


def _copies(connection, count: int) -> bool:
    return connection.vendor == "postgresql" and count >= COPY_FROM_ROWS


def _copy_in(connection, table: str, columns: Sequence[str], params: Iterable[Sequence]) -> None:
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(f"COPY {q(table)} ({', '.join(q(c) for c in columns)}) FROM STDIN") as copy:
            for row in params:
                copy.write_row(row)


def _copy_skipping_conflicts(connection, table: str, columns: Sequence[str], params: Sequence[Sequence]) -> int:
    """COPY into a temporary table, then one ``INSERT … SELECT … ON CONFLICT DO NOTHING``: a
    large re-import (the history import: bench findings, 300,000 activities) is parsed and planned
    once instead of row by row. Returns how many rows were actually inserted."""
    q = connection.ops.quote_name
    staging = f"{table}_staging"
    names = ", ".join(q(c) for c in columns)
    with transaction.atomic(using=connection.alias, savepoint=False), connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS pg_temp.{q(staging)}")
        cursor.execute(f"CREATE TEMPORARY TABLE {q(staging)} AS SELECT {names} FROM {q(table)} WITH NO DATA")
        _copy_in(connection, staging, columns, params)
        cursor.execute(f"INSERT INTO {q(table)} ({names}) SELECT {names} FROM {q(staging)} ON CONFLICT DO NOTHING")
        inserted = cursor.rowcount
        cursor.execute(f"DROP TABLE {q(staging)}")
    return inserted


def upsert_rows(
    model: type[Model],
    rows: Sequence[dict],
    *,
    unique: Sequence[str],
    update: Sequence[str],
    raw: Iterable[str] = (),
    only_if: tuple[str, object] | None = None,
) -> int:
    """``INSERT … ON CONFLICT (unique) DO UPDATE SET update = excluded.update`` for plain rows
    ({attname: value}, the same keys in each): new rows are inserted and existing ones take the
    given values, so sending the same rows twice changes nothing. ``auto_now`` fields are set on
    insert and on update. ``only_if=(field, value)`` leaves an existing row whose field holds
    another value untouched (e.g. a record entered by hand). No signals, as with
    ``bulk_create(update_conflicts=True)``, which cannot say ``only_if`` and builds a model
    instance per row. SQLite loops a prepared statement in C; PostgreSQL gets the rows by COPY
    into a temporary table and one ``INSERT … SELECT``. Returns the number of rows sent."""
    if not rows:
        return 0
    connection = connections[router.db_for_write(model)]
    meta = model._meta
    q = connection.ops.quote_name
    given = list(rows[0])
    given_fields = [meta.get_field(name) for name in given]
    given_set = {field.attname for field in given_fields}
    now = timezone.now()
    constants, stamped = [], []
    for field in meta.concrete_fields:
        if field.attname in given_set or field.primary_key:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = now if isinstance(field, DateTimeField) else dt.date.today()
            if getattr(field, "auto_now", False):
                stamped.append(field)
        else:
            value = field.get_default()  # on insert only: an update leaves the other columns as they are
        constants.append((field, field.get_db_prep_save(value, connection)))
    all_fields = [*given_fields, *(field for field, _value in constants)]
    raw = set(raw)
    prep = [
        None if name in raw else (lambda value, field=field: field.get_db_prep_save(value, connection))
        for name, field in zip(given, given_fields, strict=True)
    ]
    constant_params = [value for _field, value in constants]
    params = [
        [*(row[n] if p is None else p(row[n]) for n, p in zip(given, prep, strict=True)), *constant_params]
        for row in rows
    ]
    columns = ", ".join(q(field.column) for field in all_fields)
    updated = [meta.get_field(name).column for name in update]
    updated += [field.column for field in stamped]
    conflict = (
        f"ON CONFLICT ({', '.join(q(meta.get_field(name).column) for name in unique)}) DO UPDATE SET "
        + ", ".join(f"{q(column)} = excluded.{q(column)}" for column in updated)
        + (f" WHERE {q(meta.db_table)}.{q(meta.get_field(only_if[0]).column)} = %s" if only_if else "")
    )
    condition = [meta.get_field(only_if[0]).get_db_prep_save(only_if[1], connection)] if only_if else []
    table = q(meta.db_table)
    if not _copies(connection, len(params)):
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(all_fields))}) {conflict}",
                [[*row, *condition] for row in params],
            )
        return len(rows)
    staging = q(f"{meta.db_table}_upsert")
    with transaction.atomic(using=connection.alias, savepoint=False), connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS pg_temp.{staging}")
        cursor.execute(f"CREATE TEMPORARY TABLE {staging} AS SELECT {columns} FROM {table} WITH NO DATA")
        _copy_in(connection, f"{meta.db_table}_upsert", [field.column for field in all_fields], params)
        cursor.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {staging} {conflict}", condition)
        cursor.execute(f"DROP TABLE {staging}")
    return len(rows)


def update_rows_with_history(model: type[Model], rows: Sequence[Model], fields: Sequence[str]) -> int:
    """``update_rows`` plus one historical record per row (django-simple-history), in one
    transaction: ``bulk_update_with_history`` without its quadratic UPDATE (re-importing 10,000
    changed employees took 22 s)."""
    from simple_history.utils import get_history_manager_for_model

    with transaction.atomic(savepoint=False):
        updated = update_rows(model, rows, fields)
        get_history_manager_for_model(model).bulk_history_create(rows, batch_size=500, update=True)
    return updated
