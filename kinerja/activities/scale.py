"""Synthetic activity logs for benchmarks: 4–6 entries per working day per employee.

Written set-based: two small helper tables (working days, time slots) are crossed with the
employees in one ``INSERT … SELECT`` per batch of days, on SQLite and PostgreSQL alike; the
realization summaries are then rebuilt with one GROUP BY. 12 million rows take minutes.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection, transaction

from kinerja.skp.models import Period

from . import rules
from .services import realizations_rebuild

SLOTS = [
    ("07:30", "09:00"),
    ("09:00", "10:30"),
    ("10:30", "12:00"),
    ("13:00", "14:30"),
    ("14:30", "16:00"),
    ("16:00", "17:00"),
]


def working_days(year: int, count: int) -> list[dt.date]:
    days, day = [], dt.date(year, 1, 2)
    while len(days) < count and day.year == year:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def _skip_foreign_key_triggers(cursor) -> None:
    """On PostgreSQL, checking the foreign keys of millions of freshly generated rows at COMMIT
    took more than half of the generation time. The rows reference ids this generator has just
    read from their tables, so a superuser (the benchmark's) skips those checks for this
    transaction, as ``pg_restore --disable-triggers`` does; anyone else keeps them."""
    if connection.vendor != "postgresql":
        return
    cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    if cursor.fetchone()[0]:
        cursor.execute("SET LOCAL session_replication_role = replica")


def build_activities(*, instansi_id: int, period: Period, days: int, batch_days: int = 20) -> int:
    """Inserts the logs and rebuilds the realizations; returns the number of activity rows."""
    all_days = working_days(period.year, days)
    q = connection.ops.quote_name
    true = "TRUE" if connection.vendor == "postgresql" else "1"
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_tmp_days")
        cursor.execute("DROP TABLE IF EXISTS bench_tmp_slots")
        cursor.execute("DROP TABLE IF EXISTS bench_tmp_emp")
        cursor.execute("CREATE TABLE bench_tmp_days (n integer, day date, pkey varchar(8))")
        cursor.execute("CREATE TABLE bench_tmp_slots (n integer, s time, e time, minutes integer)")
        cursor.execute(
            "CREATE TABLE bench_tmp_emp (employee_id bigint, indicator_id bigint, verifier_id bigint, k integer)"
        )
        cursor.executemany(
            "INSERT INTO bench_tmp_slots (n, s, e, minutes) VALUES (%s, %s, %s, %s)",
            [
                (i, s, e, (int(e[:2]) * 60 + int(e[3:])) - (int(s[:2]) * 60 + int(s[3:])))
                for i, (s, e) in enumerate(SLOTS)
            ],
        )
        # Each employee logs against the first indicator of their approved SKP; k spreads 4–6 entries a day.
        cursor.execute(
            f"""INSERT INTO bench_tmp_emp (employee_id, indicator_id, verifier_id, k)
            SELECT e.id, (SELECT MIN(i.id) FROM skp_indicator i JOIN skp_rhk r ON r.id = i.rhk_id
                          JOIN skp_skp s ON s.id = r.skp_id WHERE s.employee_id = e.id AND s.period_id = %s),
                   e.supervisor_id, e.id %% 3
            FROM org_employee e WHERE e.instansi_id = %s AND e.is_active = {true}""",
            [period.pk, instansi_id],
        )
        total = 0
        for start in range(0, len(all_days), batch_days):
            chunk = all_days[start : start + batch_days]
            cursor.execute("DELETE FROM bench_tmp_days")
            cursor.executemany(
                "INSERT INTO bench_tmp_days (n, day, pkey) VALUES (%s, %s, %s)",
                [(start + i, d, rules.period_key(d, period.cut)) for i, d in enumerate(chunk)],
            )
            with transaction.atomic():
                _skip_foreign_key_triggers(cursor)
                cursor.execute(
                    f"""INSERT INTO activities_activity
                    (created_at, updated_at, instansi_id, employee_id, period_id, period_key, {q("date")}, start_time,
                     end_time, minutes, description, indicator_id, quantity, status, verifier_id, return_comment)
                    SELECT CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, %s, m.employee_id, %s, d.pkey, d.day, s.s, s.e,
                           s.minutes, 'Kegiatan rutin', m.indicator_id, (m.employee_id + d.n + s.n) %% 5 + 1,
                           CASE WHEN d.n < %s THEN 'verified' ELSE 'submitted' END, m.verifier_id, ''
                    FROM bench_tmp_emp m CROSS JOIN bench_tmp_days d CROSS JOIN bench_tmp_slots s
                    WHERE s.n < 4 + (m.k + d.n) %% 3""",
                    [instansi_id, period.pk, len(all_days) - 5],
                )
                total += cursor.rowcount
        for table in ("bench_tmp_days", "bench_tmp_slots", "bench_tmp_emp"):
            cursor.execute(f"DROP TABLE {table}")
    realizations_rebuild(instansi_id=instansi_id, period=period)
    return total
