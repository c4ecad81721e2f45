"""Scenario 9: the activity table partitioned by year against one plain table (PostgreSQL only).

Two years of daily work for one region: ``generate_scale`` writes the performance year 2026, and
the same entries are copied to the year before (each one 364 days earlier, the same weekday; a
closed period 2025; no indicator, as an earlier year's SKP is not this year's). Then, with fresh
statistics, on the partitioned table (migration activities 0011) and again after migrating it
back to one plain table (0010), with the same rows:

* ``manage.py evaluate`` for the instansi and 2026, first run and re-run (scenario 2), beside
  scenario 2's bare-SQL baseline (one GROUP BY of the realization figures, median of three);
* the busiest supervisor's inbox (waiting entries, and accepted entries page 20; scenario 3);
* one dashboard: the head of region's home (scenario 3), and an employee's log page 40.

On an empty, migrated PostgreSQL database (the script migrates):
``DATABASE_URL=postgres://…/kp_bench9 nice -n 19 python bench/scenario_9_partitions.py --employees 2000``
The database is left partitioned.
"""

from __future__ import annotations

import argparse
import io
import statistics
import time

from common import emit, percentile, timed
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from scenario_2_evaluation import scenario_evaluation

YEAR, EARLIER = 2026, 2025


def add_earlier_year() -> int:
    """Copies the generated year to the year before; returns the number of rows copied."""
    import datetime as dt

    from kinerja.org.models import Instansi
    from kinerja.skp.models import Period

    instansi = Instansi.objects.get(code="bench")
    current = instansi.periods.get(year=YEAR)
    earlier = Period.objects.create(
        instansi=instansi,
        year=EARLIER,
        cut=current.cut,
        planning_deadline=dt.date(EARLIER, 1, 31),
        closes_on=dt.date(EARLIER, 12, 31),
        is_closed=True,
    )
    columns = (
        "created_at, updated_at, instansi_id, employee_id, period_id, period_key, date, start_time, end_time, "
        "minutes, description, indicator_id, quantity, status, verifier_id, decided_by_id, decided_at, "
        "return_comment, quality_score, version"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO activities_activity ({columns})
            SELECT created_at - interval '364 days', updated_at - interval '364 days', instansi_id, employee_id,
                   %s, replace(period_key, %s, %s), date - 364, start_time, end_time, minutes, description, NULL,
                   quantity, CASE WHEN status = 'submitted' THEN 'verified' ELSE status END, verifier_id,
                   decided_by_id, decided_at - interval '364 days', return_comment, quality_score, version
            FROM activities_activity WHERE instansi_id = %s AND period_id = %s""",
            [earlier.pk, str(YEAR), str(EARLIER), instansi.pk, current.pk],
        )
        return cursor.rowcount


def layout() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT relkind FROM pg_class WHERE oid = 'activities_activity'::regclass")
        partitioned = cursor.fetchone()[0] == "p"
        cursor.execute("SELECT pg_total_relation_size('activities_activity')")
        size = cursor.fetchone()[0]
        if partitioned:
            cursor.execute(
                "SELECT sum(pg_total_relation_size(inhrelid)) FROM pg_inherits "
                "WHERE inhparent = 'activities_activity'::regclass"
            )
            size = cursor.fetchone()[0]
    return {"partitioned": partitioned, "table_and_indexes_mb": round(size / 2**20)}


def measure(repeat: int) -> dict:
    """Evaluation, the busiest supervisor's inbox and a dashboard on the table as it is now."""
    from django.db.models import Count

    from kinerja.accounts.models import User
    from kinerja.appraisal.models import Evaluation
    from kinerja.org.models import Employee, Instansi

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    Evaluation.objects.all().delete()  # each layout evaluates from scratch
    figures = {**layout(), "evaluation": scenario_evaluation()}
    instansi = Instansi.objects.get(code="bench")
    boss = Employee.objects.filter(instansi=instansi).annotate(n=Count("subordinates")).order_by("-n", "pk").first()
    staff = Employee.objects.filter(supervisor=boss).order_by("pk").first()

    def user(username: str, **fields) -> User:
        return User.objects.get_or_create(username=username, defaults={"instansi": instansi, **fields})[0]

    users = {
        "boss": user("bench9-boss", employee=boss),
        "staff": user("bench9-staff", employee=staff),
        "leader": user("bench9-pimpinan", role=User.Role.PIMPINAN),
    }
    clients = {}
    for name, user in users.items():
        clients[name] = Client()
        clients[name].force_login(user)
    pages = {
        f"busiest supervisor's inbox ({boss.n} subordinates, waiting)": ("boss", reverse("activities:inbox")),
        "busiest supervisor's inbox (accepted, page 20)": (
            "boss",
            reverse("activities:inbox") + "?status=verified&page=20",
        ),
        "employee activity log, page 40": ("staff", reverse("activities:home") + "?page=40"),
        "instansi dashboard (head of region home)": ("leader", reverse("core:home")),
    }
    figures["pages"] = {}
    for name, (who, url) in pages.items():
        assert clients[who].get(url).status_code == 200, url
        samples = timed(lambda c=clients[who], u=url: c.get(u), repeat)
        figures["pages"][name] = {"p50_ms": statistics.median(samples), "p95_ms": percentile(samples, 95)}
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=2000)
    parser.add_argument("--days", type=int, default=260, help="working days of each year (at most 260)")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("Scenario 9 compares PostgreSQL table layouts: set DATABASE_URL to a PostgreSQL database.")
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command(
        "generate_scale", employees=args.employees, seed=42, instansi="bench", days=args.days, stdout=io.StringIO()
    )
    copied = add_earlier_year()
    from kinerja.activities.models import Activity

    out = {
        "employees": args.employees,
        "days_per_year": args.days,
        "activities": Activity.objects.count(),
        "earlier_year_rows": copied,
        "generation_s": time.perf_counter() - started,
    }
    out["partitioned"] = measure(args.repeat)
    start = time.perf_counter()
    call_command("migrate", "activities", "0010", verbosity=0)
    out["unpartition_s"] = time.perf_counter() - start
    out["unpartitioned"] = measure(args.repeat)
    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    out["partition_s"] = time.perf_counter() - start
    emit(out)


if __name__ == "__main__":
    main()
