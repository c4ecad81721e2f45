"""The yearly partitions of ``activities_activity`` on PostgreSQL (migration 0011): list them,
create a year's partition ahead of time, detach an old year into a table of its own to archive.

Used by ``manage.py activity_partitions`` (docs/scaling.md). Every function raises
:class:`PartitionError` with a sentence for the operator, never a database traceback.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connections, transaction

from kinerja.skp.models import Period

TABLE = "activities_activity"
DEFAULT_PARTITION = f"{TABLE}_default"
# Years a partition can be made for: the performance years the application accepts, with room.
MIN_YEAR, MAX_YEAR = 1990, 2200


class PartitionError(Exception):
    pass


@dataclass(frozen=True)
class Partition:
    name: str
    bounds: str  # "FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')" or "DEFAULT"
    rows: int


def partition_name(year: int) -> str:
    return f"{TABLE}_{year}"


def archive_name(year: int) -> str:
    return f"{TABLE}_{year}_archived"


def _connection(using: str):
    if using not in connections.settings:
        raise PartitionError(f"No database {using!r} in settings.DATABASES.")
    connection = connections[using]
    if connection.vendor != "postgresql":
        raise PartitionError(
            f"Activity partitions exist on PostgreSQL only; this database is {connection.vendor} "
            "(one plain table, nothing to manage)."
        )
    return connection


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise PartitionError(f"Year {year} is outside {MIN_YEAR}..{MAX_YEAR}.")


def is_partitioned(using: str = DEFAULT_DB_ALIAS) -> bool:
    with _connection(using).cursor() as cursor:
        cursor.execute("SELECT EXISTS (SELECT 1 FROM pg_partitioned_table WHERE partrelid = to_regclass(%s))", [TABLE])
        return cursor.fetchone()[0]


def _require_partitioned(using: str) -> None:
    if not is_partitioned(using):
        raise PartitionError(f"{TABLE} is not partitioned: apply migration activities 0011 first.")


def _exists(cursor, name: str) -> bool:
    cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [name])
    return cursor.fetchone()[0]


def partition_list(*, using: str = DEFAULT_DB_ALIAS) -> list[Partition]:
    """Every attached partition with its bounds and exact row count (one COUNT per partition: an
    operator's command, not a page)."""
    _require_partitioned(using)
    with connections[using].cursor() as cursor:
        cursor.execute(
            """SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i
               JOIN pg_class c ON c.oid = i.inhrelid
               WHERE i.inhparent = %s::regclass ORDER BY c.relname""",
            [TABLE],
        )
        found = cursor.fetchall()
        partitions = []
        for name, bounds in found:
            cursor.execute(f'SELECT COUNT(*) FROM "{name}"')
            partitions.append(Partition(name=name, bounds=bounds, rows=cursor.fetchone()[0]))
    return partitions


def partition_ensure(*, year: int, using: str = DEFAULT_DB_ALIAS) -> tuple[bool, int]:
    """Creates the partition of ``year`` unless it exists; the year's rows that landed in DEFAULT
    meanwhile move into it. Returns (created, rows moved).

    PostgreSQL refuses a new partition while DEFAULT holds rows of its range, so the new table is
    filled first and then attached, with DEFAULT locked in between so that no row of that year
    arrives there meanwhile (inserts of other years into DEFAULT wait for the commit)."""
    _check_year(year)
    _require_partitioned(using)
    name = partition_name(year)
    start, end = dt.date(year, 1, 1).isoformat(), dt.date(year + 1, 1, 1).isoformat()
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        if _exists(cursor, name):
            cursor.execute(
                "SELECT EXISTS (SELECT 1 FROM pg_inherits WHERE inhrelid = %s::regclass AND inhparent = %s::regclass)",
                [name, TABLE],
            )
            if cursor.fetchone()[0]:
                return False, 0
            raise PartitionError(f"A table {name} exists but is not a partition of {TABLE}; rename or drop it first.")
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # see partition_detach
        cursor.execute(f"LOCK TABLE {DEFAULT_PARTITION} IN ACCESS EXCLUSIVE MODE")
        cursor.execute(f"CREATE TABLE {name} (LIKE {TABLE} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)")
        cursor.execute(
            f"WITH moved AS (DELETE FROM {DEFAULT_PARTITION} WHERE date >= %s AND date < %s RETURNING *) "
            f"INSERT INTO {name} SELECT * FROM moved",
            [start, end],
        )
        moved = cursor.rowcount
        # The attach creates the partitioned indexes and constraints of the parent on the table.
        cursor.execute(f"ALTER TABLE {TABLE} ATTACH PARTITION {name} FOR VALUES FROM (%s) TO (%s)", [start, end])
        cursor.execute(f"ANALYZE {name}")
    return True, moved


def ensure_for_new_year(year: int, using: str = DEFAULT_DB_ALIAS) -> None:
    """Called when a performance year is opened: on a partitioned PostgreSQL table the year gets
    its partition then, so no year's entries ever pile up in DEFAULT (the migration made them up
    to two years ahead). Nothing on SQLite or an unpartitioned table."""
    if connections[using].vendor != "postgresql" or not MIN_YEAR <= year <= MAX_YEAR or not is_partitioned(using):
        return
    partition_ensure(year=year, using=using)


def partition_detach(*, year: int, using: str = DEFAULT_DB_ALIAS) -> tuple[str, int]:
    """Detaches the partition of ``year`` into the standalone table ``activities_activity_<year>_archived``
    (to dump and drop, see docs/scaling.md). Returns (table, rows).

    Only a year closed in every instansi: its entries are no longer read by verification or
    evaluation. The rows that refer to them (evidence, status changes, comments) stay."""
    _check_year(year)
    _require_partitioned(using)
    open_periods = Period.objects.using(using).filter(year=year, is_closed=False).count()
    if open_periods:
        raise PartitionError(
            f"The performance year {year} is still open in {open_periods} instansi: close it before detaching."
        )
    name, archive = partition_name(year), archive_name(year)
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM pg_inherits WHERE inhrelid = to_regclass(%s) AND inhparent = %s::regclass)",
            [name, TABLE],
        )
        attached = cursor.fetchone()[0]
        if _exists(cursor, archive):
            raise PartitionError(
                f"{year} was detached already: the table {archive} exists (archive and drop it first)."
                if not attached
                else f"A table {archive} exists already: archive and drop it first."
            )
        if not attached:
            raise PartitionError(f"{TABLE} has no partition for {year}.")
        # ALTER TABLE refuses a table with deferred foreign-key checks pending (rows written
        # earlier in an enclosing transaction): run them now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"ALTER TABLE {TABLE} DETACH PARTITION {name}")
        cursor.execute(f"ALTER TABLE {name} RENAME TO {archive}")
        # An archived year takes no new ids: its default would tie the table to the parent's
        # sequence (and keep the parent from being dropped without it).
        cursor.execute(f"ALTER TABLE {archive} ALTER COLUMN id DROP DEFAULT")
        cursor.execute(f'SELECT COUNT(*) FROM "{archive}"')
        rows = cursor.fetchone()[0]
    return archive, rows
