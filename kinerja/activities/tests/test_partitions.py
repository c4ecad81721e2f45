"""The activity table partitioned by year on PostgreSQL (migration 0011) and the command that keeps
its partitions (``activity_partitions``). DATABASE_URL decides the database: on SQLite the table
is one plain table and only the command's refusal is tested."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from kinerja.activities import partitions
from kinerja.activities.models import Activity

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the activity table is partitioned on PostgreSQL only"
)
# Far enough ahead that the migration never made its partition (it makes up to this year + 2).
LATER = 2090


def entry(cast, period, day: dt.date) -> Activity:
    # Written directly: the services refuse a day outside the period, which is the point here.
    return Activity.objects.create(
        instansi=cast.instansi,
        employee=cast.employee,
        period=period,
        period_key=f"{day.year}-Q1",
        date=day,
        minutes=60,
        description="Rapat koordinasi",
        verifier=cast.supervisor,
    )


def stored_in(activity: Activity) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tableoid::regclass::text FROM activities_activity WHERE id = %s AND date = %s",
            [activity.pk, activity.date],
        )
        return cursor.fetchone()[0]


def run(*args) -> str:
    out = StringIO()
    call_command("activity_partitions", *args, stdout=out)
    return out.getvalue()


@postgresql_only
def test_the_table_is_partitioned_by_range_on_date():
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT p.partstrat, a.attname FROM pg_partitioned_table p
               JOIN pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0]
               WHERE p.partrelid = 'activities_activity'::regclass"""
        )
        assert cursor.fetchall() == [("r", "date")]
        # No foreign key of the database points at it (they could not: its keys hold the date).
        cursor.execute("SELECT conname FROM pg_constraint WHERE confrelid = 'activities_activity'::regclass")
        assert cursor.fetchall() == []
        cursor.execute("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'activity_once_per_form'")
        assert cursor.fetchone()[0] == "UNIQUE (employee_id, client_token, date)"


@postgresql_only
def test_a_row_lands_in_its_years_partition_and_an_unknown_year_in_default(cast, period):
    this_year = entry(cast, period, dt.date(2026, 11, 20))
    later = entry(cast, period, dt.date(LATER, 3, 1))
    assert stored_in(this_year) == "activities_activity_2026"
    assert stored_in(later) == "activities_activity_default"
    # The id comes from the owned sequence, one after the other.
    assert later.pk == this_year.pk + 1


@postgresql_only
def test_ensure_creates_the_partition_and_moves_the_years_rows_out_of_default(cast, period):
    later = entry(cast, period, dt.date(LATER, 3, 1))
    kept = entry(cast, period, dt.date(LATER + 1, 3, 1))
    output = run("--ensure", str(LATER))
    assert f"Created activities_activity_{LATER}; 1 row(s) moved" in output
    assert stored_in(later) == f"activities_activity_{LATER}"
    assert stored_in(kept) == "activities_activity_default"
    # The new partition has the parent's keys: the client-token constraint holds there too.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_indexes WHERE tablename = %s AND indexdef LIKE '%%UNIQUE%%'",
            [f"activities_activity_{LATER}"],
        )
        assert cursor.fetchone()[0] == 3  # (id, date), (previous_id, date), once per form
    assert entry(cast, period, dt.date(LATER, 5, 1)).pk > kept.pk
    assert "exists already" in run("--ensure", str(LATER))
    listing = run()
    assert f"activities_activity_{LATER} " in listing and "activities_activity_default " in listing
    line = next(line for line in listing.splitlines() if line.startswith(f"activities_activity_{LATER} "))
    assert line.split()[1] == "2"


@postgresql_only
def test_detach_turns_a_closed_year_into_a_table_of_its_own(cast, period):
    run("--ensure", str(LATER))
    archived = entry(cast, period, dt.date(LATER, 6, 1))
    current = entry(cast, period, dt.date(2026, 11, 20))
    output = run("--detach", str(LATER))
    assert f"1 row(s) are now in the standalone table activities_activity_{LATER}_archived" in output
    assert list(Activity.objects.values_list("pk", flat=True)) == [current.pk]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, date FROM activities_activity_{LATER}_archived")
        assert cursor.fetchall() == [(archived.pk, dt.date(LATER, 6, 1))]
        cursor.execute(
            "SELECT inhrelid FROM pg_inherits WHERE inhrelid = to_regclass(%s)",
            [f"activities_activity_{LATER}_archived"],
        )
        assert cursor.fetchall() == []
    # A new entry of that year lands in DEFAULT, and the year can be detached only once.
    assert stored_in(entry(cast, period, dt.date(LATER, 7, 1))) == "activities_activity_default"
    with pytest.raises(CommandError, match="detached already"):
        run("--detach", str(LATER))


