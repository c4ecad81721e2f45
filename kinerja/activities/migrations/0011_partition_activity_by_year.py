"""PostgreSQL: ``activities_activity`` becomes a table partitioned by range on ``date``, one partition
per calendar (performance) year and a DEFAULT partition, so that no insert ever fails and an old
year can be detached and archived (``manage.py activity_partitions``, docs/scaling.md).

SQLite keeps one plain table: both directions do nothing there, and the model's state does not
change (the keys already hold the date: 0010; no foreign key points here: 0009).

Forward, in one transaction with the table locked:
* a partitioned table with the same columns, defaults, NOT NULLs and CHECK constraints
  (``LIKE … INCLUDING DEFAULTS INCLUDING CONSTRAINTS``);
* yearly partitions from 2020 to the current year + 2, and DEFAULT;
* the rows copied, the old table dropped, the new one renamed;
* the primary key becomes ``(id, date)`` and every unique constraint without the date gets it
  (``activities_activity_previous_id_key``: the one-to-one ``previous``, which Django and the
  services still keep to one next version); foreign keys and indexes are recreated from the old
  table's own definitions, with the same names (indexes on the parent are partitioned indexes);
* PostgreSQL 15 refuses identity columns on a partitioned table: ``id`` takes its default from
  the owned sequence ``activities_activity_id_seq``, which carries on from the identity's value.

Backward: a plain table again, with ``id`` an identity column carrying on from the sequence, the
primary key ``(id)`` and each unique key as the model states it.
"""

import re

from django.db import migrations
from django.utils import timezone

TABLE = "activities_activity"
FIRST_YEAR = 2020
YEARS_AHEAD = 2


def _relkind(cursor) -> str:
    cursor.execute("SELECT relkind FROM pg_class WHERE oid = to_regclass(%s)", [TABLE])
    return cursor.fetchone()[0]


def _sequence_state(cursor) -> tuple[int, bool]:
    cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [TABLE])
    (sequence,) = cursor.fetchone()
    cursor.execute(f"SELECT last_value, is_called FROM {sequence}")
    return cursor.fetchone()


def _constraints(cursor) -> list[tuple[str, str, str]]:
    """(name, type, definition) of the table's own key and foreign-key constraints; CHECK and
    NOT NULL constraints travel with ``LIKE … INCLUDING CONSTRAINTS``."""
    cursor.execute(
        """SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint
           WHERE conrelid = %s::regclass AND contype IN ('p', 'u', 'f') AND conparentid = 0
           ORDER BY contype DESC, conname""",
        [TABLE],
    )
    return cursor.fetchall()


def _plain_indexes(cursor) -> list[str]:
    """``CREATE INDEX`` statements of the indexes that back no constraint."""
    cursor.execute(
        """SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i
           WHERE i.indrelid = %s::regclass
             AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid)
           ORDER BY 1""",
        [TABLE],
    )
    # A partitioned parent's index reads "ON ONLY table": recreated on a plain table, or on a new
    # parent whose partitions should get it too, it is a plain "ON table".
    return [row[0].replace(" ON ONLY ", " ON ", 1) for row in cursor.fetchall()]


KEY = re.compile(r"^(?P<kind>PRIMARY KEY|UNIQUE(?: NULLS NOT DISTINCT)?) \((?P<columns>[^)]*)\)(?P<rest>.*)$")


def _key(definition: str) -> tuple[str, list[str], str]:
    match = KEY.match(definition)
    if match is None:
        raise ValueError(f"Unexpected key definition on {TABLE}: {definition}")
    return match["kind"], [c.strip().strip('"') for c in match["columns"].split(",")], match["rest"]


def _key_sql(kind: str, columns: list[str], rest: str) -> str:
    return f"{kind} ({', '.join(columns)}){rest}"


def _recreate(cursor, constraints, indexes, key_columns) -> None:
    for name, kind, definition in constraints:
        if kind in ("p", "u"):
            definition = _key_sql(*key_columns(*_key(definition)))
        cursor.execute(f'ALTER TABLE {TABLE} ADD CONSTRAINT "{name}" {definition}')
    for statement in indexes:
        cursor.execute(statement)


