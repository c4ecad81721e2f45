"""Scenario 6: rows per second of ``generate_scale`` (it builds the data the other scenarios use).

Alone: ``DATABASE_URL=… python bench/scenario_6_generation.py --employees 10000 --days 240``
(on an empty, migrated database).
"""

from __future__ import annotations

import argparse
import io
import time

from common import emit
from django.core.management import call_command
from django.db import connection


def scenario_generation(employees: int, days: int) -> dict:
    """Rows per second of generate_scale; baseline: a bare executemany of as many narrow rows."""
    start = time.perf_counter()
    call_command("generate_scale", employees=employees, seed=42, instansi="bench", days=days, stdout=io.StringIO())
    elapsed = time.perf_counter() - start
    from kinerja.activities.models import Activity
    from kinerja.org.models import Employee, Unit
    from kinerja.skp.models import BehaviourExpectation, Indicator, Rhk, Skp

    rows = sum(m.objects.count() for m in (Employee, Unit, Skp, Rhk, Indicator, BehaviourExpectation, Activity))
    # The baseline's rate on up to 500,000 rows: a list of 12 million tuples took 2 GB, which the
    # `evaluate` child process then inherited and was counted for.
    sample = min(rows, 500_000)
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_baseline (id integer PRIMARY KEY, name varchar(100), n integer)")
        start = time.perf_counter()
        cursor.executemany(
            "INSERT INTO bench_baseline (id, name, n) VALUES (%s, %s, %s)", [(i, f"row {i}", i) for i in range(sample)]
        )
        baseline = time.perf_counter() - start
        cursor.execute("DROP TABLE bench_baseline")
    return {
        "seconds": elapsed,
        "rows": rows,
        "activities": Activity.objects.count(),
        "rows_per_s": rows / elapsed,
        "baseline_rows_per_s": sample / baseline,
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=10000)
    parser.add_argument("--days", type=int, default=240)
    args = parser.parse_args()
    emit(scenario_generation(args.employees, args.days))