@postgresql_only
def test_an_open_year_or_a_missing_partition_is_not_detached(cast, period):
    with pytest.raises(CommandError, match="still open in 1 instansi"):
        run("--detach", "2026")
    with pytest.raises(CommandError, match=f"no partition for {LATER}"):
        run("--detach", str(LATER))


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_the_migration_goes_back_to_a_plain_table_and_forward_again(cast, period):
    first = entry(cast, period, dt.date(2026, 11, 20))
    following = entry(cast, period, dt.date(LATER, 1, 2))

    executor = MigrationExecutor(connection)
    executor.migrate([("activities", "0010_activity_once_per_form_with_date")])
    with connection.cursor() as cursor:
        cursor.execute("SELECT relkind FROM pg_class WHERE oid = 'activities_activity'::regclass")
        assert cursor.fetchone()[0] == "r"
        cursor.execute(
            "SELECT attidentity FROM pg_attribute WHERE attrelid = 'activities_activity'::regclass AND attname = 'id'"
        )
        assert cursor.fetchone()[0] == "d"  # an identity column again
        cursor.execute("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'activities_activity_pkey'")
        assert cursor.fetchone()[0] == "PRIMARY KEY (id)"
        cursor.execute(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'activities_activity_previous_id_key'"
        )
        assert cursor.fetchone()[0] == "UNIQUE (previous_id)"
        cursor.execute("SELECT id FROM activities_activity ORDER BY id")
        assert cursor.fetchall() == [(first.pk,), (following.pk,)]
    assert entry(cast, period, dt.date(2026, 11, 21)).pk == following.pk + 1  # the sequence carried on

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert partitions.is_partitioned()
    assert stored_in(first) == "activities_activity_2026" and stored_in(following) == "activities_activity_default"
    assert entry(cast, period, dt.date(2026, 11, 22)).pk == following.pk + 2
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'activities_activity_pkey'")
        assert cursor.fetchone()[0] == "PRIMARY KEY (id, date)"


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the refusal of a database without partitions")
def test_on_sqlite_the_command_says_there_is_nothing_to_manage():
    with pytest.raises(CommandError, match="PostgreSQL only"):
        run()
    with pytest.raises(CommandError, match="PostgreSQL only"):
        run("--ensure", "2027")


@pytest.mark.parametrize("option", ["--ensure", "--detach"])
def test_a_year_out_of_range_is_refused_with_a_sentence(option):
    with pytest.raises(CommandError, match="outside 1990..2200"):
        run(option, "20260")


def test_an_unknown_database_is_refused_with_a_sentence():
    with pytest.raises(CommandError, match="No database 'archive'"):
        run("--database", "archive")


@postgresql_only
def test_opening_a_year_gives_it_its_partition(cast):
    from kinerja.skp import services as skp_services

    skp_services.period_create(
        instansi=cast.instansi,
        year=LATER,
        cut="quarterly",
        planning_deadline=dt.date(LATER, 1, 31),
        closes_on=dt.date(LATER, 12, 31),
    )
    assert f"activities_activity_{LATER} " in run()
    # Opening the same year in another instansi finds the partition there already.
    partitions.ensure_for_new_year(LATER)


def test_opening_a_year_on_sqlite_manages_no_partition(cast):
    from kinerja.skp import services as skp_services

    if connection.vendor == "postgresql":
        pytest.skip("the SQLite path")
    period = skp_services.period_create(
        instansi=cast.instansi,
        year=LATER,
        cut="quarterly",
        planning_deadline=dt.date(LATER, 1, 31),
        closes_on=dt.date(LATER, 12, 31),
    )
    assert period.year == LATER