def partition(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        if _relkind(cursor) == "p":
            return
        cursor.execute(f"LOCK TABLE {TABLE} IN ACCESS EXCLUSIVE MODE")
        last_value, is_called = _sequence_state(cursor)
        constraints, indexes = _constraints(cursor), _plain_indexes(cursor)
        new = f"{TABLE}_partitioned"
        cursor.execute(
            f"CREATE TABLE {new} (LIKE {TABLE} INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY RANGE (date)"
        )
        for year in range(FIRST_YEAR, timezone.localdate().year + YEARS_AHEAD + 1):
            cursor.execute(
                f"CREATE TABLE {TABLE}_{year} PARTITION OF {new} FOR VALUES FROM (%s) TO (%s)",
                [f"{year}-01-01", f"{year + 1}-01-01"],
            )
        cursor.execute(f"CREATE TABLE {TABLE}_default PARTITION OF {new} DEFAULT")
        cursor.execute(f"INSERT INTO {new} SELECT * FROM {TABLE}")
        # No foreign key points here any more (0009), so the old table goes with its identity
        # sequence, and every name (indexes, constraints, the sequence) is free again.
        cursor.execute(f"DROP TABLE {TABLE}")
        cursor.execute(f"ALTER TABLE {new} RENAME TO {TABLE}")
        cursor.execute(f"CREATE SEQUENCE {TABLE}_id_seq AS bigint OWNED BY {TABLE}.id")
        cursor.execute(f"SELECT setval('{TABLE}_id_seq', %s, %s)", [last_value, is_called])
        cursor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN id SET DEFAULT nextval('{TABLE}_id_seq'::regclass)")

        def with_date(kind, columns, rest):
            return kind, columns if "date" in columns else [*columns, "date"], rest

        _recreate(cursor, constraints, indexes, with_date)
        cursor.execute(f"ANALYZE {TABLE}")


def unpartition(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        if _relkind(cursor) != "p":
            return
        cursor.execute(f"LOCK TABLE {TABLE} IN ACCESS EXCLUSIVE MODE")
        last_value, is_called = _sequence_state(cursor)
        constraints, indexes = _constraints(cursor), _plain_indexes(cursor)
        # The keys the model states (its unique fields and unique constraints), to take the date
        # out of those that have it only because of the partitioning.
        model = apps.get_model("activities", "Activity")
        stated = {(field.column,) for field in model._meta.local_fields if field.unique}
        stated |= {
            tuple(model._meta.get_field(name).column for name in constraint.fields)
            for constraint in model._meta.constraints
            if getattr(constraint, "fields", None)
        }

        def as_stated(kind, columns, rest):
            without_date = [c for c in columns if c != "date"]
            if tuple(columns) not in stated and tuple(without_date) in stated:
                return kind, without_date, rest
            return kind, columns, rest

        plain = f"{TABLE}_plain"
        cursor.execute(f"CREATE TABLE {plain} (LIKE {TABLE} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)")
        cursor.execute(f"ALTER TABLE {plain} ALTER COLUMN id DROP DEFAULT")
        cursor.execute(f"INSERT INTO {plain} SELECT * FROM {TABLE}")
        # Partitions and the owned sequence go with the parent; a year detached earlier
        # (activity_partitions --detach) is a table of its own and stays.
        cursor.execute(f"DROP TABLE {TABLE}")
        cursor.execute(f"ALTER TABLE {plain} RENAME TO {TABLE}")
        cursor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY")
        cursor.execute(f"SELECT setval(pg_get_serial_sequence('{TABLE}', 'id'), %s, %s)", [last_value, is_called])
        _recreate(cursor, constraints, indexes, as_stated)
        cursor.execute(f"ANALYZE {TABLE}")


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0010_activity_once_per_form_with_date"),
    ]

    operations = [migrations.RunPython(partition, unpartition, elidable=False)]
